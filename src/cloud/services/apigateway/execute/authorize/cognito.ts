/**
 * @module REST glue for COGNITO_USER_POOLS authorizers: the token from the authorizer's header, checked by the Cognito
 * token verifier (ID token without method scopes, access token with a matching scope); any failure is 401
 * `Unauthorized`. The claims go on as `requestContext.authorizer.claims` / `$context.authorizer.claims.x`.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html
 */
import { unauthorized, type CognitoAuthorizerResult } from '../../../../authz/authorizer-result.js'
import { verifyCognitoToken } from '../../../../authz/cognito-token.js'
import { parseIdentitySources, readIdentitySources, type IdentityReader } from '../../../../authz/identity-sources.js'
import type { AuthorizerRecord } from '../../model.js'
import type { Invocation } from '../context.js'
import { execLog } from '../logging.js'

export async function runCognitoAuthorizer(inv: Invocation, authorizer: AuthorizerRecord, identity: IdentityReader): Promise<CognitoAuthorizerResult> {
  const token = readIdentitySources(parseIdentitySources(authorizer.identitySource).sources, identity)?.[0]
  const verified = await verifyCognitoToken(inv.ctx, { token, userPoolArns: authorizer.providerARNs ?? [], requiredScopes: inv.method!.authorizationScopes })
  if ('failure' in verified) {
    execLog(inv, `Unauthorized request: ${inv.requestId} (${verified.failure})`)
    throw unauthorized()
  }
  return { kind: 'cognito', claims: verified.claims as Record<string, unknown> }
}
