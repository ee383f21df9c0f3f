/**
 * @module A stage's route settings (`defaultRouteSettings`, per-route `routeSettings`), access logs and variables,
 * checked as AWS checks them. Logging needs the account's CloudWatch role, which API Gateway v1 and v2 share.
 * @see https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-stages.html
 */
import type { CloudContext } from '../../../core/types.js'
import { badRequest, notFound, type ApiRecord, type RouteSettingsRecord } from '../model.js'
import { oneOf, optBool, optNumber, optObject, optString, optStringMap } from './input.js'

const VARIABLE_NAME = /^[a-zA-Z0-9_]{1,64}$/
const VARIABLE_VALUE = /^[A-Za-z0-9-._~:/?#&=,]{1,512}$/
const MAX_VARIABLES = 100
const LOG_GROUP_ARN = /^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[^:]+(?::\*)?$/

export const DEFAULT_ROUTE_SETTINGS: RouteSettingsRecord = { dataTraceEnabled: false, detailedMetricsEnabled: false, loggingLevel: 'OFF' }

export function routeSettings(value: Record<string, unknown>, name: string): RouteSettingsRecord {
  const settings: RouteSettingsRecord = {}
  const loggingLevel = oneOf(optString(value, 'loggingLevel'), `${name}.loggingLevel`, ['ERROR', 'INFO', 'OFF'] as const)
  if (loggingLevel !== undefined) settings.loggingLevel = loggingLevel
  const dataTrace = optBool(value, 'dataTraceEnabled')
  if (dataTrace !== undefined) settings.dataTraceEnabled = dataTrace
  const metrics = optBool(value, 'detailedMetricsEnabled')
  if (metrics !== undefined) settings.detailedMetricsEnabled = metrics
  const burst = optNumber(value, 'throttlingBurstLimit', true)
  if (burst !== undefined) {
    if (burst < 0) throw badRequest(`${name}.throttlingBurstLimit must not be negative`)
    settings.throttlingBurstLimit = burst
  }
  const rate = optNumber(value, 'throttlingRateLimit')
  if (rate !== undefined) {
    if (rate < 0) throw badRequest(`${name}.throttlingRateLimit must not be negative`)
    settings.throttlingRateLimit = rate
  }
  return settings
}

/** `routeSettings`, keyed by route keys that exist on the API. */
export function routeSettingsMap(api: ApiRecord, input: Record<string, unknown>): Record<string, RouteSettingsRecord> | undefined {
  const map = optObject(input, 'routeSettings')
  if (!map) return undefined
  const out: Record<string, RouteSettingsRecord> = {}
  for (const [key, value] of Object.entries(map)) {
    if (!Object.values(api.routes).some((r) => r.routeKey === key)) throw notFound(`Unable to find Route by key ${key} within the provided RouteSettings`, 'Route')
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw badRequest(`Invalid request body: routeSettings.${key} must be an object`)
    out[key] = routeSettings(value as Record<string, unknown>, `routeSettings.${key}`)
  }
  return out
}

export function stageVariables(input: Record<string, unknown>): Record<string, string> | undefined {
  const variables = optStringMap(input, 'stageVariables')
  if (!variables) return undefined
  if (Object.keys(variables).length > MAX_VARIABLES) throw badRequest(`A stage can have at most ${MAX_VARIABLES} stage variables`)
  for (const [name, value] of Object.entries(variables)) {
    if (!VARIABLE_NAME.test(name)) throw badRequest(`Stage variable name ${name} is invalid: it may contain only a-zA-Z0-9_ (at most 64 characters)`)
    if (!VARIABLE_VALUE.test(value)) throw badRequest(`Stage variable value ${value} is invalid: it must match [A-Za-z0-9-._~:/?#&=,]+ (at most 512 characters)`)
  }
  return variables
}

export function accessLogSettings(input: Record<string, unknown>): { destinationArn?: string; format?: string } | undefined {
  const settings = optObject(input, 'accessLogSettings')
  if (!settings) return undefined
  const destinationArn = optString(settings, 'destinationArn')
  const format = optString(settings, 'format')
  if (destinationArn && !LOG_GROUP_ARN.test(destinationArn)) throw badRequest(`Invalid ARN specified in the request: ${destinationArn}. It must be a CloudWatch Logs log group ARN`)
  if (destinationArn && !format) throw badRequest('Access log format must be specified with a destination ARN')
  if (format && !format.includes('$context.requestId') && !format.includes('$context.extendedRequestId')) {
    throw badRequest('Access log format must contain $context.requestId or $context.extendedRequestId')
  }
  return { destinationArn, format }
}

/** Execution logging (`loggingLevel` ERROR/INFO, data traces) needs a CloudWatch role in the account settings. */
export async function checkLoggingAllowed(ctx: CloudContext, all: RouteSettingsRecord[]): Promise<void> {
  const logs = all.some((s) => (s.loggingLevel !== undefined && s.loggingLevel !== 'OFF') || s.dataTraceEnabled)
  if (!logs) return
  const account = await ctx.call('apigateway', 'GetAccount', {})
  if (!account?.cloudwatchRoleArn) throw badRequest('CloudWatch Logs role ARN must be set in account settings to enable logging')
}
