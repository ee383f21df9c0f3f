/**
 * @module Resource Groups Tagging API (JSON 1.1, `ResourceGroupsTaggingAPI_20170126.*`): one view of the
 * tags of every service's resources, gathered through each service's `_listTaggedResources`. This is how
 * `lab teardown` confirms nothing tagged for a lab remains — the same call works on real AWS.
 * TagResources/UntagResources tag through each service's own operation (`tag-resources.ts`). GetResources and the
 * other reads need `tag:GetResources` (…) alone: AWS lists no dependent action for them.
 * Not implemented: compliance details and tag policies (GetComplianceSummary, reports).
 * @see https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_resourcegroupstaggingapi.html
 */
import { AwsError } from '../../core/aws-error.js'
import type { ApiOperation, CloudContext, CloudRequest, ServiceDef } from '../../core/types.js'
import { handleJsonRpc } from '../../protocols/aws-json.js'
import { matchesTypeFilter, validTypeFilters } from './resource-types.js'
import { changeTags } from './tag-resources.js'

const PREFIX = 'ResourceGroupsTaggingAPI_20170126'
/** Services that answer `_listTaggedResources` (a service without it yet is skipped). */
const TAGGED_SERVICES = ['s3', 'lambda', 'apigateway', 'apigatewayv2', 'dynamodb', 'iam', 'logs', 'cloudformation', 'cognito-idp']

type Tag = { Key: string; Value: string }
interface Mapping {
  ResourceARN: string
  Tags: Tag[]
  /** A bucket's region (its ARN has none); internal, not returned. */
  Region?: string
}

const invalid = (message: string) => new AwsError('InvalidParameterException', 400, message)

/**
 * The tagged resources of the caller's region, as the regional Tagging API endpoint sees them: regional
 * resources of that region (a bucket by its location), and global ones (IAM) wherever asked.
 * @see https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/overview.html
 */
async function gather(ctx: CloudContext, signedFor: string | undefined): Promise<Mapping[]> {
  const region = signedFor ?? ctx.defaultRegion
  const all: Mapping[] = []
  for (const service of TAGGED_SERVICES) {
    try {
      const found: Mapping[] = await ctx.call(service, '_listTaggedResources', {})
      all.push(...found)
    } catch (err) {
      if ((err as AwsError)?.code !== 'InvalidAction') throw err
    }
  }
  const inRegion = (m: Mapping) => {
    const arnRegion = m.ResourceARN.split(':')[3] || m.Region
    return !arnRegion || arnRegion === region
  }
  // GetResources lists resources that carry tags; sorted so pages are stable between calls.
  return all
    .filter((m) => m.Tags.length > 0 && inRegion(m))
    .map(({ ResourceARN, Tags }) => ({ ResourceARN, Tags }))
    .sort((a, b) => (a.ResourceARN < b.ResourceARN ? -1 : 1))
}

function tagFilters(value: unknown): { Key: string; Values: string[] }[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) throw invalid('TagFilters must be a list')
  if (value.length > 50) throw invalid('1 validation error detected: Value at \'tagFilters\' failed to satisfy constraint: Member must have length less than or equal to 50')
  return value.map((f) => {
    if (!f || typeof f.Key !== 'string' || !f.Key) throw invalid('1 validation error detected: Value null at \'tagFilters.member.key\' failed to satisfy constraint: Member must not be null')
    return { Key: f.Key, Values: Array.isArray(f.Values) ? f.Values.map(String) : [] }
  })
}

/** Every filter must match (AND); within one, any listed value (OR); no values: the key alone. */
const matchesTags = (tags: Tag[], filters: { Key: string; Values: string[] }[]) =>
  filters.every((f) => tags.some((t) => t.Key === f.Key && (f.Values.length === 0 || f.Values.includes(t.Value))))

const pageToken = (offset: number) => Buffer.from(JSON.stringify({ o: offset })).toString('base64')
function offsetOf(token: unknown): number {
  if (token === undefined || token === '') return 0
  try {
    const o = JSON.parse(Buffer.from(String(token), 'base64').toString()).o
    if (Number.isInteger(o) && o >= 0) return o
  } catch {
    // fall through
  }
  throw new AwsError('PaginationTokenExpiredException', 400, 'The pagination token is invalid or has expired')
}

export function taggingService(): ServiceDef {
  const api: Record<string, ApiOperation> = {
    async GetResources(input, ctx) {
      const filters = tagFilters(input.TagFilters)
      const types = validTypeFilters(input.ResourceTypeFilters)
      const arns: string[] | undefined = Array.isArray(input.ResourceARNList) ? input.ResourceARNList.map(String) : undefined
      if (arns && (filters.length || types.length)) {
        throw invalid('ResourceARNList cannot be combined with TagFilters or ResourceTypeFilters')
      }
      const perPage = input.ResourcesPerPage === undefined ? 100 : Number(input.ResourcesPerPage)
      if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) throw invalid('ResourcesPerPage must be between 1 and 100')
      const matched = (await gather(ctx, input.__region)).filter(
        (m) => (!arns || arns.includes(m.ResourceARN)) && matchesTags(m.Tags, filters) && (types.length === 0 || types.some((t) => matchesTypeFilter(m.ResourceARN, t))),
      )
      const start = offsetOf(input.PaginationToken)
      const page = matched.slice(start, start + perPage)
      return {
        // AWS quirk: the last page carries an empty-string PaginationToken, not none.
        PaginationToken: start + perPage < matched.length ? pageToken(start + perPage) : '',
        ResourceTagMappingList: page,
      }
    },

    async GetTagKeys(input, ctx) {
      offsetOf(input.PaginationToken)
      const keys = new Set((await gather(ctx, input.__region)).flatMap((m) => m.Tags.map((t) => t.Key)))
      return { PaginationToken: '', TagKeys: [...keys].sort() }
    },

    async GetTagValues(input, ctx) {
      if (typeof input.Key !== 'string' || !input.Key) throw invalid('1 validation error detected: Value null at \'key\' failed to satisfy constraint: Member must not be null')
      const values = new Set((await gather(ctx, input.__region)).flatMap((m) => m.Tags.filter((t) => t.Key === input.Key).map((t) => t.Value)))
      return { PaginationToken: '', TagValues: [...values].sort() }
    },
  }
  // Each resource is tagged through its service, judged as the caller (the request rides along).
  const changes: Record<string, (input: any, ctx: CloudContext, req: CloudRequest) => Promise<unknown>> = {
    TagResources: (input, ctx, req) => changeTags(input, ctx, req, 'TagResources'),
    UntagResources: (input, ctx, req) => changeTags(input, ctx, req, 'UntagResources'),
  }
  return {
    name: 'tagging',
    signingNames: ['tagging'],
    targetPrefixes: [PREFIX],
    protocol: 'json',
    api,
    // Each operation hears the region the call was signed for: the Tagging API answers per region.
    handle: (req, ctx) => {
      const regional: Record<string, ApiOperation> = Object.fromEntries(Object.entries(api).map(([name, op]) => [name, (input: any) => op({ ...input, __region: req.region }, ctx)]))
      for (const [name, change] of Object.entries(changes)) regional[name] = (input) => change(input, ctx, req)
      return handleJsonRpc(req, ctx, { service: 'tagging', targetPrefix: PREFIX, version: '1.1', api: regional })
    },
  }
}
