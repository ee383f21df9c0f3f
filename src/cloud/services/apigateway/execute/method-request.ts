/**
 * @module Step 3 — method request: the API key (header `x-api-key`) of a method that requires one must be
 * enabled and reach this stage through a usage plan, whose throttle and quota then apply.
 * Then the stage's (or method's) throttle. Runs after the authorizer (whose usageIdentifierKey may be the key).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
 */
import type { ApigwModel, UsagePlanRecord } from '../model.js'
import { settingKey, settingsFor } from '../api/stage-settings.js'
import { GatewayError, type Invocation } from './context.js'

export function methodRequest(inv: Invocation, model: ApigwModel): void {
  apiKey(inv, model)
  stageThrottle(inv, model)
}

/**
 * Stage and method throttling (MethodSettings): a token bucket per stage and settings key.
 * AWS quirk: a burst limit of 0 blocks every request — a way to switch a method off.
 */
function stageThrottle(inv: Invocation, model: ApigwModel): void {
  const stage = inv.stage!
  if (!stage.methodSettings) return
  const settings = settingsFor(stage, inv.resource!.path, inv.req.method)
  const key = stage.methodSettings[`${settingKey(inv.resource!.path)}/${inv.req.method}`] ? inv.resource!.path : '*'
  take(model, `stage/${inv.apiId}/${stage.stageName}/${key}/${inv.req.method}`, settings.throttlingBurstLimit, settings.throttlingRateLimit)
}

function apiKey(inv: Invocation, model: ApigwModel): void {
  if (!inv.method!.apiKeyRequired) return
  // With apiKeySource AUTHORIZER the key is the Lambda authorizer's usageIdentifierKey, not the header.
  // @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-key-source.html
  const value = inv.api!.apiKeySource === 'AUTHORIZER' ? (inv.authorizer?.kind === 'lambda' ? inv.authorizer.usageIdentifierKey : undefined) : inv.req.headers['x-api-key']
  const key = value ? Object.values(model.apiKeys).find((k) => k.value === value && k.enabled) : undefined
  const plan = key
    ? Object.values(model.usagePlans).find((p) => p.keyIds.includes(key.id) && p.apiStages.some((s) => s.apiId === inv.apiId && s.stage === inv.stageName))
    : undefined
  if (!key || !plan) throw new GatewayError('INVALID_API_KEY', 'Forbidden')
  inv.apiKey = { id: key.id, value: key.value }
  planThrottle(model, plan, key.id)
  quota(inv, model, plan, key.id)
}

/** Token bucket per key and plan: `burstLimit` tokens, refilled at `rateLimit` per second. */
function planThrottle(model: ApigwModel, plan: UsagePlanRecord, keyId: string): void {
  const { rateLimit, burstLimit } = plan.throttle ?? {}
  if (rateLimit === undefined && burstLimit === undefined) return
  take(model, `plan/${plan.id}/${keyId}`, burstLimit ?? Math.max(1, Math.ceil(rateLimit ?? 1)), rateLimit ?? 0)
}

function take(model: ApigwModel, id: string, capacity: number, ratePerSecond: number): void {
  const now = Date.now()
  const bucket = model.usage.buckets.get(id) ?? { tokens: capacity, at: now }
  bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * ratePerSecond)
  bucket.at = now
  model.usage.buckets.set(id, bucket)
  if (bucket.tokens < 1) throw new GatewayError('THROTTLED', 'Too Many Requests')
  bucket.tokens -= 1
}

/** Requests per DAY, WEEK or MONTH (UTC). Counters live as long as the cloud runs. */
function quota(inv: Invocation, model: ApigwModel, plan: UsagePlanRecord, keyId: string): void {
  if (!plan.quota) return
  // Not implemented: the quota offset (the period always starts at its UTC boundary).
  const now = inv.requestTime
  const period =
    plan.quota.period === 'DAY'
      ? now.toISOString().slice(0, 10)
      : plan.quota.period === 'WEEK'
        ? `W${Math.floor((Math.floor(now.getTime() / 86_400_000) + 3) / 7)}`
        : now.toISOString().slice(0, 7)
  const id = `${plan.id}/${keyId}`
  const counter = model.usage.quota.get(id)
  const used = counter && counter.period === period ? counter.used : 0
  if (used >= plan.quota.limit) throw new GatewayError('QUOTA_EXCEEDED', 'Limit Exceeded')
  model.usage.quota.set(id, { period, used: used + 1 })
}
