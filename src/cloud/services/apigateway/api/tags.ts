/**
 * @module Tags on REST APIs and stages, addressed by ARN (`arn:aws:apigateway:{region}::/restapis/{id}[/stages/{name}]`).
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_TagResource.html
 */
import { badRequest, restApiArn, stageArn } from '../model.js'
import type { GetModel, Op } from './shared.js'

const TAGGABLE = /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+::\/restapis\/([^/]+)(?:\/stages\/([^/]+))?$/

export function tagOps(model: GetModel): Record<string, Op> {
  const target = (resourceArn: string) => {
    const match = TAGGABLE.exec(String(resourceArn ?? ''))
    if (!match) throw badRequest(`Invalid resource ARN specified: ${resourceArn}`)
    const m = model()
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
    async _listTaggedResources() {
      const out: { ResourceARN: string; Tags: { Key: string; Value: string }[] }[] = []
      const list = (tags: Record<string, string>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))
      for (const api of Object.values(model().apis)) {
        if (Object.keys(api.tags).length) out.push({ ResourceARN: restApiArn(api.region, api.id), Tags: list(api.tags) })
        for (const stage of Object.values(api.stages)) {
          if (!Object.keys(stage.tags).length) continue
          out.push({ ResourceARN: stageArn(api.region, api.id, stage.stageName), Tags: list(stage.tags) })
        }
      }
      return out
    },
  }
}
