/**
 * @module CloudFormation's MethodSettings / AccessLogSetting (Stage) and StageDescription's logging and
 * throttling fields (Deployment), as UpdateStage patch operations.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-apigateway-stage-methodsetting.html
 */
import { unsupported } from './shared.js'

type Patch = { op: string; path: string; value?: string }

const FIELDS: [string, string][] = [
  ['LoggingLevel', 'logging/loglevel'],
  ['DataTraceEnabled', 'logging/dataTrace'],
  ['MetricsEnabled', 'metrics/enabled'],
  ['ThrottlingBurstLimit', 'throttling/burstLimit'],
  ['ThrottlingRateLimit', 'throttling/rateLimit'],
]
const KNOWN = new Set(['ResourcePath', 'HttpMethod', 'CachingEnabled', ...FIELDS.map(([k]) => k)])

/** `/*` → `*`, `/pets/{id}` → `~1pets~1{id}`. */
const settingPath = (resourcePath: string) => (resourcePath === '/*' ? '*' : resourcePath.replace(/\//g, '~1'))

export function methodSettingsPatch(type: string, settings: any[] | undefined): Patch[] {
  const ops: Patch[] = []
  for (const s of settings ?? []) {
    const unknown = Object.keys(s).filter((k) => !KNOWN.has(k))
    // Not implemented: response caching.
    if (unknown.length || s.CachingEnabled === true) throw unsupported(type, `MethodSettings.${unknown[0] ?? 'CachingEnabled'}`)
    const prefix = `/${settingPath(s.ResourcePath ?? '/*')}/${s.HttpMethod ?? '*'}`
    for (const [cfn, path] of FIELDS) if (s[cfn] !== undefined) ops.push({ op: 'replace', path: `${prefix}/${path}`, value: String(s[cfn]) })
  }
  return ops
}

export function accessLogPatch(setting: any, previous: any): Patch[] {
  if (!setting) return previous ? [{ op: 'remove', path: '/accessLogSettings' }] : []
  const ops: Patch[] = []
  if (setting.DestinationArn) ops.push({ op: 'replace', path: '/accessLogSettings/destinationArn', value: setting.DestinationArn })
  if (setting.Format) ops.push({ op: 'replace', path: '/accessLogSettings/format', value: setting.Format })
  return ops
}

/** StageDescription's stage-wide fields apply to `*\/*`. */
export function stageDescriptionPatch(type: string, sd: any): Patch[] {
  const wide = Object.fromEntries(FIELDS.map(([k]) => [k, sd?.[k]]).filter(([, v]) => v !== undefined))
  const ops = Object.keys(wide).length ? methodSettingsPatch(type, [{ ResourcePath: '/*', HttpMethod: '*', ...wide }]) : []
  return [...ops, ...methodSettingsPatch(type, sd?.MethodSettings), ...accessLogPatch(sd?.AccessLogSetting, undefined)]
}

export const STAGE_DESCRIPTION_SETTINGS = [...FIELDS.map(([k]) => k), 'MethodSettings', 'AccessLogSetting']
