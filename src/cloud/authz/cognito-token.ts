/**
 * @module Verify an Amazon Cognito user pool token as API Gateway's `COGNITO_USER_POOLS` authorizer does, for any
 * data plane (REST methods, WebSocket `$connect`): the signature with the pool's own public keys (RS256 only, the
 * `kid` must be one of the pool's), `iss` naming one of the authorizer's pools, `exp`/`nbf` against the clock,
 * then API Gateway's rule on the kind of token:
 * - no `AuthorizationScopes` on the method: an **ID token** (`token_use: id`) whose `aud` is a client of the pool;
 *   an access token fails;
 * - with scopes: an **access token** (`token_use: access`) whose `client_id` is a client of the pool and whose
 *   `scope` holds at least one of them; an ID token fails.
 * Every failure is API Gateway's 401 `{"message":"Unauthorized"}` to the caller; the reason returned here is for
 * the cloud's log and the lab's explanations only.
 * The pool's keys and clients come through the `cognito-idp` service's internal operations (`_publicJwks`,
 * `_userPoolClientIds`), never from its files. JWT crypto is `jose`'s.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
 */
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose'
import type { CloudContext } from '../core/types.js'

export interface CognitoTokenRequest {
  /** The identity source's value: the raw JWT (a `Bearer ` prefix is taken off, as API Gateway does). */
  token: string | undefined
  /** The authorizer's `ProviderARNs`: `arn:aws:cognito-idp:{region}:{account}:userpool/{poolId}`. */
  userPoolArns: readonly string[]
  /** The method's `AuthorizationScopes`; none (or empty) means an ID token is required. */
  requiredScopes?: readonly string[]
  /** The clock to judge `exp` and `nbf` by (tests); default now. */
  now?: Date
}

export type CognitoTokenResult =
  | { claims: JWTPayload; tokenUse: 'id' | 'access'; userPoolArn: string }
  | { failure: string }

/** A token longer than this is refused before any parsing (Cognito's tokens are a few KB at most). */
export const MAX_TOKEN_LENGTH = 16 * 1024

const POOL_ARN = /^arn:aws[a-z-]*:cognito-idp:([a-z0-9-]+):(\d{12}):userpool\/([\w-]+_[0-9A-Za-z]+)$/

/** The `iss` of a pool's tokens: AWS's own URL, kept in local tokens too (fidelity). */
export const cognitoIssuer = (region: string, userPoolId: string) => `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`

const fail = (failure: string): CognitoTokenResult => ({ failure })

interface Pool {
  arn: string
  id: string
  issuer: string
}

function poolsOf(arns: readonly string[]): Pool[] {
  const pools: Pool[] = []
  for (const arn of arns) {
    const m = POOL_ARN.exec(arn)
    if (m) pools.push({ arn, id: m[3], issuer: cognitoIssuer(m[1], m[3]) })
  }
  return pools
}

/** `jose`'s error codes, in words for the log. */
function joseReason(err: unknown): string {
  const code = (err as { code?: string })?.code
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return 'the token has expired (exp)'
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return `the token's ${(err as { claim?: string }).claim ?? 'claims'} claim is not valid now (${(err as Error).message})`
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'the signature does not match the token (tampered, or signed by another key)'
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return "the token's kid is none of the user pool's keys"
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return 'the token is not signed with RS256'
    default:
      return `the token is not a valid JWT (${code ?? 'malformed'})`
  }
}

/** Verify `token` for an authorizer over `userPoolArns`: its claims, or why it is refused. */
export async function verifyCognitoToken(ctx: Pick<CloudContext, 'call'>, request: CognitoTokenRequest): Promise<CognitoTokenResult> {
  let token = request.token?.trim()
  if (!token) return fail('no token in the identity source')
  // AWS quirk: a REST COGNITO_USER_POOLS authorizer takes the raw JWT, and a `Bearer ` prefix before it too.
  if (token.startsWith('Bearer ')) token = token.slice('Bearer '.length).trim()
  if (token.length > MAX_TOKEN_LENGTH) return fail(`the token is longer than ${MAX_TOKEN_LENGTH} characters`)

  let alg: unknown
  let kid: unknown
  let unverified: JWTPayload
  try {
    ;({ alg, kid } = decodeProtectedHeader(token))
    unverified = decodeJwt(token) // only to pick the pool by `iss`; nothing is trusted before the signature holds
  } catch {
    return fail('the token is not a JWT (three base64url parts: header, payload, signature)')
  }
  // Cognito signs with RS256 only: `none` and HMAC (the public key used as a shared secret) are refused here.
  if (alg !== 'RS256') return fail(`the token's alg is ${JSON.stringify(alg)}, not RS256`)
  if (typeof kid !== 'string' || !kid) return fail('the token has no kid in its header')

  const pool = poolsOf(request.userPoolArns).find((p) => p.issuer === unverified.iss)
  if (!pool) return fail(`the token's issuer ${JSON.stringify(unverified.iss)} is none of the authorizer's user pools`)

  let jwks: JSONWebKeySet
  let clientIds: string[]
  try {
    jwks = await ctx.call<JSONWebKeySet>('cognito-idp', '_publicJwks', { UserPoolId: pool.id })
    clientIds = (await ctx.call<{ ClientIds: string[] }>('cognito-idp', '_userPoolClientIds', { UserPoolId: pool.id })).ClientIds
  } catch {
    return fail(`the user pool ${pool.id} does not exist`)
  }
  if (!jwks.keys.some((key) => key.kid === kid)) return fail("the token's kid is none of the user pool's keys")

  // Not implemented: revoked tokens (GlobalSignOut, RevokeToken) — the local pools have no revocation operations.
  let claims: JWTPayload
  try {
    ;({ payload: claims } = await jwtVerify(token, createLocalJWKSet(jwks), {
      issuer: pool.issuer,
      algorithms: ['RS256'],
      currentDate: request.now,
    }))
  } catch (err) {
    return fail(joseReason(err))
  }

  const scopes = (request.requiredScopes ?? []).filter((s) => s !== '')
  if (scopes.length === 0) {
    if (claims.token_use !== 'id') return fail(`an ID token is required (the method has no authorization scopes), this is token_use ${JSON.stringify(claims.token_use)}`)
    const aud = typeof claims.aud === 'string' ? claims.aud : undefined
    if (!aud || !clientIds.includes(aud)) return fail(`the ID token's aud ${JSON.stringify(claims.aud)} is no app client of the user pool`)
    return { claims, tokenUse: 'id', userPoolArn: pool.arn }
  }
  if (claims.token_use !== 'access') return fail(`an access token is required (the method has authorization scopes), this is token_use ${JSON.stringify(claims.token_use)}`)
  if (typeof claims.client_id !== 'string' || !clientIds.includes(claims.client_id)) {
    return fail(`the access token's client_id ${JSON.stringify(claims.client_id)} is no app client of the user pool`)
  }
  const granted = typeof claims.scope === 'string' ? claims.scope.split(' ') : []
  if (!scopes.some((s) => granted.includes(s))) return fail(`the access token's scope "${granted.join(' ')}" has none of ${scopes.join(', ')}`)
  return { claims, tokenUse: 'access', userPoolArn: pool.arn }
}
