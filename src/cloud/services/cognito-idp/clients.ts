/**
 * @module App clients: CreateUserPoolClient, DescribeUserPoolClient, UpdateUserPoolClient, DeleteUserPoolClient —
 * auth flows, an optional secret (then every sign-in needs SECRET_HASH), token validity, and
 * PreventUserExistenceErrors.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html
 */
import { randomBytes } from 'node:crypto'
import type { ApiOperation } from '../../core/types.js'
import { UNIT_SECONDS, type CognitoState, type StoredClient, type StoredPool, type TimeUnit } from './model.js'
import { clientOf, epochSeconds, invalidParameter, poolOf, refuseUnsupported, required } from './validate.js'

// Not implemented: app clients' OAuth flows and scopes, callback URLs and the hosted UI, analytics, attribute read/write
// permissions, refresh token rotation — refused by name.
const CLIENT_NOT_IMPLEMENTED = [
  'AllowedOAuthFlows', 'AllowedOAuthScopes', 'CallbackURLs', 'LogoutURLs', 'DefaultRedirectURI', 'SupportedIdentityProviders',
  'AnalyticsConfiguration', 'ReadAttributes', 'WriteAttributes', 'RefreshTokenRotation',
] as const
const FLOWS = new Set(['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_AUTH', 'ADMIN_NO_SRP_AUTH', 'CUSTOM_AUTH_FLOW_ONLY', 'USER_PASSWORD_AUTH'])
/** What a client allows when ExplicitAuthFlows is not given. */
const DEFAULT_FLOWS = ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_USER_SRP_AUTH']
const DAY = 86400
const LOWER_ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789'

export const randomId = (length: number, alphabet = LOWER_ALPHANUMERIC) => Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join('')

function unitsOf(input: any): StoredClient['TokenValidityUnits'] {
  const given = input.TokenValidityUnits ?? {}
  const unit = (key: string, fallback: TimeUnit): TimeUnit => {
    const value = given[key] ?? fallback
    if (!Object.hasOwn(UNIT_SECONDS, value)) throw invalidParameter(`1 validation error detected: Value '${value}' at 'tokenValidityUnits.${key.charAt(0).toLowerCase() + key.slice(1)}' failed to satisfy constraint: Member must satisfy enum value set: [seconds, minutes, hours, days]`)
    return value
  }
  return { AccessToken: unit('AccessToken', 'hours'), IdToken: unit('IdToken', 'hours'), RefreshToken: unit('RefreshToken', 'days') }
}

/**
 * A token's validity in its unit: ID and access tokens 5 minutes to 1 day (default 1 hour), refresh tokens 60 minutes
 * to 10 years (default 30 days).
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-with-identity-providers.html
 */
function validity(input: any, member: 'AccessTokenValidity' | 'IdTokenValidity' | 'RefreshTokenValidity', unit: TimeUnit): number {
  const refresh = member === 'RefreshTokenValidity'
  const [fallback, min, max] = refresh ? [30 * DAY, 3600, 3650 * DAY] : [3600, 300, DAY]
  const value = input[member] === undefined || input[member] === null ? Math.max(1, Math.round(fallback / UNIT_SECONDS[unit])) : Number(input[member])
  const seconds = value * UNIT_SECONDS[unit]
  if (!Number.isInteger(value) || seconds < min || seconds > max) {
    const token = refresh ? 'Refresh token' : member === 'IdTokenValidity' ? 'ID token' : 'Access token'
    throw invalidParameter(`${token} validity must be between ${refresh ? '60 minutes and 10 years' : '5 minutes and 1 day'}.`)
  }
  return value
}

