/**
 * @module Tags on REST APIs and stages, addressed by ARN (`arn:aws:apigateway:{region}::/restapis/{id}[/stages/{name}]`).
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_TagResource.html
 */
import { apiKeyArn, badRequest, restApiArn, stageArn, usagePlanArn } from '../model.js'
import type { GetModel, Op } from './shared.js'

const TAGGABLE = /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+::\/restapis\/([^/]+)(?:\/stages\/([^/]+))?$/
const KEY_OR_PLAN = /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+::\/(apikeys|usageplans)\/([^/]+)$/

export function tagOps(model: GetModel): Record<string, Op> {
  const target = (resourceArn: string) => {
    const m = model()
    const other = KEY_OR_PLAN.exec(String(resourceArn ?? ''))
    if (other) return { m, owner: other[1] === 'apikeys' ? m.apiKey(other[2]) : m.usagePlan(other[2]) }
    const match = TAGGABLE.exec(String(resourceArn ?? ''))
    if (!match) throw badRequest(`Invalid resource ARN specified: ${resourceArn}`)
    const api = m.api(match[1])
    return { m, owner: match[2] ? m.stage(api, match[2]) : api }
  }
  return {
    async TagResource(input) {
      const { m, owner } = target(input.resourceArn)
      for (const key of Object.keys(input.tags ?? {})) {
        // aws:cloudformation:* tags arrive here from the CloudFormation providers, which AWS lets through.
        if (key.startsWith('aws:') && !key.startsWith('aws:cloudformation:') && !(key in owner.tags)) {
          throw badRequest('Tag keys starting with aws: are reserved')
        }
      }
      Object.assign(owner.tags, input.tags ?? {})
      m.save()
      return {}
    },

    async UntagResource(input) {
      const { m, owner } = target(input.resourceArn)
      const keys: string[] = Array.isArray(input.tagKeys) ? input.tagKeys : input.tagKeys ? [input.tagKeys] : []
      for (const key of keys) delete owner.tags[key]
      m.save()
      return {}
    },

    async GetTags(input) {
      return { tags: { ...target(input.resourceArn).owner.tags } }
    },

    /** For the tagging service and teardown sweeps. */
    async _listTaggedResources(_input, ctx) {
      const out: { ResourceARN: string; Tags: { Key: string; Value: string }[] }[] = []
      const list = (tags: Record<string, string>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))
      for (const api of Object.values(model().apis)) {
        if (Object.keys(api.tags).length) out.push({ ResourceARN: restApiArn(api.region, api.id), Tags: list(api.tags) })
        for (const stage of Object.values(api.stages)) {
          if (!Object.keys(stage.tags).length) continue
          out.push({ ResourceARN: stageArn(api.region, api.id, stage.stageName), Tags: list(stage.tags) })
        }
      }
      const region = ctx.defaultRegion
      for (const key of Object.values(model().apiKeys)) {
        if (Object.keys(key.tags).length) out.push({ ResourceARN: apiKeyArn(region, key.id), Tags: list(key.tags) })
      }
      for (const plan of Object.values(model().usagePlans)) {
        if (Object.keys(plan.tags).length) out.push({ ResourceARN: usagePlanArn(region, plan.id), Tags: list(plan.tags) })
      }
      return out
    },
  }
}
