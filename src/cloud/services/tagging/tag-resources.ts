/**
 * @module TagResources and UntagResources of the Tagging API: each resource is tagged through its own service's
 * tagging operation, and needs that service's tagging permission on it besides `tag:TagResources` /
 * `tag:UntagResources` on the call (which the gate judges): `lambda:TagResource`, `dynamodb:TagResource`,
 * `s3:PutBucketTagging`, `apigateway:PUT`/`POST`/`DELETE` on `/tags/…`, `logs:TagResource`, `cognito-idp:TagResource`,
 * `iam:TagRole`. A resource the caller may not tag, or that its service refuses (no such resource, a bad tag), comes back
 * in `FailedResourcesMap` with that service's error code, status and message; the others are tagged; the call answers 200.
 * @see https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_TagResources.html
 * @see https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_UntagResources.html
 * @see https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_FailureInfo.html
 */
import { itemDenials } from '../../authz/api-gate.js'
import { apiDenied } from '../../authz/api-denial.js'
import { checksOf, IAM_ENTITY_ARN, type ApiCheck, type GateTarget } from '../../authz/api-resources.js'
import { parseArn } from '../../core/arn.js'
import { AwsError } from '../../core/aws-error.js'
import type { CloudContext, CloudRequest } from '../../core/types.js'

type Tags = Record<string, string>
type Change = { tags: Tags } | { keys: string[] }
interface FailureInfo {
  StatusCode: number
  ErrorCode: string
  ErrorMessage: string
}

/** How one service tags a resource: the operation (also what the gate judges) and its input. */
interface Tagger {
  service: string
  operation: string
  input: Record<string | symbol, unknown>
  /** The gate's path and verb, for API Gateway's permissions (verbs on `/tags/{arn}`). */
  http?: { method: string; path: string }
  /** Where the change is not one call (S3 replaces a bucket's whole tag set). */
  apply?: (ctx: CloudContext) => Promise<unknown>
}

const invalid = (message: string) => new AwsError('InvalidParameterException', 400, message)

function taggerOf(arn: string, change: Change): Tagger | undefined {
  const parsed = parseArn(arn)
  if (!parsed) return undefined
  const tagging = 'tags' in change
  const map = tagging ? change.tags : {}
  const list = Object.entries(map).map(([Key, Value]) => ({ Key, Value }))
  const keys = tagging ? [] : change.keys
  const resource = parsed.resource
  switch (parsed.service) {
    case 'lambda':
      return { service: 'lambda', operation: tagging ? 'TagResource' : 'UntagResource', input: tagging ? { Resource: arn, Tags: map } : { Resource: arn, TagKeys: keys } }
    case 'dynamodb':
      return { service: 'dynamodb', operation: tagging ? 'TagResource' : 'UntagResource', input: tagging ? { ResourceArn: arn, Tags: list } : { ResourceArn: arn, TagKeys: keys } }
    case 'logs':
      return { service: 'logs', operation: tagging ? 'TagResource' : 'UntagResource', input: tagging ? { resourceArn: arn, tags: map } : { resourceArn: arn, tagKeys: keys } }
    case 'cognito-idp':
      return { service: 'cognito-idp', operation: tagging ? 'TagResource' : 'UntagResource', input: tagging ? { ResourceArn: arn, Tags: map } : { ResourceArn: arn, TagKeys: keys } }
    case 'apigateway': {
      // REST APIs (v1: PUT /tags/{arn}) and WebSocket/HTTP APIs (v2: POST /v2/tags/{arn}); both DELETE to untag.
      const v2 = resource.startsWith('/apis/')
      const method = tagging ? (v2 ? 'POST' : 'PUT') : 'DELETE'
      const input = tagging ? { resourceArn: arn, tags: map } : { resourceArn: arn, tagKeys: keys }
      return { service: v2 ? 'apigatewayv2' : 'apigateway', operation: tagging ? 'TagResource' : 'UntagResource', input, http: { method, path: `${v2 ? '/v2' : ''}/tags/${arn}` } }
    }
    case 'iam': {
      if (!resource.startsWith('role/')) return undefined
      const RoleName = resource.slice(resource.lastIndexOf('/') + 1)
      const input = { RoleName, [IAM_ENTITY_ARN]: arn, ...(tagging ? { Tags: list } : { TagKeys: keys }) }
      // The ARN was judged as given: it must be the role's own (its path too), or a policy on another path would tag it.
      const apply = async (ctx: CloudContext) => {
        if (!(await ctx.call('iam', '_roleTrust', { RoleArn: arn })).found) throw new AwsError('NoSuchEntity', 404, `The role with name ${RoleName} cannot be found.`)
        return ctx.call('iam', tagging ? 'TagRole' : 'UntagRole', input)
      }
      return { service: 'iam', operation: tagging ? 'TagRole' : 'UntagRole', input, apply }
    }
    case 's3': {
      if (resource.includes('/')) return undefined
      const Bucket = resource
      return { service: 's3', operation: 'PutBucketTagging', input: { Bucket }, apply: (ctx) => replaceBucketTags(ctx, Bucket, change) }
    }
    default:
      // Not implemented: CloudFormation stacks (AWS updates the stack) and IAM users and policies through the Tagging API.
      return undefined
  }
}

