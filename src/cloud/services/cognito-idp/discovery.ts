/**
 * @module A pool's public key set and OpenID Connect discovery document, unauthenticated GETs as on AWS
 * (`https://cognito-idp.{region}.amazonaws.com/{poolId}/.well-known/jwks.json`). Locally at
 * `http://cognito-idp.localhost:PORT/{poolId}/.well-known/{jwks.json,openid-configuration}` and
 * `http://localhost:PORT/_aws/cognito-idp/{poolId}/.well-known/…`. The tokens' `iss` stays AWS's URL; the
 * discovery document's `jwks_uri` is the local address it was asked on, so OIDC clients can fetch the keys.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
 */
import { AwsError } from '../../core/aws-error.js'
import type { CloudRequest, CloudResponse } from '../../core/types.js'
import type { PoolKeys } from './keys.js'
import type { StoredPool } from './model.js'
import { issuerOf } from './tokens.js'

// Not implemented: the hosted UI's OAuth endpoints (authorize, token, userInfo) in the discovery document: they need a
// user pool domain, which the local cloud does not emulate.
export function serveDiscovery(req: CloudRequest, pool: StoredPool | undefined, keys: PoolKeys): CloudResponse {
  if (req.route.kind !== 'cognito-discovery') throw new AwsError('ResourceNotFoundException', 404, 'Not found')
  if (!pool) throw new AwsError('ResourceNotFoundException', 404, `User pool ${req.route.poolId} does not exist.`)
  const headers = { 'content-type': 'application/json;charset=UTF-8', 'access-control-allow-origin': '*', 'x-amzn-requestid': req.requestId, 'cache-control': 'max-age=300' }
  if (req.route.document === 'jwks.json') return { status: 200, headers, body: JSON.stringify(keys.jwks(pool.Id)) }
  const issuer = issuerOf(pool)
  const onAws = req.host.endsWith('.amazonaws.com')
  const base = onAws ? issuer : `http://${req.headers['host']}${req.rawPath.startsWith('/_aws/') ? `/_aws/cognito-idp/${pool.Id}` : `/${pool.Id}`}`
  const document = {
    issuer,
    jwks_uri: `${base}/.well-known/jwks.json`,
    id_token_signing_alg_values_supported: ['RS256'],
    subject_types_supported: ['public'],
    response_types_supported: ['code', 'token'],
    scopes_supported: ['openid', 'email', 'phone', 'profile'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    claims_supported: ['sub', 'aud', 'iss', 'exp', 'iat', 'auth_time', 'token_use', 'cognito:username', 'email', 'email_verified', 'phone_number', 'phone_number_verified'],
  }
  return { status: 200, headers, body: JSON.stringify(document) }
}
