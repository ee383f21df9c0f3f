/**
 * @module Step — authorize, after routing and before the method request's API key: the deployed resource policy
 * combined with the method's authorization type, per AWS's evaluation flows.
 *  - NONE: a resource policy, if any, must explicitly allow the (anonymous) caller.
 *  - AWS_IAM: SigV4, then identity policies with the resource policy (table A same account, B cross-account).
 *  - CUSTOM (Lambda): the resource policy's explicit Deny refuses before the function runs; then the function's
 *    policy and the resource policy combine by table A (`./authorizer.ts`).
 *  - COGNITO_USER_POOLS: the token, then the resource policy on its own (it needs an explicit Allow).
 * The decision logic is in src/cloud/authz/ (shared with the WebSocket `$connect`); this is the REST glue.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html
 */
import { resourcePolicyOnly } from '../../../../authz/api-access.js'
import { AuthzRefusal } from '../../../../authz/refusal.js'
import { accessDenied } from '../../../../authz/iam-invoke.js'
import { conditionContext, methodArn } from '../../../../authz/invoke-request.js'
import { PolicyParseError, type PolicyDocument } from '../../../../authz/policy-eval.js'
import type { ApigwModel } from '../../model.js'
import { GatewayError, internalError, type Invocation } from '../context.js'
import { execLog } from '../logging.js'
import { authorizeWithAuthorizer } from './authorizer.js'
import { authorizeIam } from './iam.js'
import { anonymousDecision, deployedPolicy } from './resource-policy.js'

export async function authorize(inv: Invocation, model: ApigwModel): Promise<void> {
  const type = inv.method!.authorizationType
  const policy = readPolicy(inv)
  if (type === 'NONE' && !policy) return
  const arn = methodArn(inv.api!.region, inv.ctx.accountId, inv.apiId, inv.stageName!, inv.req.method.toUpperCase(), inv.path)
  try {
    switch (type) {
      case 'NONE':
        return requireAllow(inv, policy!, arn)
      case 'AWS_IAM':
        await authorizeIam(inv, arn, policy)
        execLog(inv, `Authorization succeeded for ${inv.caller?.arn}`)
        return
      case 'CUSTOM': {
        const resource = policy ? anonymousDecision(policy, arn, conditionContext(inv.req.sourceIp, inv.req.headers)) : 'implicit'
        if (resource === 'Deny') throw accessDenied('anonymous', arn, 'ExplicitDeny')
        return await authorizeWithAuthorizer(inv, model, resource)
      }
      case 'COGNITO_USER_POOLS':
        await authorizeWithAuthorizer(inv, model)
        if (policy) requireAllow(inv, policy, arn)
        return
      default:
        throw internalError()
    }
  } catch (err) {
    if (err instanceof AuthzRefusal) {
      execLog(inv, `Authorization failed: ${err.responseType}`)
      throw new GatewayError(err.responseType, err.message, err.status, { errorType: err.errorType, messageKey: err.messageKey })
    }
    if (err instanceof PolicyParseError) {
      inv.ctx.log(`apigateway ${inv.apiId}: an identity policy cannot be evaluated: ${err.message}`)
      throw internalError()
    }
    throw err
  }
}

/** The deployment's resource policy; one the evaluator cannot read is the API's configuration error (500). */
function readPolicy(inv: Invocation): PolicyDocument | undefined {
  try {
    return deployedPolicy(inv.snapshot)
  } catch (err) {
    if (!(err instanceof PolicyParseError)) throw err
    inv.ctx.log(`apigateway ${inv.apiId}: the deployed resource policy cannot be evaluated: ${err.message}`)
    throw internalError()
  }
}

/** The resource policy alone: anonymous callers need an explicit Allow. */
function requireAllow(inv: Invocation, policy: PolicyDocument, arn: string): void {
  const outcome = resourcePolicyOnly(anonymousDecision(policy, arn, conditionContext(inv.req.sourceIp, inv.req.headers)))
  if (outcome !== 'Allow') throw accessDenied('anonymous', arn, outcome)
}
