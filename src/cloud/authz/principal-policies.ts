/**
 * @module The identity policies of a principal (IAM user, role, assumed-role session), parsed once and kept per
 * cloud: a warm function's every DynamoDB call must not re-read and re-parse its role's documents. IAM's
 * `_policyGeneration` moves on every change to users, roles, policies and attachments; the cache is dropped whole
 * when it does (changes are rare, requests many).
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import type { CloudContext } from '../core/types.js'
import { parsePolicy, type PolicyDocument } from './policy-eval.js'

export interface PrincipalPolicies {
  /** False when no such user or role exists (any more): nothing allows its requests. */
  found: boolean
  policies: PolicyDocument[]
  /** Attached AWS managed policies the local cloud has no document for (they grant nothing here). */
  unknownPolicyArns: string[]
}

interface Cache {
  generation: number
  byPrincipal: Map<string, PrincipalPolicies>
}

/** Far above what one lab makes (a role per function, a few users and sessions): past it, start again. */
const MAX_PRINCIPALS = 2000

/** One cache per cloud (its `ctx`), so two clouds in one process never share. */
const caches = new WeakMap<object, Cache>()

export async function principalPolicies(ctx: Pick<CloudContext, 'call'>, principalArn: string): Promise<PrincipalPolicies> {
  const generation: number = await ctx.call('iam', '_policyGeneration')
  let cache = caches.get(ctx)
  if (!cache || cache.generation !== generation || cache.byPrincipal.size >= MAX_PRINCIPALS) {
    cache = { generation, byPrincipal: new Map() }
    caches.set(ctx, cache)
  }
  const cached = cache.byPrincipal.get(principalArn)
  if (cached) return cached
  const found = await ctx.call('iam', '_identityPolicies', { principalArn })
  // IAM validated each document when it was put; one that fails now fails the request (a skipped Deny would allow).
  const entry: PrincipalPolicies = {
    found: Boolean(found.found),
    policies: (found.policies as string[]).map((p) => parsePolicy(p)),
    unknownPolicyArns: found.unknownPolicyArns ?? [],
  }
  cache.byPrincipal.set(principalArn, entry)
  return entry
}
