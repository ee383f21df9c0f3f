/**
 * @module Execution and access logs: what a stage with logging on writes to CloudWatch Logs
 * (`API-Gateway-Execution-Logs_{apiId}/{stage}`; access logs to the configured group, in its format).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html#context-variable-reference
 */
import { randomHex } from '../../../core/ids.js'
import type { CloudContext, CloudResponse } from '../../../core/types.js'
import { settingsFor } from '../api/stage-settings.js'
import type { Invocation } from './context.js'
import { formatRequestTime } from './vtl.js'

/** Record an execution log line (ERROR lines also go to the cloud's own log). */
export function execLog(inv: Invocation, message: string, level: 'INFO' | 'ERROR' = 'INFO'): void {
  if (level === 'INFO' && inv.logLevel !== undefined && inv.logLevel !== 'INFO') return
  inv.logLines.push({ level, message, at: Date.now() })
  if (level === 'ERROR') inv.ctx.log(`apigateway ${inv.apiId}/${inv.stageName}: ${message}`)
}

/** One log stream per log group and cloud run, named like AWS's (32 hex characters). */
function streamFor(streams: Map<string, string>, group: string): string {
  let name = streams.get(group)
  if (!name) {
    name = randomHex(32)
    streams.set(group, name)
  }
  return name
}

/**
 * Write `messages` to `group` (REST and WebSocket stages alike). `create`: API Gateway creates its execution log
 * group; an access log group must exist already (else nothing is written).
 */
export async function putLogLines(ctx: CloudContext, streams: Map<string, string>, group: string, messages: { at: number; message: string }[], create: boolean): Promise<void> {
  if (!messages.length) return
  const stream = streamFor(streams, group)
  const send = () =>
    ctx.call('logs', 'PutLogEvents', { logGroupName: group, logStreamName: stream, logEvents: messages.map((m) => ({ timestamp: m.at, message: m.message })) })
  try {
    await send()
  } catch {
    if (create) await ctx.call('logs', 'CreateLogGroup', { logGroupName: group }).catch(() => {})
    await ctx.call('logs', 'CreateLogStream', { logGroupName: group, logStreamName: stream }).catch(() => {})
    await send().catch(() => {})
  }
}

const put = (inv: Invocation, group: string, messages: { at: number; message: string }[], create: boolean) =>
  putLogLines(inv.ctx, inv.streams, group, messages, create)

/** Whether `flushLogs` has anything to write: most stages log nothing, and then no request awaits it. */
export function writesLogs(inv: Invocation): boolean {
  return inv.logLevel !== 'OFF' || Boolean(inv.stage?.accessLogSettings)
}

/** After the response: write the execution log (per the method's logging level) and the access log. */
export async function flushLogs(inv: Invocation, response: CloudResponse): Promise<void> {
  const stage = inv.stage
  if (!stage || !stage.deploymentId) return
  const level = inv.logLevel ?? settingsFor(stage, inv.resource?.path ?? '/', inv.req.method).loggingLevel
  if (level !== 'OFF' && inv.logLines.length) {
    const lines = inv.logLines
      .filter((l) => level === 'INFO' || l.level === 'ERROR')
      .map((l) => ({ at: l.at, message: `(${inv.requestId}) ${l.message}` }))
    await put(inv, `API-Gateway-Execution-Logs_${inv.apiId}/${stage.stageName}`, lines, true)
  }
  const access = stage.accessLogSettings
  const group = /:log-group:([^:]+)/.exec(access?.destinationArn ?? '')?.[1]
  if (group && access?.format) await put(inv, group, [{ at: Date.now(), message: accessLine(inv, response, access.format) }], false)
}

function accessLine(inv: Invocation, response: CloudResponse, format: string): string {
  const length = response.body === undefined ? 0 : Buffer.byteLength(response.body)
  const values: Record<string, string | number | undefined> = {
    requestId: inv.requestId,
    extendedRequestId: inv.extendedRequestId,
    apiId: inv.apiId,
    stage: inv.stageName,
    domainName: inv.req.host,
    httpMethod: inv.req.method,
    path: `/${inv.stageName}${inv.path}`,
    resourcePath: inv.resource?.path,
    resourceId: inv.resource?.id,
    protocol: 'HTTP/1.1',
    status: response.status,
    responseLength: length,
    requestTime: formatRequestTime(inv.requestTime),
    requestTimeEpoch: inv.requestTime.getTime(),
    responseLatency: Date.now() - inv.requestTime.getTime(),
    'identity.sourceIp': inv.req.sourceIp,
    'identity.userAgent': inv.req.headers['user-agent'],
    'identity.apiKeyId': inv.apiKey?.id,
    'error.message': inv.errorMessage,
    'error.responseType': inv.errorType,
  }
  return fillAccessFormat(format, values)
}

/** An access log format with its `$context.x` variables filled in (`-` for what a request has not). */
export function fillAccessFormat(format: string, values: Record<string, string | number | undefined>): string {
  return format.replace(/\$\{?context\.([A-Za-z.]+)\}?/g, (_, name: string) => {
    const value = values[name]
    return value === undefined || value === '' ? '-' : String(value)
  })
}

export const logError = (inv: Invocation, message: string): void => execLog(inv, message, 'ERROR')
