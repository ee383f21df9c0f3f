/**
 * @module Signing in: InitiateAuth (USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH), AdminInitiateAuth
 * (ADMIN_USER_PASSWORD_AUTH), RespondToAuthChallenge (NEW_PASSWORD_REQUIRED) and GetUser (with an access token).
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { decodeJwt, jwtVerify } from 'jose'
import { AwsError } from '../../core/aws-error.js'
import type { ApiOperation } from '../../core/types.js'
import type { PoolKeys } from './keys.js'
import { SignInLockout, unknownUserKey } from './lockout.js'
import type { CognitoState, StoredClient, StoredPool, StoredUser } from './model.js'
import { checkPassword, hashSecret, secretMatches } from './passwords.js'
import { issueTokens, issuerOf, newRefreshToken, refreshTokenKey, type AuthenticationResult, type Session } from './tokens.js'
import { STANDARD_ATTRIBUTES } from './pools.js'
import { attributesOut, findUser, userNotFound } from './users.js'
import { checkSecretHash, findClient, invalidParameter, notAuthorized, poolOf, refuseUnsupported, required, stringMap } from './validate.js'

// Not implemented: the SRP (USER_SRP_AUTH), CUSTOM_AUTH and USER_AUTH (passwordless) flows, MFA challenges and
// AdminRespondToAuthChallenge — refused by name (use USER_PASSWORD_AUTH or ADMIN_USER_PASSWORD_AUTH).
const AUTH_FLOWS = ['USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN', 'CUSTOM_AUTH', 'ADMIN_NO_SRP_AUTH', 'USER_PASSWORD_AUTH', 'ADMIN_USER_PASSWORD_AUTH', 'USER_AUTH']
const incorrect = () => notAuthorized('Incorrect username or password.')
/** Challenge sessions waiting for an answer, at most this many (the oldest go first). */
const MAX_SESSIONS = 10_000

interface PendingChallenge {
  poolId: string
  clientId: string
  username: string
  challenge: 'NEW_PASSWORD_REQUIRED'
  expires: number
}

function allows(client: StoredClient, ...flows: string[]): boolean {
  return flows.some((f) => client.ExplicitAuthFlows.includes(f))
}

function authFlowOf(input: Record<string, unknown>): string {
  const flow = required(input, 'AuthFlow')
  if (!AUTH_FLOWS.includes(flow)) {
    throw invalidParameter(`1 validation error detected: Value '${flow}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: [${AUTH_FLOWS.join(', ')}]`)
  }
  return flow
}

const param = (params: Record<string, string>, name: string) => params[name] || (() => { throw invalidParameter(`Missing required parameter ${name}`) })()

