/**
 * @module CloudWatch Logs (JSON 1.1, `X-Amz-Target: Logs_20140328.*`): log groups, streams and events,
 * persisted under `dataDir/logs`. One region (the cloud's default) holds every log group.
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/Welcome.html
 */
import path from 'node:path'
import { AwsError } from '../../core/aws-error.js'
import type { JsonStore } from '../../core/store.js'
import type { ServiceDef } from '../../core/types.js'
import { handleJsonRpc } from '../../protocols/aws-json.js'
import { logsApi } from './api.js'
import { logGroupProvider } from './cfn/log-group.js'
import { EventFiles } from './events.js'
import type { LogsState } from './model.js'

export function logsService(): ServiceDef {
  let store: JsonStore<LogsState> | undefined
  let events: EventFiles | undefined
  const notRunning = () => new AwsError('ServiceUnavailable', 503, 'CloudWatch Logs is not running')
  const api = logsApi(
    () => store ?? (() => { throw notRunning() })(),
    () => events ?? (() => { throw notRunning() })(),
  )
  return {
    name: 'logs',
    signingNames: ['logs'],
    targetPrefixes: ['Logs_20140328'],
    protocol: 'json',
    api,
    resourceProviders: { 'AWS::Logs::LogGroup': logGroupProvider },
    async start(ctx) {
      store = ctx.store<LogsState>('logs', 'groups', () => ({ groups: {} }))
      events = new EventFiles(path.join(ctx.dataDir, 'logs', 'events'))
    },
    async stop() {
      store?.flush()
      events?.closeAll()
    },
    handle: (req, ctx) => handleJsonRpc(req, ctx, { service: 'logs', targetPrefix: 'Logs_20140328', version: '1.1', api }),
  }
}
