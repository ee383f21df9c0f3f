/**
 * @module Stage settings: method settings (logging, metrics, throttling) for `*\/*` or one method, access
 * log settings, and the account's CloudWatch role that logging needs.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_MethodSetting.html
 */
import { badRequest, type ApigwModel, type MethodSettingRecord, type StageRecord } from '../model.js'
import type { PatchOperation } from './shared.js'

/** Account defaults: 10000 requests per second, bursts of 5000. */
export const DEFAULT_THROTTLE = { rateLimit: 10000, burstLimit: 5000 }
const LEVELS = ['OFF', 'ERROR', 'INFO']

export const defaultMethodSetting = (): MethodSettingRecord => ({
  loggingLevel: 'OFF',
  dataTraceEnabled: false,
  metricsEnabled: false,
  throttlingBurstLimit: DEFAULT_THROTTLE.burstLimit,
  throttlingRateLimit: DEFAULT_THROTTLE.rateLimit,
})

/** The wire view of a method setting (AWS lists caching fields too; caching is off locally). */
export const methodSettingView = (s: MethodSettingRecord) => ({
  metricsEnabled: s.metricsEnabled,
  loggingLevel: s.loggingLevel,
  dataTraceEnabled: s.dataTraceEnabled,
  throttlingBurstLimit: s.throttlingBurstLimit,
  throttlingRateLimit: s.throttlingRateLimit,
  cachingEnabled: false,
  cacheTtlInSeconds: 300,
  cacheDataEncrypted: false,
  requireAuthorizationForCacheControl: true,
  unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
})

/**
 * Apply a stage patch for `/{resourcePath}/{METHOD}/{group}/{name}` or `/accessLogSettings/{name}`.
 * Returns false if the path is not one of these.
 */
export function patchStageSetting(m: ApigwModel, stage: StageRecord, op: PatchOperation): boolean {
  const raw = op.path.split('/').slice(1)
  if (raw[0] === 'accessLogSettings') {
    if (op.op === 'remove' && raw.length === 1) stage.accessLogSettings = undefined
    else if (op.op === 'replace' && (raw[1] === 'destinationArn' || raw[1] === 'format')) {
      if (raw[1] === 'destinationArn' && !/^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[^:]+(:\*)?$/.test(String(op.value))) {
        throw badRequest(`Invalid ARN specified in the request: ${op.value}`)
      }
      requireLoggingRole(m)
      stage.accessLogSettings = { ...stage.accessLogSettings, [raw[1]]: op.value }
    } else return false
    return true
  }
  if (raw.length !== 4 || op.op !== 'replace') return false
  const [resourcePath, method, group, name] = raw
  const key = `${resourcePath}/${method}`
  const setting = { ...defaultMethodSetting(), ...stage.methodSettings?.['*/*'], ...stage.methodSettings?.[key] }
  const value = String(op.value ?? '')
  if (group === 'logging' && name === 'loglevel') {
    if (!LEVELS.includes(value.toUpperCase())) throw badRequest(`Invalid logging level: ${value}. Valid options are OFF, ERROR, INFO`)
    if (value.toUpperCase() !== 'OFF') requireLoggingRole(m)
    setting.loggingLevel = value.toUpperCase() as MethodSettingRecord['loggingLevel']
  } else if (group === 'logging' && name === 'dataTrace') {
    if (value === 'true') requireLoggingRole(m)
    setting.dataTraceEnabled = value === 'true'
  } else if (group === 'metrics' && name === 'enabled') setting.metricsEnabled = value === 'true'
  else if (group === 'throttling' && name === 'rateLimit') setting.throttlingRateLimit = Number(value)
  else if (group === 'throttling' && name === 'burstLimit') setting.throttlingBurstLimit = Number(value)
  else if (group === 'caching' && name === 'enabled' && value === 'false') return true
  else return false
  stage.methodSettings = { ...stage.methodSettings, [key]: setting }
  return true
}

/**
 * AWS quirk: logging fails until the account has a CloudWatch role (AWS::ApiGateway::Account).
 * @see https://repost.aws/knowledge-center/api-gateway-cloudwatch-logs
 */
export function requireLoggingRole(m: ApigwModel): void {
  if (!m.store.data.account?.cloudwatchRoleArn) throw badRequest('CloudWatch Logs role ARN must be set in account settings to enable logging')
}

/** `/pets/{id}` → `~1pets~1{id}`, as in the patch path `/~1pets~1{id}/GET/…`. */
export const settingKey = (resourcePath: string) => resourcePath.replace(/\//g, '~1')

/** The settings that apply to one method: its own key, else `*\/*`, else the defaults. */
export function settingsFor(stage: StageRecord, resourcePath: string, method: string): MethodSettingRecord {
  const key = `${settingKey(resourcePath)}/${method}`
  return { ...defaultMethodSetting(), ...stage.methodSettings?.['*/*'], ...stage.methodSettings?.[key] }
}
