/**
 * @module The identity side of an IAM decision, shared by every place that judges a signer (execute-api `AWS_IAM`,
 * `@connections`, WebSocket `$connect`, STS AssumeRole, the API gate's callers through `principal-policies.ts`): the account's root user may do anything in its own
 * account; IAM users and role sessions what their identity policies allow; a principal IAM no longer knows, nothing.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import type { CloudContext } from '../core/types.js'
import type { CallerIdentity } from '../edge/sigv4.js'
import { evaluateIdentityPolicies, type Decision } from './policy-eval.js'
import { principalPolicies } from './principal-policies.js'

export type DecisionFacts = Parameters<typeof evaluateIdentityPolicies>[1]

const ROOT = /^arn:aws:iam::\d{12}:root$/

export async function identityDecision(ctx: Pick<CloudContext, 'call'>, caller: Pick<CallerIdentity, 'arn'>, facts: DecisionFacts): Promise<Decision> {
  if (ROOT.test(caller.arn)) return 'Allow'
  // Parsed once per principal, until IAM changes (principal-policies.ts).
  const found = await principalPolicies(ctx, caller.arn)
  if (!found.found) return 'implicit'
  return evaluateIdentityPolicies(found.policies, facts)
}
