/**
 * @module The tokens a sign-in returns, with Cognito's claims: an RS256 ID token (`aud` = the app client, the user's
 * attributes), an RS256 access token (`client_id`, `scope`, `username`, no `aud`), and an opaque refresh token
 * (random, kept only as a hash) that REFRESH_TOKEN_AUTH trades for new ID and access tokens.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-access-token.html
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { SignJWT } from 'jose'
import type { PoolKeys } from './keys.js'
import { validitySeconds, type CognitoState, type StoredClient, type StoredPool, type StoredUser } from './model.js'

/** The scope of every access token from a sign-in with the user pool API (no OAuth scopes without a hosted UI). */
export const USER_ADMIN_SCOPE = 'aws.cognito.signin.user.admin'

/** AWS's issuer URL, kept locally too: templates and authorizers name it. */
export const issuerOf = (pool: StoredPool) => `https://cognito-idp.${pool.Id.split('_')[0]}.amazonaws.com/${pool.Id}`

export interface AuthenticationResult {
  AccessToken: string
  ExpiresIn: number
  TokenType: 'Bearer'
  IdToken: string
  RefreshToken?: string
}

export const refreshTokenKey = (token: string) => createHash('sha256').update(token).digest('hex')

/** Attributes in the ID token: Cognito's `*_verified` flags are booleans there. */
function attributeClaims(user: StoredUser): Record<string, unknown> {
  const claims: Record<string, unknown> = Object.create(null)
  for (const [name, value] of Object.entries(user.Attributes)) {
    claims[name] = name.endsWith('_verified') ? value === 'true' : value
  }
  return claims
}

export interface Session {
  /** seconds since the epoch: when the user entered their password (kept through refreshes) */
  authTime: number
  originJti: string
}

export async function issueTokens(
  keys: PoolKeys,
  pool: StoredPool,
  client: StoredClient,
  user: StoredUser,
  session: Session,
): Promise<Omit<AuthenticationResult, 'RefreshToken'>> {
  const { kid, key } = keys.signing(pool.Id)
  const now = Math.floor(Date.now() / 1000)
  const iss = issuerOf(pool)
  const eventId = randomUUID()
  const idExp = now + validitySeconds(client, 'IdToken')
  const accessExp = now + validitySeconds(client, 'AccessToken')
  const header = { alg: 'RS256', kid }
  const idToken = await new SignJWT({
    ...attributeClaims(user),
    sub: user.Attributes.sub,
    iss,
    'cognito:username': user.Username,
    origin_jti: session.originJti,
    aud: client.ClientId,
    event_id: eventId,
    token_use: 'id',
    auth_time: session.authTime,
    exp: idExp,
    iat: now,
    jti: randomUUID(),
  })
    .setProtectedHeader(header)
    .sign(key)
  const accessToken = await new SignJWT({
    sub: user.Attributes.sub,
    iss,
    client_id: client.ClientId,
    origin_jti: session.originJti,
    event_id: eventId,
    token_use: 'access',
    scope: USER_ADMIN_SCOPE,
    auth_time: session.authTime,
    exp: accessExp,
    iat: now,
    jti: randomUUID(),
    username: user.Username,
  })
    .setProtectedHeader(header)
    .sign(key)
  return { AccessToken: accessToken, ExpiresIn: accessExp - now, TokenType: 'Bearer', IdToken: idToken }
}

/**
 * Refresh tokens the local cloud remembers for one user at once. AWS documents no such limit; InitiateAuth is public,
 * so without one any page that knows a password could make the cloud remember a token per call, for 30 days.
 */
export const MAX_REFRESH_TOKENS_PER_USER = 50

/**
 * A new refresh token for this sign-in, remembered (as a hash) until it expires.
 * Not implemented: more than MAX_REFRESH_TOKENS_PER_USER live refresh tokens per user — a new sign-in beyond that
 * forgets the user's oldest refresh token (it is then refused as "Invalid Refresh Token").
 */
export function newRefreshToken(state: CognitoState, pool: StoredPool, client: StoredClient, user: StoredUser, session: Session): string {
  const token = randomBytes(48).toString('base64url')
  const now = Date.now()
  const users: string[] = [] // the user's live tokens, oldest first (keys keep the order they were added in)
  for (const [hash, entry] of Object.entries(state.refreshTokens)) {
    if (entry.Expires <= now) delete state.refreshTokens[hash]
    else if (entry.UserPoolId === pool.Id && entry.Username === user.Username) users.push(hash)
  }
  for (const hash of users.slice(0, Math.max(0, users.length - MAX_REFRESH_TOKENS_PER_USER + 1))) delete state.refreshTokens[hash]
  state.refreshTokens[refreshTokenKey(token)] = {
    UserPoolId: pool.Id,
    ClientId: client.ClientId,
    Username: user.Username,
    Expires: now + validitySeconds(client, 'RefreshToken') * 1000,
    OriginJti: session.originJti,
    AuthTime: session.authTime,
  }
  return token
}
