/**
 * @module Step — authorize, after routing and before the method request's API key: CUSTOM (Lambda) and
 * COGNITO_USER_POOLS methods. A Lambda authorizer's policy (possibly from the cache) is judged against this
 * request's method ARN; an explicit Deny or no Allow is a 403.
 * Interim: the IAM work item's orchestrator replaces this file (adding AWS_IAM and resource policies).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html
 */
import { authorizerDeniedMessage, tableA } from '../../../../authz/api-access.js'
import { AuthzRefusal } from '../../../../authz/authorizer-result.js'
import { evaluateIdentityPolicies, parsePolicy } from '../../../../authz/policy-eval.js'
import { GatewayError, type Invocation } from '../context.js'
import { execLog } from '../logging.js'
import { requestMethodArn, runAuthorizer } from './authorizer.js'

export async function authorize(inv: Invocation): Promise<void> {
  const type = inv.method!.authorizationType
  if (type !== 'CUSTOM' && type !== 'COGNITO_USER_POOLS') return
  try {
    const result = await runAuthorizer(inv)
    if (result.kind === 'lambda') {
      const own = evaluateIdentityPolicies([parsePolicy(result.policyDocument)], { action: 'execute-api:Invoke', resource: requestMethodArn(inv), context: {} })
      const outcome = tableA(own, 'implicit')
      if (outcome !== 'Allow') throw new AuthzRefusal('ACCESS_DENIED', authorizerDeniedMessage(outcome), 403)
    }
    inv.authorizer = result
  } catch (err) {
    if (!(err instanceof AuthzRefusal)) throw err
    execLog(inv, `Authorization failed: ${err.responseType}`)
    throw new GatewayError(err.responseType, err.message, err.status)
  }
}
