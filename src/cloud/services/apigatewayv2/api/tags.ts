/**
 * @module Tags on APIs and stages, addressed by ARN (`arn:aws:apigateway:{region}::/apis/{id}[/stages/{name}]`).
 * @see https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/tags-resource-arn.html
 */
import { apiArn, badRequest, stageArn } from '../model.js'
import { optStringList, optStringMap } from './input.js'
import type { GetModel, Op } from './shared.js'

const TAGGABLE = /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+::\/apis\/([^/]+)(?:\/stages\/([^/]+))?$/
const MAX_TAGS = 50

/**
 * Tag keys starting `aws:` are reserved, except the `aws:cloudformation:*` ones CloudFormation itself sets.
 * @see https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html
 */
export function checkTags(next: Record<string, string>, existing: Record<string, string>): void {
  for (const [key, value] of Object.entries(next)) {
    if (key.startsWith('aws:') && !key.startsWith('aws:cloudformation:') && !(key in existing)) throw badRequest('Tag keys starting with aws: are reserved')
    if (key.length < 1 || key.length > 128) throw badRequest(`Invalid tag key: ${key}. Tag keys must be 1 to 128 characters`)
    if (value.length > 256) throw badRequest(`Invalid tag value for key ${key}: tag values must be at most 256 characters`)
  }
  if (Object.keys({ ...existing, ...next }).length > MAX_TAGS) throw badRequest(`A resource can have at most ${MAX_TAGS} tags`)
}

export function tagOps(model: GetModel): Record<string, Op> {
  const owner = (resourceArn: unknown) => {
    const m = model()
    const match = TAGGABLE.exec(String(resourceArn ?? ''))
    if (!match) throw badRequest(`Invalid resource ARN specified: ${String(resourceArn)}`)
    const api = m.api(match[1])
    return { m, tags: match[2] ? m.stage(api, match[2]).tags : api.tags }
  }
  return {
    async TagResource(input) {
      const { m, tags } = owner(input.resourceArn)
      const next = optStringMap(input, 'tags') ?? {}
      checkTags(next, tags)
      Object.assign(tags, next)
      m.save()
      return {}
    },

    async UntagResource(input) {
      const { m, tags } = owner(input.resourceArn)
      for (const key of optStringList(input, 'tagKeys') ?? []) delete tags[key]
      m.save()
      return {}
    },

    async GetTags(input) {
      return { tags: { ...owner(input.resourceArn).tags } }
    },

    /** For the tagging service, CloudFormation's recovery and teardown sweeps. */
    async _listTaggedResources() {
      const out: { ResourceARN: string; Tags: { Key: string; Value: string }[] }[] = []
      const list = (tags: Record<string, string>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))
      for (const api of Object.values(model().apis)) {
        if (Object.keys(api.tags).length) out.push({ ResourceARN: apiArn(api.region, api.apiId), Tags: list(api.tags) })
        for (const stage of Object.values(api.stages)) {
          if (Object.keys(stage.tags).length) out.push({ ResourceARN: stageArn(api.region, api.apiId, stage.stageName), Tags: list(stage.tags) })
        }
      }
      return out
    },
  }
}
