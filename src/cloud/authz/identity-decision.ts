/**
 * @module The identity side of an IAM decision, shared by every place that judges a signer (execute-api `AWS_IAM`,
 * `@connections`, WebSocket `$connect`, STS AssumeRole): the account's root user may do anything in its own
 * account; IAM users and role sessions what their identity policies allow; a principal IAM no longer knows, nothing.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import type { CloudContext } from '../core/types.js'
import type { CallerIdentity } from '../edge/sigv4.js'
import { evaluateIdentityPolicies, parsePolicy, type Decision } from './policy-eval.js'

export type DecisionFacts = Parameters<typeof evaluateIdentityPolicies>[1]

const ROOT = /^arn:aws:iam::\d{12}:root$/

export async function identityDecision(ctx: Pick<CloudContext, 'call'>, caller: Pick<CallerIdentity, 'arn'>, facts: DecisionFacts): Promise<Decision> {
  if (ROOT.test(caller.arn)) return 'Allow'
  const found = await ctx.call('iam', '_identityPolicies', { principalArn: caller.arn })
  if (found.root) return 'Allow'
  if (!found.found) return 'implicit'
  return evaluateIdentityPolicies((found.policies as string[]).map((p) => parsePolicy(p)), facts)
}
