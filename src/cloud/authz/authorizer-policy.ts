/**
 * @module What a Lambda authorizer's policy says about one request: `execute-api:Invoke` on the request's
 * method ARN (`arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}`), wildcards allowed,
 * an explicit Deny winning over any Allow. The cached policy is judged again for every request, which is why
 * a policy naming one method, cached, refuses the next method.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-control-access-using-iam-policies-to-invoke-api.html
 * @see https://repost.aws/knowledge-center/api-gateway-lambda-authorization-errors
 */
import type { PolicyDocument } from './authorizer-output.js'

export type PolicyDecision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny'

export const INVOKE_ACTION = 'execute-api:Invoke'

/**
 * Interim evaluator for authorizer policies (Action/NotAction, Resource/NotResource, `*` and `?`), to be replaced
 * by the IAM policy evaluator (`policy-eval.ts`) when it lands; callers only see `decideAuthorizerPolicy`.
 */
function wildcard(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value)
}

const anyMatch = (patterns: string | string[] | undefined, value: string, ignoreCase: boolean) =>
  [patterns ?? []].flat().some((p) => wildcard(p, value, ignoreCase))

export function decideAuthorizerPolicy(policy: PolicyDocument, methodArn: string): PolicyDecision {
  let allowed = false
  for (const s of policy.Statement) {
    const action = s.Action !== undefined ? anyMatch(s.Action, INVOKE_ACTION, true) : !anyMatch(s.NotAction, INVOKE_ACTION, true)
    const resource = s.Resource !== undefined ? anyMatch(s.Resource, methodArn, false) : !anyMatch(s.NotResource, methodArn, false)
    if (!action || !resource) continue
    if (s.Effect === 'Deny') return 'ExplicitDeny'
    allowed = true
  }
  return allowed ? 'Allow' : 'ImplicitDeny'
}
