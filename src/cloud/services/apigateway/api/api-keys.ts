/**
 * @module API keys, usage plans and usage plan keys: a key works on a stage only through a usage plan
 * that lists the stage, and the plan's throttle and quota apply to it.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html
 */
import { randomString } from '../../../core/ids.js'
import { badRequest, conflict, notFound, nowSeconds, type ApiKeyRecord, type UsagePlanRecord } from '../model.js'
import { date, invalidPatch, page, patchPath, requireString, type GetModel, type Op, type PatchOperation, patchOperations } from './shared.js'

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const PERIODS = ['DAY', 'WEEK', 'MONTH']

const keyView = (k: ApiKeyRecord, includeValue: boolean) => ({
  id: k.id,
  value: includeValue ? k.value : undefined,
  name: k.name,
  description: k.description,
  enabled: k.enabled,
  createdDate: date(k.createdDate),
  lastUpdatedDate: date(k.lastUpdatedDate),
  stageKeys: [],
  tags: Object.keys(k.tags).length ? { ...k.tags } : undefined,
})

const planView = (p: UsagePlanRecord) => ({
  id: p.id,
  name: p.name,
  description: p.description,
  apiStages: p.apiStages.map((s) => ({ ...s })),
  throttle: p.throttle ? { ...p.throttle } : undefined,
  quota: p.quota ? { ...p.quota } : undefined,
  tags: Object.keys(p.tags).length ? { ...p.tags } : undefined,
})

function checkQuota(quota: any): UsagePlanRecord['quota'] {
  if (!quota) return undefined
  if (!PERIODS.includes(quota.period)) throw badRequest('Quota period must be one of: DAY, WEEK, MONTH')
  if (!(Number(quota.limit) > 0)) throw badRequest('Quota limit must be greater than 0')
  return { limit: Number(quota.limit), offset: Number(quota.offset ?? 0), period: quota.period }
}

function checkThrottle(throttle: any): UsagePlanRecord['throttle'] {
  if (!throttle) return undefined
  const out = { burstLimit: throttle.burstLimit === undefined ? undefined : Number(throttle.burstLimit), rateLimit: throttle.rateLimit === undefined ? undefined : Number(throttle.rateLimit) }
  if ((out.burstLimit ?? 0) < 0 || (out.rateLimit ?? 0) < 0) throw badRequest('Throttle limits must not be negative')
  return out
}

