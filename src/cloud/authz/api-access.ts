/**
 * @module How API Gateway combines a REST API's resource policy with the method's authorization — AWS's evaluation
 * tables, data-plane-neutral (REST methods and the WebSocket `$connect` share them). Table A (same account, and
 * every Lambda authorizer): either side allowing is enough unless one side denies. Table B (IAM caller from another
 * account): both sides must allow. A resource policy alone, or with Cognito, needs its own explicit Allow.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html
 */
import type { Decision } from './policy-types.js'

export type AccessOutcome = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny'

/** Table A: Allow on either side allows; Deny on either side denies. */
export function tableA(caller: Decision, resourcePolicy: Decision): AccessOutcome {
  if (caller === 'Deny' || resourcePolicy === 'Deny') return 'ExplicitDeny'
  return caller === 'Allow' || resourcePolicy === 'Allow' ? 'Allow' : 'ImplicitDeny'
}

/** Table B: cross-account callers need an Allow on both sides. */
export function tableB(caller: Decision, resourcePolicy: Decision): AccessOutcome {
  if (caller === 'Deny' || resourcePolicy === 'Deny') return 'ExplicitDeny'
  return caller === 'Allow' && resourcePolicy === 'Allow' ? 'Allow' : 'ImplicitDeny'
}

/** A resource policy on its own (no authorization, or Cognito): it must explicitly allow. */
export function resourcePolicyOnly(resourcePolicy: Decision): AccessOutcome {
  if (resourcePolicy === 'Deny') return 'ExplicitDeny'
  return resourcePolicy === 'Allow' ? 'Allow' : 'ImplicitDeny'
}

/**
 * `AWS_IAM`: identity policies and the resource policy (absent = no statement either way). Without a resource
 * policy, a cross-account caller is implicitly denied: nothing in the API's account grants it anything.
 */
export function iamAccess(identity: Decision, resourcePolicy: Decision | undefined, sameAccount: boolean): AccessOutcome {
  const resource = resourcePolicy ?? 'implicit'
  return sameAccount ? tableA(identity, resource) : tableB(identity, resource)
}

/** `User: <arn> is not authorized to perform: execute-api:Invoke on resource: <arn>[ with an explicit deny]`. */
export function notAuthorizedMessage(principal: string, action: string, resource: string, outcome: AccessOutcome): string {
  return `User: ${principal} is not authorized to perform: ${action} on resource: ${resource}${outcome === 'ExplicitDeny' ? ' with an explicit deny' : ''}`
}

/** A Lambda authorizer's own policy: `User is not authorized to access this resource[ with an explicit deny]`. */
export function authorizerDeniedMessage(outcome: AccessOutcome): string {
  return `User is not authorized to access this resource${outcome === 'ExplicitDeny' ? ' with an explicit deny' : ''}`
}
