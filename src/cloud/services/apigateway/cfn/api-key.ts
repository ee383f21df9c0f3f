/**
 * @module AWS::ApiGateway::ApiKey, AWS::ApiGateway::UsagePlan and AWS::ApiGateway::UsagePlanKey.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-apikey.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-usageplan.html
 */
import type { ResourceContext, ResourceProvider } from '../../../core/types.js'
import { apiKeyArn, usagePlanArn } from '../model.js'
import { call, ignoreNotFound, rejectPresent, syncTags, tagMap } from './shared.js'

const allTags = (props: any, rc: ResourceContext) => ({ ...tagMap(rc.tags), ...tagMap(props.Tags) })

export const apiKeyProvider: ResourceProvider = {
  properties: ['Name', 'Description', 'Enabled', 'Value', 'GenerateDistinctId', 'CustomerId', 'StageKeys', 'Tags'],
  createOnly: ['Name', 'Value', 'GenerateDistinctId'],
  async create(props, rc) {
    // Not implemented: marketplace customer ids and legacy stage keys (usage plans replace them).
    rejectPresent('AWS::ApiGateway::ApiKey', props, ['CustomerId', 'StageKeys'])
    const key = await call(rc, 'CreateApiKey', {
      name: props.Name,
      description: props.Description,
      // AWS quirk: CloudFormation creates keys disabled unless Enabled is true, so they answer 403.
      enabled: props.Enabled === true || props.Enabled === 'true',
      value: props.Value,
      tags: allTags(props, rc),
    })
    return { physicalId: key.id, attributes: { APIKeyId: key.id } }
  },
  async update(id, props, previous, rc) {
    rejectPresent('AWS::ApiGateway::ApiKey', props, ['CustomerId', 'StageKeys'])
    const enabled = props.Enabled === true || props.Enabled === 'true'
    await call(rc, 'UpdateApiKey', {
      apiKey: id,
      patchOperations: [
        { op: 'replace', path: '/enabled', value: String(enabled) },
        { op: 'replace', path: '/description', value: props.Description ?? '' },
      ],
    })
    await syncTags(rc, apiKeyArn(rc.region, id), allTags(props, rc), allTags(previous, rc))
    return { physicalId: id, attributes: { APIKeyId: id } }
  },
  async delete(id, _props, rc) {
    await ignoreNotFound(call(rc, 'DeleteApiKey', { apiKey: id }))
  },
}

const throttle = (t: any) => (t ? { burstLimit: t.BurstLimit, rateLimit: t.RateLimit } : undefined)
const quota = (q: any) => (q ? { limit: q.Limit, offset: q.Offset, period: q.Period } : undefined)
const stages = (props: any) => (props.ApiStages ?? []).map((s: any) => ({ apiId: s.ApiId, stage: s.Stage, throttle: s.Throttle }))

export const usagePlanProvider: ResourceProvider = {
  properties: ['UsagePlanName', 'Description', 'ApiStages', 'Throttle', 'Quota', 'Tags'],
  async create(props, rc) {
    const plan = await call(rc, 'CreateUsagePlan', {
      name: props.UsagePlanName ?? `${rc.stackName}-${rc.logicalId}`,
      description: props.Description,
      apiStages: stages(props),
      throttle: throttle(props.Throttle),
      quota: quota(props.Quota),
      tags: allTags(props, rc),
    })
    return { physicalId: plan.id, attributes: { Id: plan.id } }
  },
  async update(id, props, previous, rc) {
    const ops: { op: string; path: string; value?: string }[] = []
    if (props.UsagePlanName && props.UsagePlanName !== previous.UsagePlanName) ops.push({ op: 'replace', path: '/name', value: props.UsagePlanName })
    if (props.Description !== previous.Description) ops.push({ op: 'replace', path: '/description', value: props.Description ?? '' })
    const key = (s: any) => `${s.apiId}:${s.stage}`
    const before = stages(previous).map(key)
    const after = stages(props).map(key)
    for (const s of before) if (!after.includes(s)) ops.push({ op: 'remove', path: '/apiStages', value: s })
    for (const s of after) if (!before.includes(s)) ops.push({ op: 'add', path: '/apiStages', value: s })
    if (JSON.stringify(props.Throttle) !== JSON.stringify(previous.Throttle)) {
      if (!props.Throttle) ops.push({ op: 'remove', path: '/throttle' })
      else for (const [k, v] of Object.entries(throttle(props.Throttle)!)) if (v !== undefined) ops.push({ op: 'replace', path: `/throttle/${k}`, value: String(v) })
    }
    if (JSON.stringify(props.Quota) !== JSON.stringify(previous.Quota)) {
      if (!props.Quota) ops.push({ op: 'remove', path: '/quota' })
      else for (const [k, v] of Object.entries(quota(props.Quota)!)) if (v !== undefined) ops.push({ op: 'replace', path: `/quota/${k}`, value: String(v) })
    }
    if (ops.length) await call(rc, 'UpdateUsagePlan', { usagePlanId: id, patchOperations: ops })
    await syncTags(rc, usagePlanArn(rc.region, id), allTags(props, rc), allTags(previous, rc))
    return { physicalId: id, attributes: { Id: id } }
  },
  async delete(id, _props, rc) {
    await ignoreNotFound(call(rc, 'DeleteUsagePlan', { usagePlanId: id }))
  },
}

export const usagePlanKeyProvider: ResourceProvider = {
  properties: ['KeyId', 'KeyType', 'UsagePlanId'],
  required: ['KeyId', 'KeyType', 'UsagePlanId'],
  createOnly: ['KeyId', 'KeyType', 'UsagePlanId'],
  async create(props, rc) {
    await call(rc, 'CreateUsagePlanKey', { usagePlanId: props.UsagePlanId, keyId: props.KeyId, keyType: props.KeyType })
    return { physicalId: `${props.UsagePlanId}:${props.KeyId}`, attributes: { Id: `${props.UsagePlanId}:${props.KeyId}` } }
  },
  async delete(_id, props, rc) {
    await ignoreNotFound(call(rc, 'DeleteUsagePlanKey', { usagePlanId: props.UsagePlanId, keyId: props.KeyId }))
  },
}
