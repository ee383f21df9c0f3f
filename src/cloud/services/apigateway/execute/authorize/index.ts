/**
 * @module Step — authorize, after routing and before the method request's API key: the deployed resource policy
 * combined with the method's authorization type, per AWS's evaluation flows.
 *  - NONE: a resource policy, if any, must explicitly allow the (anonymous) caller.
 *  - AWS_IAM: SigV4, then identity policies with the resource policy (table A same account, B cross-account).
 *  - CUSTOM (Lambda): the resource policy's explicit Deny refuses before the function runs; then the function's
 *    policy (possibly cached) is judged against this request's method ARN and combined with the resource policy
 *    by table A.
 *  - COGNITO_USER_POOLS: the token, then the resource policy on its own (it needs an explicit Allow).
 * The decision logic is in src/cloud/authz/ (shared with the WebSocket `$connect`); this is the REST glue.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html
 */
import { authorizerDeniedMessage, resourcePolicyOnly, tableA } from '../../../../authz/api-access.js'
import { AuthzRefusal } from '../../../../authz/authorizer-result.js'
import { accessDenied } from '../../../../authz/iam-invoke.js'
import { conditionContext, INVOKE_ACTION, methodArn } from '../../../../authz/invoke-request.js'
import { evaluateIdentityPolicies, parsePolicy, PolicyParseError, type Decision, type PolicyDocument } from '../../../../authz/policy-eval.js'
import { GatewayError, internalError, type Invocation } from '../context.js'
import { execLog } from '../logging.js'
import { runAuthorizer } from './authorizer.js'
import { authorizeIam } from './iam.js'
import { anonymousDecision, deployedPolicy } from './resource-policy.js'

export async function authorize(inv: Invocation): Promise<void> {
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
      case 'CUSTOM':
        return await authorizeWithLambda(inv, policy, arn)
      case 'COGNITO_USER_POOLS':
        inv.authorizer = await runAuthorizer(inv)
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

/** Two phases: the resource policy's explicit Deny before the function runs, then table A with its policy. */
async function authorizeWithLambda(inv: Invocation, policy: PolicyDocument | undefined, arn: string): Promise<void> {
  const context = conditionContext(inv.req.sourceIp, inv.req.headers)
  const resource: Decision = policy ? anonymousDecision(policy, arn, context) : 'implicit'
  if (resource === 'Deny') throw accessDenied('anonymous', arn, 'ExplicitDeny')
  const result = await runAuthorizer(inv)
  if (result.kind !== 'lambda') throw internalError()
  const own = evaluateIdentityPolicies([parsePolicy(result.policyDocument)], { action: INVOKE_ACTION, resource: arn, context })
  const outcome = tableA(own, resource)
  if (outcome !== 'Allow') throw new AuthzRefusal('ACCESS_DENIED', authorizerDeniedMessage(outcome), 403)
  inv.authorizer = result
}