/** Every setting Create and Update take (Update resets what it is not given, as AWS does). */
function settingsOf(input: Record<string, any>): Omit<StoredClient, 'ClientId' | 'ClientSecret' | 'CreationDate' | 'LastModifiedDate'> {
  const name = required(input, 'ClientName')
  if (!/^[\w\s+=,.@-]{1,128}$/.test(name)) throw invalidParameter(`1 validation error detected: Value '${name}' at 'clientName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+`)
  refuseUnsupported(input, CLIENT_NOT_IMPLEMENTED)
  if (input.AllowedOAuthFlowsUserPoolClient === true) throw invalidParameter('AllowedOAuthFlowsUserPoolClient is not implemented by the local cloud (see docs/coverage.md).')
  const flows = input.ExplicitAuthFlows ?? DEFAULT_FLOWS
  if (!Array.isArray(flows) || flows.some((f) => !FLOWS.has(f))) {
    throw invalidParameter(`1 validation error detected: Value '${JSON.stringify(flows)}' at 'explicitAuthFlows' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${[...FLOWS].join(', ')}]]`)
  }
  if (flows.some((f: string) => f.startsWith('ALLOW_')) && flows.some((f: string) => !f.startsWith('ALLOW_'))) {
    throw invalidParameter('ExplicitAuthFlows cannot mix the legacy values (ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, CUSTOM_AUTH_FLOW_ONLY) with ALLOW_ values.')
  }
  const units = unitsOf(input)
  const session = input.AuthSessionValidity ?? 3
  if (!Number.isInteger(session) || session < 3 || session > 15) {
    throw invalidParameter(`1 validation error detected: Value '${session}' at 'authSessionValidity' failed to satisfy constraint: Member must have value between 3 and 15`)
  }
  const prevent = input.PreventUserExistenceErrors ?? 'LEGACY'
  if (prevent !== 'LEGACY' && prevent !== 'ENABLED') {
    throw invalidParameter(`1 validation error detected: Value '${prevent}' at 'preventUserExistenceErrors' failed to satisfy constraint: Member must satisfy enum value set: [LEGACY, ENABLED]`)
  }
  return {
    ClientName: name,
    ExplicitAuthFlows: [...new Set(flows as string[])],
    AccessTokenValidity: validity(input, 'AccessTokenValidity', units.AccessToken),
    IdTokenValidity: validity(input, 'IdTokenValidity', units.IdToken),
    RefreshTokenValidity: validity(input, 'RefreshTokenValidity', units.RefreshToken),
    TokenValidityUnits: units,
    PreventUserExistenceErrors: prevent,
    AuthSessionValidity: session,
    EnableTokenRevocation: input.EnableTokenRevocation !== false,
  }
}

export function describeClient(pool: StoredPool, client: StoredClient) {
  return { UserPoolId: pool.Id, ...client, CreationDate: epochSeconds(client.CreationDate), LastModifiedDate: epochSeconds(client.LastModifiedDate) }
}

export function clientsApi(state: () => CognitoState, save: () => void): Record<string, ApiOperation> {
  const pools = () => state().pools
  return {
    async CreateUserPoolClient(input) {
      const pool = poolOf(pools(), required(input, 'UserPoolId'))
      const settings = settingsOf(input)
      let id: string
      do id = randomId(26)
      while (Object.values(pools()).some((p) => Object.hasOwn(p.Clients, id)))
      const now = Date.now()
      const client: StoredClient = { ClientId: id, ...settings, ClientSecret: input.GenerateSecret === true ? randomId(51) : undefined, CreationDate: now, LastModifiedDate: now }
      pool.Clients[id] = client
      save()
      return { UserPoolClient: describeClient(pool, client) }
    },

    async DescribeUserPoolClient(input) {
      const pool = poolOf(pools(), required(input, 'UserPoolId'))
      return { UserPoolClient: describeClient(pool, clientOf(pool, required(input, 'ClientId'))) }
    },

    async UpdateUserPoolClient(input) {
      const pool = poolOf(pools(), required(input, 'UserPoolId'))
      const client = clientOf(pool, required(input, 'ClientId'))
      const settings = settingsOf({ ClientName: client.ClientName, ...input })
      Object.assign(client, settings, { LastModifiedDate: Date.now() })
      save()
      return { UserPoolClient: describeClient(pool, client) }
    },

    async DeleteUserPoolClient(input) {
      const pool = poolOf(pools(), required(input, 'UserPoolId'))
      const client = clientOf(pool, required(input, 'ClientId'))
      delete pool.Clients[client.ClientId]
      for (const [hash, token] of Object.entries(state().refreshTokens)) if (token.ClientId === client.ClientId) delete state().refreshTokens[hash]
      save()
      return {}
    },
  }
}
