/**
 * @module `ResourceTypeFilters` of the Tagging API: `service` or `service:resourceType`, matched against
 * a resource's ARN (`arn:aws:dynamodb:…:table/x` is `dynamodb:table`).
 * @see https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html#resourcegrouptagging-GetResources-request-ResourceTypeFilters
 */
import { AwsError } from '../../core/aws-error.js'
import { parseArn } from '../../core/arn.js'

const FILTER = /^[a-z0-9-]+(?::[A-Za-z0-9-]+(?:\/[A-Za-z0-9-]+)*)?$/

export function validTypeFilters(value: unknown): string[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) throw new AwsError('InvalidParameterException', 400, 'ResourceTypeFilters must be a list')
  return value.map((v) => {
    const filter = String(v)
    if (!FILTER.test(filter)) throw new AwsError('InvalidParameterException', 400, `Unsupported resource type filter: ${filter}`)
    return filter
  })
}

/** The resource type part of an ARN: the resource id's first segment (`table`, `function`, `log-group`). */
export function resourceType(arn: string): { service: string; type: string } | undefined {
  const parsed = parseArn(arn)
  if (!parsed) return undefined
  const resource = parsed.resource.replace(/^\//, '')
  // API Gateway ARNs are paths of collection/id pairs: `/restapis/a1/stages/prod` is `restapis/stages`.
  if (parsed.service === 'apigateway') {
    return { service: 'apigateway', type: resource.split('/').filter((_, i) => i % 2 === 0).join('/') }
  }
  const cut = resource.search(/[:/]/)
  // AWS quirk: S3 bucket ARNs are just the name (`arn:aws:s3:::bucket`); their type is `bucket`.
  if (cut === -1) return { service: parsed.service, type: parsed.service === 's3' ? 'bucket' : resource }
  return { service: parsed.service, type: resource.slice(0, cut) }
}

export function matchesTypeFilter(arn: string, filter: string): boolean {
  const kind = resourceType(arn)
  if (!kind) return false
  const [service, type] = filter.split(':')
  return kind.service === service && (type === undefined || kind.type === type)
}
