/**
 * @module REST glue for COGNITO_USER_POOLS authorizers: the token from the authorizer's header, checked by the
 * Cognito token verifier (`src/cloud/authz/cognito-token.ts`), its claims passed on as `claims`.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-integrate-with-cognito.html
 */
import type { AuthorizerRecord } from '../../model.js'
import type { Invocation } from '../context.js'
import { execLog } from '../logging.js'
import { authorizerConfigurationError } from './authorizer-errors.js'

export async function authorizeWithCognito(inv: Invocation, authorizer: AuthorizerRecord): Promise<void> {
  // Not implemented: COGNITO_USER_POOLS authorizers until the Cognito token verifier lands (every call is a 500).
  execLog(inv, `Execution failed due to configuration error: Cognito user pool authorizer ${authorizer.id} is not emulated yet`, 'ERROR')
  throw authorizerConfigurationError()
}
