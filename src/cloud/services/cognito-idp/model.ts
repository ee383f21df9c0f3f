/** @module Cognito user pools' state: pools with their app clients and users, refresh tokens. No HTTP, no wire shapes. */

export interface PasswordPolicy {
  MinimumLength: number
  RequireUppercase: boolean
  RequireLowercase: boolean
  RequireNumbers: boolean
  RequireSymbols: boolean
  TemporaryPasswordValidityDays: number
}

export type TimeUnit = 'seconds' | 'minutes' | 'hours' | 'days'

export interface StoredClient {
  ClientId: string
  ClientName: string
  ClientSecret?: string
  ExplicitAuthFlows: string[]
  /** Validity in each token's unit (TokenValidityUnits). */
  AccessTokenValidity: number
  IdTokenValidity: number
  RefreshTokenValidity: number
  TokenValidityUnits: { AccessToken: TimeUnit; IdToken: TimeUnit; RefreshToken: TimeUnit }
  PreventUserExistenceErrors: 'LEGACY' | 'ENABLED'
  AuthSessionValidity: number
  EnableTokenRevocation: boolean
  CreationDate: number
  LastModifiedDate: number
}

export type UserStatus = 'UNCONFIRMED' | 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'RESET_REQUIRED'

export interface StoredUser {
  Username: string
  /** Attribute name → value; `sub` always present. */
  Attributes: Record<string, string>
  /** `scrypt$N$r$p$salt$hash` (base64url); never the password itself. */
  PasswordHash: string
  UserStatus: UserStatus
  Enabled: boolean
  UserCreateDate: number
  UserLastModifiedDate: number
  /** When a temporary password was set (FORCE_CHANGE_PASSWORD expires after TemporaryPasswordValidityDays). */
  TemporaryPasswordSetAt?: number
  /** SignUp's confirmation code, hashed like a password, and its expiry (ms). */
  ConfirmationCode?: { hash: string; expires: number }
}

export interface StoredPool {
  Id: string
  Name: string
  Arn: string
  CreationDate: number
  LastModifiedDate: number
  PasswordPolicy: PasswordPolicy
  AutoVerifiedAttributes: string[]
  UsernameAttributes: string[]
  /** Custom attributes the pool declares (`custom:x`), and standard ones it marks required. */
  SchemaAttributes: { Name: string; AttributeDataType: string; Required: boolean; Mutable: boolean }[]
  AllowAdminCreateUserOnly: boolean
  DeletionProtection: 'ACTIVE' | 'INACTIVE'
  /** Whether usernames (and sign-in aliases) are compared case-sensitively (UsernameConfiguration). */
  CaseSensitive: boolean
  Tags: Record<string, string>
  Clients: Record<string, StoredClient>
  Users: Record<string, StoredUser>
}

export interface StoredRefreshToken {
  UserPoolId: string
  ClientId: string
  Username: string
  /** ms since the epoch */
  Expires: number
  OriginJti: string
  AuthTime: number
}

export interface CognitoState {
  pools: Record<string, StoredPool>
  /** sha256 (hex) of the opaque refresh token → what it stands for. */
  refreshTokens: Record<string, StoredRefreshToken>
}

/** A pool's signing key: private PKCS#8 PEM (in the private keys file only) and the public JWK. */
export interface PoolKey {
  kid: string
  privateKeyPem: string
  publicJwk: Record<string, string>
}

export interface KeyState {
  keys: Record<string, PoolKey>
}

/** Cognito's defaults for a new pool's password policy. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_PasswordPolicyType.html */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
}

export const UNIT_SECONDS: Record<TimeUnit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 }

/** A client's validity of one token, in seconds. */
export function validitySeconds(client: StoredClient, token: 'AccessToken' | 'IdToken' | 'RefreshToken'): number {
  const value = token === 'AccessToken' ? client.AccessTokenValidity : token === 'IdToken' ? client.IdTokenValidity : client.RefreshTokenValidity
  return value * UNIT_SECONDS[client.TokenValidityUnits[token]]
}
