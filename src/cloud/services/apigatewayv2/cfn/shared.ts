/** @module Helpers for the API Gateway v2 CloudFormation providers: property names to wire members, tags, deletes. */
import { AwsError } from '../../../core/aws-error.js'
import type { ResourceContext } from '../../../core/types.js'

export const call = (rc: ResourceContext, op: string, input: unknown) => rc.call<any>('apigatewayv2', op, input)

/** Deleting what is already gone succeeds, as CloudFormation's delete handlers do. */
export async function ignoreNotFound(work: Promise<unknown>): Promise<void> {
  try {
    await work
  } catch (err) {
    if (!(err instanceof AwsError && err.code === 'NotFoundException')) throw err
  }
}

/** A property the local cloud does not emulate: the resource fails with a reason naming it, never a silent skip. */
export function rejectPresent(type: string, props: Record<string, unknown>, names: string[], hint = ''): void {
  for (const name of names) {
    if (props[name] === undefined) continue
    throw new AwsError('NotImplemented', 400, `${type} property ${name} is not supported by the local cloud yet${hint ? `: ${hint}` : ''}`)
  }
}

const camel = (name: string) => name[0].toLowerCase() + name.slice(1)

/** `{Name: 'x', RouteKey: 'y'}` → `{name: 'x', routeKey: 'y'}` for the listed properties (CloudFormation may send numbers and booleans as strings). */
export function wireMembers(props: Record<string, unknown>, names: string[], numbers: string[] = [], booleans: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const name of names) {
    let value = props[name]
    if (value === undefined) continue
    if (numbers.includes(name) && typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) value = Number(value)
    if (booleans.includes(name) && (value === 'true' || value === 'false')) value = value === 'true'
    out[camel(name)] = value
  }
  return out
}

/** Stack tags (`aws:cloudformation:*`) plus the resource's own `Tags` map. */
export function allTags(props: { Tags?: unknown }, rc: ResourceContext): Record<string, string> {
  const own = props.Tags && typeof props.Tags === 'object' && !Array.isArray(props.Tags) ? (props.Tags as Record<string, unknown>) : {}
  if (props.Tags !== undefined && own !== props.Tags) throw new AwsError('ValidationError', 400, 'Tags must be a map of tag keys to values')
  const tags: Record<string, string> = Object.fromEntries(rc.tags.map((t) => [t.Key, t.Value]))
  for (const [k, v] of Object.entries(own)) tags[k] = String(v)
  return tags
}

/** Tag differences as TagResource/UntagResource calls on an ARN. */
export async function syncTags(rc: ResourceContext, arn: string, next: Record<string, string>, previous: Record<string, string>): Promise<void> {
  const removed = Object.keys(previous).filter((k) => !(k in next))
  if (removed.length) await call(rc, 'UntagResource', { resourceArn: arn, tagKeys: removed })
  if (Object.keys(next).length) await call(rc, 'TagResource', { resourceArn: arn, tags: next })
}
