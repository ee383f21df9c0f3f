/**
 * @module Invoke: invocation types, payload limits, the START/END/REPORT log framing and `LogType: Tail`, and
 * function errors reported as a 200 with `X-Amz-Function-Error`.
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
import { randomUUID } from 'node:crypto'
import { AwsError } from '../../core/aws-error.js'
import type { CloudContext } from '../../core/types.js'
import type { FunctionRecord } from './model.js'
import type { Runtimes } from './runtimes/index.js'
import type { InvokeOutcome } from './runtimes/sandbox.js'
import type { LogSink } from './log-sink.js'

export interface InvokeInput {
  FunctionName: string
  Payload?: string | Uint8Array
  InvocationType?: string
  LogType?: string
  ClientContext?: string
  Qualifier?: string
  /** In-cloud callers (API Gateway) that built Payload with JSON.stringify: no need to parse it again. */
  __payloadIsJson?: boolean
}

export interface InvokeOutput {
  StatusCode: number
  FunctionError?: string
  Payload: string
  LogResult?: string
  ExecutedVersion?: string
}

/** @see https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html */
const SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024
const ASYNC_PAYLOAD_LIMIT = 1024 * 1024
const RESPONSE_LIMIT = 6 * 1024 * 1024 + 100
const TAIL_BYTES = 4096

export async function invokeFunction(f: FunctionRecord, input: InvokeInput, runtimes: Runtimes, ctx: CloudContext, sink?: LogSink): Promise<InvokeOutput> {
  const type = input.InvocationType ?? 'RequestResponse'
  if (type !== 'RequestResponse' && type !== 'Event' && type !== 'DryRun') {
    throw new AwsError('ValidationException', 400, `1 validation error detected: Value '${type}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]`)
  }
  if (input.LogType !== undefined && !['None', 'Tail'].includes(input.LogType)) {
    throw new AwsError('ValidationException', 400, `1 validation error detected: Value '${input.LogType}' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [Tail, None]`)
  }
  const raw = input.Payload === undefined ? '' : typeof input.Payload === 'string' ? input.Payload : Buffer.from(input.Payload).toString('utf8')
  const limit = type === 'Event' ? ASYNC_PAYLOAD_LIMIT : SYNC_PAYLOAD_LIMIT
  if (Buffer.byteLength(raw) > limit) {
    throw new AwsError('RequestTooLargeException', 413, `Request must be smaller than ${limit} bytes for the ${type === 'Event' ? 'InvokeAsync' : 'InvokeFunction'} operation`)
  }
  // An empty payload reaches the handler as {}.
  const event = input.__payloadIsJson ? raw : raw.trim() === '' ? '{}' : raw
  if (!input.__payloadIsJson) {
    try {
      JSON.parse(event)
    } catch (err) {
      throw new AwsError('InvalidRequestContentException', 400, `Could not parse request body into json: Could not parse payload into json: ${(err as Error).message}`)
    }
  }
  const clientContext = decodeClientContext(input.ClientContext)
  if (type === 'DryRun') return { StatusCode: 204, Payload: '' }

  const requestId = randomUUID()
  const run = () =>
    runtimes.invoke(f, { requestId, event, clientContext }).then((outcome) => {
      if (sink && outcome.logStream) sink.ship(`/aws/lambda/${f.name}`, outcome.logStream, logEvents(f, requestId, outcome))
      return outcome
    })
  if (type === 'Event') {
    // Not implemented: the two retries and destinations/DLQ of asynchronous invocation.
    run()
      .then((outcome) => {
        if (!outcome.ok) ctx.log(`lambda: async invocation of ${f.name} failed: ${outcome.payload}`)
      })
      .catch((err) => ctx.log(`lambda: async invocation of ${f.name} failed: ${err?.message ?? err}`))
    return { StatusCode: 202, Payload: '' }
  }

  let outcome: InvokeOutcome
  try {
    outcome = await run()
  } catch (err) {
    throw new AwsError('ServiceException', 500, `The local cloud could not run ${f.name}: ${(err as Error).message}`)
  }
  if (outcome.ok && Buffer.byteLength(outcome.payload) > RESPONSE_LIMIT) {
    const error = { errorMessage: `Response payload size exceeded maximum allowed payload size (${RESPONSE_LIMIT} bytes).`, errorType: 'Function.ResponseSizeTooLarge' }
    outcome = { ...outcome, ok: false, payload: JSON.stringify(error), errorType: error.errorType }
  }
  return {
    StatusCode: 200,
    ...(outcome.ok ? {} : { FunctionError: 'Unhandled' }),
    Payload: outcome.payload,
    ...(input.LogType === 'Tail' ? { LogResult: tail(frameLogs(f, requestId, outcome)) } : {}),
    ExecutedVersion: '$LATEST',
  }
}

function decodeClientContext(value?: string): unknown {
  if (!value) return undefined
  try {
    return JSON.parse(Buffer.from(value, 'base64').toString('utf8'))
  } catch {
    throw new AwsError('InvalidRequestContentException', 400, 'Client context must be a valid Base64-encoded JSON object.')
  }
}

/**
 * The platform lines around a function's own output, as in CloudWatch Logs.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
 */
export function frameLogs(f: FunctionRecord, requestId: string, outcome: InvokeOutcome): string {
  const body = outcome.logs && !outcome.logs.endsWith('\n') ? `${outcome.logs}\n` : outcome.logs
  return `START RequestId: ${requestId} Version: $LATEST\n${body}END RequestId: ${requestId}\n${reportLine(f, requestId, outcome)}\t\n`
}

/** The same lines as log events (one per non-empty line), built without joining and splitting them again. */
export function logEvents(f: FunctionRecord, requestId: string, outcome: InvokeOutcome): string[] {
  const lines = [`START RequestId: ${requestId} Version: $LATEST`]
  if (outcome.logs) for (const line of outcome.logs.split('\n')) if (line !== '') lines.push(line)
  lines.push(`END RequestId: ${requestId}`, `${reportLine(f, requestId, outcome)}\t`)
  return lines
}

function reportLine(f: FunctionRecord, requestId: string, outcome: InvokeOutcome): string {
  const ms = (n: number) => `${n.toFixed(2)} ms`
  return [
    `REPORT RequestId: ${requestId}`,
    `Duration: ${ms(outcome.durationMs)}`,
    `Billed Duration: ${Math.ceil(outcome.durationMs + (outcome.initDurationMs ?? 0))} ms`,
    `Memory Size: ${f.memorySize} MB`,
    `Max Memory Used: ${outcome.maxMemoryMb ?? 0} MB`,
    ...(outcome.initDurationMs !== undefined ? [`Init Duration: ${ms(outcome.initDurationMs)}`] : []),
    ...(outcome.errorType === 'Sandbox.Timedout' ? ['Status: timeout'] : outcome.errorType === 'Runtime.ExitError' || outcome.errorType === 'Runtime.OutOfMemory' ? ['Status: error', `Error Type: ${outcome.errorType}`] : []),
  ].join('\t')
}

/** The last 4 KB of the log, base64: what `LogType: Tail` returns in X-Amz-Log-Result. */
export function tail(logs: string): string {
  const bytes = Buffer.from(logs, 'utf8')
  return bytes.subarray(Math.max(0, bytes.length - TAIL_BYTES)).toString('base64')
}