/** S3 has no "add tags": the bucket's tag set is read, changed and put back whole (an empty one deleted). */
async function replaceBucketTags(ctx: CloudContext, Bucket: string, change: Change): Promise<void> {
  let current: { Key: string; Value: string }[] = []
  try {
    current = (await ctx.call('s3', 'GetBucketTagging', { Bucket })).TagSet
  } catch (err) {
    if (!(err instanceof AwsError && err.code === 'NoSuchTagSet')) throw err
  }
  const next = new Map(current.map((t) => [t.Key, t.Value]))
  if ('tags' in change) for (const [key, value] of Object.entries(change.tags)) next.set(key, value)
  else for (const key of change.keys) next.delete(key)
  if (next.size === 0) await ctx.call('s3', 'DeleteBucketTagging', { Bucket })
  else await ctx.call('s3', 'PutBucketTagging', { Bucket, Tagging: { TagSet: [...next].map(([Key, Value]) => ({ Key, Value })) }, _external: true })
}

function arnList(value: unknown): string[] {
  if (!Array.isArray(value) || value.length < 1 || value.length > 20 || value.some((v) => typeof v !== 'string' || v.length < 1 || v.length > 1011)) {
    throw invalid('ResourceARNList must list 1 to 20 ARNs')
  }
  return [...new Set(value as string[])]
}

function tagsOf(value: unknown): Tags {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalid('Tags must be a map of 1 to 50 tags')
  const tags: Tags = Object.create(null)
  for (const key of Object.keys(value)) {
    const tag = (value as Record<string, unknown>)[key]
    if (key.length < 1 || key.length > 128 || typeof tag !== 'string' || tag.length > 256) throw invalid(`Invalid tag: ${key.slice(0, 128)}`)
    tags[key] = tag
  }
  const count = Object.keys(tags).length
  if (count < 1 || count > 50) throw invalid('Tags must be a map of 1 to 50 tags')
  return tags
}

function tagKeysOf(value: unknown): string[] {
  if (!Array.isArray(value) || value.length < 1 || value.length > 50 || value.some((k) => typeof k !== 'string' || k.length < 1 || k.length > 128)) {
    throw invalid('TagKeys must list 1 to 50 tag keys')
  }
  return value as string[]
}

/** `{ResourceARNList, Tags}` (TagResources) or `{ResourceARNList, TagKeys}` (UntagResources) → `{FailedResourcesMap}`. */
export async function changeTags(input: Record<string, unknown>, ctx: CloudContext, req: CloudRequest, operation: 'TagResources' | 'UntagResources') {
  const arns = arnList(input.ResourceARNList)
  const change: Change = operation === 'TagResources' ? { tags: tagsOf(input.Tags) } : { keys: tagKeysOf(input.TagKeys) }
  const failed: Record<string, FailureInfo> = {}
  const fail = (arn: string, err: AwsError) => (failed[arn] = { StatusCode: err.status, ErrorCode: err.code, ErrorMessage: err.message })
  const region = req.region
  const planned: { arn: string; tagger: Tagger; check: ApiCheck }[] = []
  for (const arn of arns) {
    const tagger = taggerOf(arn, change)
    const parsed = parseArn(arn)
    if (!tagger) fail(arn, invalid(`The local cloud does not tag this resource type through the Tagging API: ${arn}`))
    else if (parsed?.region && parsed.region !== region) fail(arn, invalid(`The resource is not in the region of the request (${region}): ${arn}`))
    else if (parsed?.account && parsed.account !== ctx.accountId) fail(arn, invalid(`The resource is not in the account of the caller: ${arn}`))
    else planned.push({ arn, tagger, check: gateCheck(tagger, req, ctx) })
  }
  const denials = await itemDenials(req, ctx, planned.map((p) => p.check))
  for (const [i, { arn, tagger, check }] of planned.entries()) {
    const denial = denials[i]
    if (denial) {
      fail(arn, apiDenied(tagger.service, req.identity!.arn, check, denial))
      continue
    }
    try {
      await (tagger.apply ? tagger.apply(ctx) : ctx.call(tagger.service, tagger.operation, tagger.input))
    } catch (err) {
      if (!(err instanceof AwsError)) throw err
      fail(arn, err)
    }
  }
  return { FailedResourcesMap: failed }
}

/** The check the resource's own service makes for its tagging operation (as if called directly). */
function gateCheck(tagger: Tagger, req: CloudRequest, ctx: CloudContext): ApiCheck {
  const caller = req.identity ?? { arn: `arn:aws:iam::${ctx.accountId}:root`, account: ctx.accountId, userId: ctx.accountId, accessKeyId: '' }
  const target: GateTarget = { region: req.region, account: ctx.accountId, caller, method: tagger.http?.method ?? 'POST', path: tagger.http?.path ?? '/' }
  return checksOf(tagger.service, tagger.operation, tagger.input as Record<string, unknown>, target)[0]
}