export function authApi(state: () => CognitoState, save: () => void, keys: PoolKeys): Record<string, ApiOperation> {
  const pools = () => state().pools
  const challenges = new Map<string, PendingChallenge>()
  const lockout = new SignInLockout()
  const unknownUserLockout = new SignInLockout()

  async function signedIn(pool: StoredPool, client: StoredClient, user: StoredUser): Promise<{ ChallengeParameters: {}; AuthenticationResult: AuthenticationResult }> {
    const session: Session = { authTime: Math.floor(Date.now() / 1000), originJti: randomUUID() }
    const tokens = await issueTokens(keys, pool, client, user, session)
    const RefreshToken = newRefreshToken(state(), pool, client, user, session)
    save()
    return { ChallengeParameters: {}, AuthenticationResult: { ...tokens, RefreshToken } }
  }

  function challenge(pool: StoredPool, client: StoredClient, user: StoredUser) {
    const now = Date.now()
    for (const [key, pending] of challenges) if (pending.expires <= now || challenges.size >= MAX_SESSIONS) challenges.delete(key)
    const session = randomBytes(96).toString('base64url')
    challenges.set(session, { poolId: pool.Id, clientId: client.ClientId, username: user.Username, challenge: 'NEW_PASSWORD_REQUIRED', expires: now + client.AuthSessionValidity * 60_000 })
    const { sub: _sub, ...visible } = user.Attributes
    return {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: session,
      ChallengeParameters: { USER_ID_FOR_SRP: user.Username, requiredAttributes: '[]', userAttributes: JSON.stringify(visible) },
    }
  }

  /** USERNAME + PASSWORD, checked in Cognito's order: secret hash, user, password, state. */
  async function passwordAuth(pool: StoredPool, client: StoredClient, params: Record<string, string>) {
    const username = param(params, 'USERNAME')
    const password = param(params, 'PASSWORD')
    const user = findUser(pool, username)
    checkSecretHash(client, [username, user?.Username], params.SECRET_HASH)
    if (!user && client.PreventUserExistenceErrors !== 'ENABLED') throw userNotFound()
    // PreventUserExistenceErrors: an unknown user gets what a wrong password gets, after the same work — the same
    // lockout schedule (kept apart, so names that exist nowhere cannot push real users' lockouts out) and one
    // password check (against a hash no password matches) — so neither the answer nor its time tells them apart.
    // AWS does not document how it locks out a name that does not exist; locking it out like a user keeps the
    // sixth answer identical too.
    // @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-managing-errors.html
    const attempts = user ? { lockout, key: user.Username } : { lockout: unknownUserLockout, key: unknownUserKey(pool.CaseSensitive, username) }
    attempts.lockout.check(pool.Id, attempts.key)
    const matches = await secretMatches(password, user?.PasswordHash)
    if (!user || !matches) {
      attempts.lockout.failed(pool.Id, attempts.key)
      throw incorrect()
    }
    lockout.succeeded(pool.Id, user.Username)
    if (!user.Enabled) throw notAuthorized('User is disabled.')
    if (user.UserStatus === 'UNCONFIRMED') throw new AwsError('UserNotConfirmedException', 400, 'User is not confirmed.')
    if (user.UserStatus === 'RESET_REQUIRED') throw new AwsError('PasswordResetRequiredException', 400, 'Password reset required for the user')
    if (user.UserStatus === 'FORCE_CHANGE_PASSWORD') {
      const days = pool.PasswordPolicy.TemporaryPasswordValidityDays
      if (days > 0 && (user.TemporaryPasswordSetAt ?? 0) + days * 86_400_000 <= Date.now()) {
        throw notAuthorized('Temporary password has expired and must be reset by an administrator.')
      }
      return challenge(pool, client, user)
    }
    return signedIn(pool, client, user)
  }

  async function refreshAuth(pool: StoredPool, client: StoredClient, params: Record<string, string>) {
    const token = param(params, 'REFRESH_TOKEN')
    const stored = Object.hasOwn(state().refreshTokens, refreshTokenKey(token)) ? state().refreshTokens[refreshTokenKey(token)] : undefined
    if (!stored || stored.Expires <= Date.now() || stored.ClientId !== client.ClientId || stored.UserPoolId !== pool.Id) {
      throw notAuthorized(stored && stored.Expires <= Date.now() ? 'Refresh Token has expired' : 'Invalid Refresh Token')
    }
    const user = Object.hasOwn(pool.Users, stored.Username) ? pool.Users[stored.Username] : undefined
    if (!user) throw notAuthorized('Invalid Refresh Token')
    checkSecretHash(client, user.Username, params.SECRET_HASH)
    if (!user.Enabled) throw notAuthorized('User is disabled.')
    // No new refresh token: Cognito returns only new ID and access tokens, for the same sign-in.
    const tokens = await issueTokens(keys, pool, client, user, { authTime: stored.AuthTime, originJti: stored.OriginJti })
    return { ChallengeParameters: {}, AuthenticationResult: tokens }
  }

  return {
    async InitiateAuth(input) {
      const flow = authFlowOf(input)
      refuseUnsupported(input, ['ClientMetadata', 'AnalyticsMetadata', 'UserContextData', 'Session'])
      const { pool, client } = findClient(pools(), required(input, 'ClientId'))
      const params = stringMap(input, 'AuthParameters')
      if (flow === 'USER_PASSWORD_AUTH') {
        if (!allows(client, 'ALLOW_USER_PASSWORD_AUTH', 'USER_PASSWORD_AUTH')) throw invalidParameter('USER_PASSWORD_AUTH flow not enabled for this client')
        return passwordAuth(pool, client, params)
      }
      if (flow === 'REFRESH_TOKEN_AUTH' || flow === 'REFRESH_TOKEN') {
        if (client.ExplicitAuthFlows.some((f) => f.startsWith('ALLOW_')) && !allows(client, 'ALLOW_REFRESH_TOKEN_AUTH')) throw invalidParameter('Refresh Token auth flow not enabled for this client')
        return refreshAuth(pool, client, params)
      }
      if (flow === 'ADMIN_NO_SRP_AUTH' || flow === 'ADMIN_USER_PASSWORD_AUTH') throw invalidParameter('Initiate Auth method not supported.')
      throw invalidParameter(`${flow} is not implemented by the local cloud (see docs/coverage.md); use USER_PASSWORD_AUTH.`)
    },

    async AdminInitiateAuth(input) {
      const flow = authFlowOf(input)
      refuseUnsupported(input, ['ClientMetadata', 'AnalyticsMetadata', 'ContextData', 'Session'])
      const pool = poolOf(pools(), required(input, 'UserPoolId'))
      const { client } = findClient({ [pool.Id]: pool }, required(input, 'ClientId'))
      const params = stringMap(input, 'AuthParameters')
      if (flow === 'ADMIN_USER_PASSWORD_AUTH' || flow === 'ADMIN_NO_SRP_AUTH') {
        if (!allows(client, 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH')) throw invalidParameter('Auth flow not enabled for this client')
        return passwordAuth(pool, client, params)
      }
      if (flow === 'REFRESH_TOKEN_AUTH' || flow === 'REFRESH_TOKEN') return refreshAuth(pool, client, params)
      if (flow === 'USER_PASSWORD_AUTH') throw invalidParameter('Initiate Auth method not supported.')
      throw invalidParameter(`${flow} is not implemented by the local cloud (see docs/coverage.md); use ADMIN_USER_PASSWORD_AUTH.`)
    },

    async RespondToAuthChallenge(input) {
      const name = required(input, 'ChallengeName')
      refuseUnsupported(input, ['ClientMetadata', 'AnalyticsMetadata', 'UserContextData'])
      const { pool, client } = findClient(pools(), required(input, 'ClientId'))
      const responses = stringMap(input, 'ChallengeResponses')
      const key = typeof input.Session === 'string' ? input.Session : ''
      const pending = challenges.get(key)
      if (!pending || pending.clientId !== client.ClientId || pending.challenge !== name) {
        if (name !== 'NEW_PASSWORD_REQUIRED') throw invalidParameter(`${name} is not implemented by the local cloud (see docs/coverage.md).`)
        throw notAuthorized('Invalid session for the user.')
      }
      if (pending.expires <= Date.now()) {
        challenges.delete(key)
        throw notAuthorized('Invalid session for the user, session is expired.')
      }
      const username = param(responses, 'USERNAME')
      const user = findUser(pool, username)
      if (!user || user.Username !== pending.username) throw notAuthorized('Invalid session for the user.')
      checkSecretHash(client, [username, user.Username], responses.SECRET_HASH)
      const password = checkPassword(param(responses, 'NEW_PASSWORD'), pool.PasswordPolicy, 'setPassword', 'NEW_PASSWORD')
      for (const [name, value] of Object.entries(responses)) {
        if (!name.startsWith('userAttributes.')) continue
        const attribute = name.slice('userAttributes.'.length)
        if (attribute === 'sub' || attribute.endsWith('_verified')) throw invalidParameter(`Cannot modify the non-mutable attribute ${attribute}`)
        if (!STANDARD_ATTRIBUTES.has(attribute) && !pool.SchemaAttributes.some((a) => a.Name === attribute)) {
          throw invalidParameter(`Attributes did not conform to the schema: Type for attribute {${attribute}} could not be determined`)
        }
        user.Attributes[attribute] = value
      }
      challenges.delete(key) // a session answers once
      user.PasswordHash = await hashSecret(password)
      user.UserStatus = 'CONFIRMED'
      user.TemporaryPasswordSetAt = undefined
      user.UserLastModifiedDate = Date.now()
      return signedIn(pool, client, user)
    },

    /** The access token's user; the token itself is the authorization (no SigV4). */
    async GetUser(input) {
      const token = required(input, 'AccessToken')
      const invalid = () => notAuthorized('Invalid Access Token')
      let poolId: string
      try {
        poolId = String(decodeJwt(token).iss ?? '').split('/').pop() ?? ''
      } catch {
        throw invalid()
      }
      const pool = Object.hasOwn(pools(), poolId) ? pools()[poolId] : undefined
      const publicKey = pool && keys.publicKey(pool.Id)
      if (!pool || !publicKey) throw invalid()
      let claims
      try {
        ;({ payload: claims } = await jwtVerify(token, publicKey, { issuer: issuerOf(pool), algorithms: ['RS256'] }))
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_JWT_EXPIRED') throw notAuthorized('Access Token has expired')
        throw invalid()
      }
      if (claims.token_use !== 'access' || typeof claims.username !== 'string') throw invalid()
      const user = Object.hasOwn(pool.Users, claims.username) ? pool.Users[claims.username] : undefined
      if (!user || user.Attributes.sub !== claims.sub) throw userNotFound()
      if (!user.Enabled) throw notAuthorized('User is disabled.')
      return { Username: user.Username, UserAttributes: attributesOut(user) }
    },
  }
}
