/**
 * @module Lambda operations on a function's resource policy and tags, the internal permission check, and Invoke.
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html
 */
import { AwsError } from '../../core/aws-error.js'
import type { CloudContext } from '../../core/types.js'
import { lookup, modelOf, type LambdaState } from './api.js'
import { invokeFunction } from './invoke.js'
import { arnOf, newRevision, type FunctionRecord } from './model.js'
import { allowsInvoke, makeStatement, policyDocument } from './policy.js'

/**
 * API Gateway asks before every invocation: answers are kept per function and policy revision (every
 * AddPermission/RemovePermission changes the revision, an update replaces the record).
 */
const answers = new WeakMap<FunctionRecord, { revision?: string; allowed: Map<string, boolean> }>()

function cachedAllowsInvoke(f: FunctionRecord, principal: string, sourceArn?: string, sourceAccount?: string): boolean {
  let entry = answers.get(f)
  if (!entry || entry.revision !== f.policyRevisionId) answers.set(f, (entry = { revision: f.policyRevisionId, allowed: new Map() }))
  const key = `${principal} ${sourceArn ?? ''} ${sourceAccount ?? ''}`
  let allowed = entry.allowed.get(key)
  if (allowed === undefined) {
    if (entry.allowed.size > 1000) entry.allowed.clear()
    entry.allowed.set(key, (allowed = allowsInvoke(f.policy, principal, sourceArn, sourceAccount)))
  }
  return allowed
}

export function policyApi(state: LambdaState) {
  return {
    async AddPermission(input: any, ctx: CloudContext) {
      const f = lookup(state, input, ctx)
      if (input.RevisionId && input.RevisionId !== f.policyRevisionId) {
        throw new AwsError('PreconditionFailedException', 412, 'The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id')
      }
      const statement = makeStatement(input, arnOf(f), f.policy)
      f.policy.push(statement)
      f.policyRevisionId = newRevision()
      modelOf(state).put(f)
      return { Statement: JSON.stringify(statement) }
    },

    /** @see https://docs.aws.amazon.com/lambda/latest/api/API_RemovePermission.html */
    async RemovePermission(input: any, ctx: CloudContext) {
      const f = lookup(state, input, ctx)
      const before = f.policy.length
      f.policy = f.policy.filter((s) => s.Sid !== input.StatementId)
      if (f.policy.length === before) {
        throw new AwsError('ResourceNotFoundException', 404, `Statement ${input.StatementId} is not found in resource policy.`)
      }
      f.policyRevisionId = f.policy.length ? newRevision() : undefined
      modelOf(state).put(f)
      return {}
    },

    /** @see https://docs.aws.amazon.com/lambda/latest/api/API_GetPolicy.html */
    async GetPolicy(input: any, ctx: CloudContext) {
      const f = lookup(state, input, ctx)
      if (!f.policy.length) throw new AwsError('ResourceNotFoundException', 404, 'The resource you requested does not exist.')
      return { Policy: policyDocument(f.policy), RevisionId: f.policyRevisionId }
    },

    /** @see https://docs.aws.amazon.com/lambda/latest/api/API_ListTags.html */
    async ListTags(input: any, ctx: CloudContext) {
      return { Tags: { ...lookup(state, { FunctionName: input.Resource, __region: input.__region }, ctx).tags } }
    },

    async TagResource(input: any, ctx: CloudContext) {
      const f = lookup(state, { FunctionName: input.Resource, __region: input.__region }, ctx)
      Object.assign(f.tags, input.Tags ?? {})
      modelOf(state).put(f)
      return {}
    },

    async UntagResource(input: any, ctx: CloudContext) {
      const f = lookup(state, { FunctionName: input.Resource, __region: input.__region }, ctx)
      for (const key of input.TagKeys ?? []) delete f.tags[key]
      modelOf(state).put(f)
      return {}
    },

    /** Invoke for other services: `{FunctionName, Payload}` → `{StatusCode, FunctionError?, Payload, LogResult?}`. */
    async Invoke(input: any, ctx: CloudContext) {
      const f = lookup(state, input, ctx)
      if (!state.runtimes) throw new AwsError('ServiceUnavailableException', 503, 'The Lambda service is starting')
      return invokeFunction(f, input, state.runtimes, ctx, state.sink)
    },

    /**
     * May `Principal` (e.g. `apigateway.amazonaws.com`) invoke the function for a call from `SourceArn`?
     * An unknown function is simply not allowed.
     */
    async _checkInvokePermission(input: any, ctx: CloudContext) {
      let f
      try {
        f = lookup(state, input, ctx)
      } catch (err) {
        if (err instanceof AwsError && err.status === 404) return { allowed: false }
        throw err
      }
      return { allowed: cachedAllowsInvoke(f, input.Principal, input.SourceArn, input.SourceAccount) }
    },

    async _listTaggedResources() {
      return modelOf(state)
        .list()
        .map((f) => ({ ResourceARN: arnOf(f), Tags: Object.entries(f.tags).map(([Key, Value]) => ({ Key, Value })) }))
    },

    /** How many sandboxes a function has now (tests and benchmarks). */
    async _sandboxCount(input: any, ctx: CloudContext) {
      const f = lookup(state, input, ctx)
      return { count: state.runtimes?.sandboxCount(f) ?? 0 }
    },
  }
}
