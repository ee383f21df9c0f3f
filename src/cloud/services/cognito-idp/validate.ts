/** @module Input checks shared by the Cognito operations, with Cognito's error codes and messages. */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { AwsError } from '../../core/aws-error.js'
import type { StoredClient, StoredPool } from './model.js'

export const invalidParameter = (message: string) => new AwsError('InvalidParameterException', 400, message)
export const notAuthorized = (message: string) => new AwsError('NotAuthorizedException', 400, message)

/** `1 validation error detected: Value null at 'x' failed to satisfy constraint: Member must not be null`. */
export function required(input: Record<string, unknown>, member: string, wireName = member.charAt(0).toLowerCase() + member.slice(1)): string {
  const value = input[member]
  if (value === undefined || value === null) {
    throw invalidParameter(`1 validation error detected: Value null at '${wireName}' failed to satisfy constraint: Member must not be null`)
  }
  if (typeof value !== 'string') throw new AwsError('SerializationException', 400, `${member} must be a string`)
  return value
}

export function optionalString(input: Record<string, unknown>, member: string): string | undefined {
  const value = input[member]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw new AwsError('SerializationException', 400, `${member} must be a string`)
  return value
}

/** A map of strings (AuthParameters, ChallengeResponses), as a prototype-free object. */
export function stringMap(input: Record<string, unknown>, member: string): Record<string, string> {
  const value = input[member]
  const out: Record<string, string> = Object.create(null)
  if (value === undefined || value === null) return out
  if (typeof value !== 'object' || Array.isArray(value)) throw new AwsError('SerializationException', 400, `${member} must be a map`)
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new AwsError('SerializationException', 400, `${member}.${k} must be a string`)
    out[k] = v
  }
  return out
}

/** `[{Name, Value}]` → a prototype-free map. */
export function attributeList(input: Record<string, unknown>, member: string): Record<string, string> {
  const value = input[member]
  const out: Record<string, string> = Object.create(null)
  if (value === undefined || value === null) return out
  if (!Array.isArray(value)) throw new AwsError('SerializationException', 400, `${member} must be a list`)
  const wireName = member.charAt(0).toLowerCase() + member.slice(1)
  for (const [index, item] of value.entries()) {
    const name = item?.Name
    if (typeof name !== 'string' || !name) throw invalidParameter(`1 validation error detected: Value null at '${wireName}.member.name' failed to satisfy constraint: Member must not be null`)
    const attributeValue = typeof item.Value === 'string' ? item.Value : ''
    // AttributeType: a value of at most 2048 characters (the value itself is not repeated: it may be sensitive).
    // @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AttributeType.html
    if (attributeValue.length > 2048) throw invalidParameter(`1 validation error detected: Value at '${wireName}.${index + 1}.member.value' failed to satisfy constraint: Member must have length less than or equal to 2048`)
    out[name] = attributeValue
  }
  return out
}

/** Members AWS's operation has and the local cloud does not emulate: refused when set, never ignored. */
// Not implemented: Cognito Lambda triggers (LambdaConfig, ClientMetadata, ValidationData), MFA, SMS/email
// configuration and message templates, device tracking, threat protection (UserPoolAddOns), alias attributes,
// analytics, account recovery settings — each refused by name when a request or template sets it.
export function refuseUnsupported(input: Record<string, unknown>, members: readonly string[]): void {
  for (const member of members) {
    const value = input[member]
    const empty = value === undefined || value === null || (Array.isArray(value) && value.length === 0) || (typeof value === 'object' && value !== null && Object.keys(value).length === 0)
    if (!empty) throw invalidParameter(`${member} is not implemented by the local cloud (see docs/coverage.md).`)
  }
}

export function poolOf(pools: Record<string, StoredPool>, id: unknown): StoredPool {
  const poolId = typeof id === 'string' ? id : ''
  const pool = Object.hasOwn(pools, poolId) ? pools[poolId] : undefined
  if (!pool) throw new AwsError('ResourceNotFoundException', 400, `User pool ${poolId} does not exist.`)
  return pool
}

export function clientOf(pool: StoredPool, id: unknown): StoredClient {
  const clientId = typeof id === 'string' ? id : ''
  const client = Object.hasOwn(pool.Clients, clientId) ? pool.Clients[clientId] : undefined
  if (!client) throw new AwsError('ResourceNotFoundException', 400, `User pool client ${clientId} does not exist.`)
  return client
}

/** The client across every pool (InitiateAuth, SignUp… name only the client). */
export function findClient(pools: Record<string, StoredPool>, id: unknown): { pool: StoredPool; client: StoredClient } {
  const clientId = typeof id === 'string' ? id : ''
  for (const pool of Object.values(pools)) {
    if (Object.hasOwn(pool.Clients, clientId)) return { pool, client: pool.Clients[clientId] }
  }
  throw new AwsError('ResourceNotFoundException', 400, `User pool client ${clientId} does not exist.`)
}

/**
 * A client with a secret wants `SECRET_HASH` = Base64(HMAC-SHA256(secret, username + clientId)).
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html#cognito-user-pools-computing-secret-hash
 */
export function checkSecretHash(client: StoredClient, usernames: string | (string | undefined)[], given: string | undefined): void {
  if (!client.ClientSecret) return
  if (given === undefined || given === '') throw notAuthorized(`Client ${client.ClientId} is configured with secret but SECRET_HASH was not received`)
  const actual = Buffer.from(given, 'base64')
  // The name the request signs in with (an email, in a pool that uses emails as usernames) or the user's own username.
  const names = new Set((Array.isArray(usernames) ? usernames : [usernames]).filter((n): n is string => !!n))
  for (const name of names) {
    const expected = createHmac('sha256', client.ClientSecret).update(name + client.ClientId).digest()
    if (actual.length === expected.length && timingSafeEqual(actual, expected)) return
  }
  throw notAuthorized(`Unable to verify secret hash for client ${client.ClientId}`)
}

/** Seconds since the epoch, as the JSON protocol's timestamps are. */
export const epochSeconds = (ms: number) => ms / 1000
