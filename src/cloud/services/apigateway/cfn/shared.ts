/** @module Helpers for the API Gateway CloudFormation providers. */
import { AwsError } from '../../../core/aws-error.js'
import type { ResourceContext } from '../../../core/types.js'

export const call = (rc: ResourceContext, op: string, input: unknown) => rc.call<any>('apigateway', op, input)

/** Deleting what is already gone succeeds, as CloudFormation's delete handlers do. */
export async function ignoreNotFound(work: Promise<unknown>): Promise<void> {
  try {
    await work
  } catch (err) {
    if (!(err instanceof AwsError && err.code === 'NotFoundException')) throw err
  }
}

/** A property the local cloud does not emulate: fail the resource with a reason naming it. */
export function unsupported(type: string, property: string, hint = ''): AwsError {
  return new AwsError('NotImplemented', 400, `${type} property ${property} is not supported by the local cloud yet${hint ? `: ${hint}` : ''}`)
}

export function rejectPresent(type: string, props: Record<string, unknown>, names: string[]): void {
  for (const name of names) if (props[name] !== undefined) throw unsupported(type, name)
}

export const tagMap = (tags: { Key: string; Value: string }[] | undefined): Record<string, string> =>
  Object.fromEntries((tags ?? []).map((t) => [t.Key, t.Value]))

/** Tag differences as TagResource/UntagResource calls on an ARN. */
export async function syncTags(rc: ResourceContext, arn: string, next: Record<string, string>, previous: Record<string, string>): Promise<void> {
  const removed = Object.keys(previous).filter((k) => !(k in next))
  if (removed.length) await call(rc, 'UntagResource', { resourceArn: arn, tagKeys: removed })
  if (Object.keys(next).length) await call(rc, 'TagResource', { resourceArn: arn, tags: next })
}

/** Patch operations for a string-map property such as stage Variables. */
export function mapPatch(path: string, next: Record<string, string> = {}, previous: Record<string, string> = {}) {
  const ops: { op: string; path: string; value?: string }[] = []
  for (const key of Object.keys(previous)) if (!(key in next)) ops.push({ op: 'remove', path: `${path}/${key}` })
  for (const [key, value] of Object.entries(next)) if (previous[key] !== value) ops.push({ op: 'replace', path: `${path}/${key}`, value })
  return ops
}