export function apiKeyOps(model: GetModel): Record<string, Op> {
  const checkStages = (apiStages: any[] | undefined) => {
    const m = model()
    return (apiStages ?? []).map((s) => {
      m.stage(m.api(s.apiId), s.stage)
      // Not implemented: per-method throttles inside an API stage of a usage plan.
      if (s.throttle && Object.keys(s.throttle).length) throw badRequest('Per-method usage plan throttles (not supported by the local cloud yet)')
      return { apiId: String(s.apiId), stage: String(s.stage) }
    })
  }

  return {
    async CreateApiKey(input) {
      const m = model()
      const value = input.value ?? randomString(40, ALNUM)
      if (String(value).length < 20) throw badRequest('API Key value should be at least 20 characters')
      if (Object.values(m.apiKeys).some((k) => k.value === value)) throw conflict('API Key already exists')
      // Not implemented: stageKeys (a legacy way to bind keys to stages; usage plans replace it).
      if (input.stageKeys?.length) throw badRequest('stageKeys (not supported by the local cloud yet): use a usage plan')
      let id = randomString(10)
      while (m.apiKeys[id]) id = randomString(10)
      const now = nowSeconds()
      const key: ApiKeyRecord = {
        id,
        name: input.name ?? id,
        value: String(value),
        description: input.description,
        enabled: Boolean(input.enabled),
        createdDate: now,
        lastUpdatedDate: now,
        tags: { ...(input.tags ?? {}) },
      }
      m.apiKeys[id] = key
      m.save()
      return keyView(key, true)
    },

    async GetApiKey(input) {
      return keyView(model().apiKey(input.apiKey), Boolean(input.includeValue))
    },

    async GetApiKeys(input) {
      const all = Object.values(model().apiKeys).filter((k) => !input.nameQuery || k.name.startsWith(input.nameQuery))
      const result = page(all, input)
      return { ...result, items: result.items.map((k) => keyView(k, Boolean(input.includeValues))) }
    },

    async UpdateApiKey(input) {
      const m = model()
      const key = m.apiKey(input.apiKey)
      for (const op of patchOperations(input)) {
        const [field] = patchPath(op.path)
        if (field === 'enabled' && op.op === 'replace') key.enabled = op.value === 'true'
        else if (field === 'name' && op.op === 'replace') key.name = requireString(op.value, 'Name')
        else if (field === 'description' && op.op === 'replace') key.description = op.value || undefined
        else invalidPatch(op, ['/enabled', '/name', '/description'])
      }
      key.lastUpdatedDate = nowSeconds()
      m.save()
      return keyView(key, false)
    },

    async DeleteApiKey(input) {
      const m = model()
      m.apiKey(input.apiKey)
      delete m.apiKeys[input.apiKey]
      for (const plan of Object.values(m.usagePlans)) plan.keyIds = plan.keyIds.filter((k) => k !== input.apiKey)
      m.save()
      return {}
    },

    async CreateUsagePlan(input) {
      const m = model()
      const plan: UsagePlanRecord = {
        id: randomString(6),
        name: requireString(input.name, 'Name'),
        description: input.description,
        apiStages: checkStages(input.apiStages),
        throttle: checkThrottle(input.throttle),
        quota: checkQuota(input.quota),
        keyIds: [],
        tags: { ...(input.tags ?? {}) },
      }
      m.usagePlans[plan.id] = plan
      m.save()
      return planView(plan)
    },

    async GetUsagePlan(input) {
      return planView(model().usagePlan(input.usagePlanId))
    },

    async GetUsagePlans(input) {
      const all = Object.values(model().usagePlans).filter((p) => !input.keyId || p.keyIds.includes(input.keyId))
      const result = page(all, input)
      return { ...result, items: result.items.map(planView) }
    },

    /** Patch paths: /name, /description, /apiStages (add/remove `apiId:stage`), /throttle/*, /quota/*. */
    async UpdateUsagePlan(input) {
      const m = model()
      const plan = m.usagePlan(input.usagePlanId)
      for (const op of patchOperations(input)) {
        const [field, sub] = patchPath(op.path)
        if (field === 'name' && op.op === 'replace') plan.name = requireString(op.value, 'Name')
        else if (field === 'description' && op.op === 'replace') plan.description = op.value || undefined
        else if (field === 'apiStages' && (op.op === 'add' || op.op === 'remove')) {
          const [apiId, stage] = String(op.value ?? '').split(':')
          if (op.op === 'add') plan.apiStages.push(...checkStages([{ apiId, stage }]))
          else plan.apiStages = plan.apiStages.filter((s) => !(s.apiId === apiId && s.stage === stage))
        } else if (field === 'throttle' && sub && op.op === 'replace') plan.throttle = checkThrottle({ ...plan.throttle, [sub]: Number(op.value) })
        else if (field === 'throttle' && op.op === 'remove') plan.throttle = undefined
        else if (field === 'quota' && sub && op.op === 'replace') plan.quota = checkQuota({ period: 'DAY', ...plan.quota, [sub]: sub === 'period' ? op.value : Number(op.value) })
        else if (field === 'quota' && op.op === 'remove') plan.quota = undefined
        else invalidPatch(op, ['/name', '/description', '/apiStages', '/throttle/burstLimit', '/throttle/rateLimit', '/quota/limit', '/quota/period', '/quota/offset'])
      }
      m.save()
      return planView(plan)
    },

    async DeleteUsagePlan(input) {
      const m = model()
      m.usagePlan(input.usagePlanId)
      delete m.usagePlans[input.usagePlanId]
      m.save()
      return {}
    },

    async CreateUsagePlanKey(input) {
      const m = model()
      const plan = m.usagePlan(input.usagePlanId)
      if (input.keyType !== 'API_KEY') throw badRequest('Invalid key type specified. Valid options are API_KEY')
      const key = m.apiKey(input.keyId)
      if (plan.keyIds.includes(key.id)) throw conflict(`Usage Plan ${plan.id} already contains API Key ${key.id}`)
      // AWS quirk: one key may not reach the same API stage through two usage plans.
      const clash = Object.values(m.usagePlans).find(
        (other) => other.keyIds.includes(key.id) && other.apiStages.some((s) => plan.apiStages.some((t) => t.apiId === s.apiId && t.stage === s.stage)),
      )
      if (clash) throw conflict(`API Key ${key.id} cannot reference multiple Usage Plans with the same API Stage`)
      plan.keyIds.push(key.id)
      m.save()
      return { id: key.id, type: 'API_KEY', name: key.name }
    },

    async GetUsagePlanKeys(input) {
      const m = model()
      const plan = m.usagePlan(input.usagePlanId)
      const all = plan.keyIds.map((id) => m.apiKeys[id]).filter(Boolean)
      const result = page(all, input)
      return { ...result, items: result.items.map((k) => ({ id: k.id, type: 'API_KEY', name: k.name, value: k.value })) }
    },

    async DeleteUsagePlanKey(input) {
      const m = model()
      const plan = m.usagePlan(input.usagePlanId)
      if (!plan.keyIds.includes(input.keyId)) throw notFound('Invalid Usage Plan Key identifier specified')
      plan.keyIds = plan.keyIds.filter((k) => k !== input.keyId)
      m.save()
      return {}
    },
  }
}

