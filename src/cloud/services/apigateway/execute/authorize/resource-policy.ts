/**
 * @module The deployed resource policy of a REST API stage, parsed once per deployment snapshot, and its
 * evaluation for an execute-api call.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html
 */
import { evaluateResourcePolicy, parsePolicy, type Decision, type PolicyDocument } from '../../../../authz/policy-eval.js'
import { INVOKE_ACTION } from '../../../../authz/invoke-request.js'
import type { Snapshot } from '../../model.js'

const parsed = new WeakMap<Snapshot, PolicyDocument>()

/** The snapshot's policy, or undefined when the deployment has none. */
export function deployedPolicy(snapshot: Snapshot | undefined): PolicyDocument | undefined {
  if (!snapshot?.policy) return undefined
  let policy = parsed.get(snapshot)
  if (!policy) parsed.set(snapshot, (policy = parsePolicy(snapshot.policy)))
  return policy
}

/** The resource policy's answer for an unauthenticated caller (methods with NONE, CUSTOM, COGNITO_USER_POOLS). */
export function anonymousDecision(policy: PolicyDocument, methodArn: string, context: Record<string, string | undefined>): Decision {
  return evaluateResourcePolicy(policy, { action: INVOKE_ACTION, resource: methodArn, principalArn: 'anonymous', context })
}
