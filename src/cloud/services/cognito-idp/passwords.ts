/**
 * @module Passwords and confirmation codes: stored as scrypt hashes (never the secret itself, never logged), and
 * checked against the pool's password policy with Cognito's own messages.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/managing-users-passwords.html#user-pool-settings-password-policies
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import { AwsError } from '../../core/aws-error.js'
import type { PasswordPolicy } from './model.js'

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>
const N = 16384
const R = 8
const P = 1
const KEY_LENGTH = 32

/** The key derivation every hash and check goes through (one object, so a test can count the derivations). */
export const kdf = {
  derive: (secret: string, salt: Buffer, keyLength: number, params: { N: number; r: number; p: number }): Promise<Buffer> => scryptAsync(secret, salt, keyLength, params),
}

export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16)
  const hash = await kdf.derive(secret, salt, KEY_LENGTH, { N, r: R, p: P })
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${hash.toString('base64url')}`
}

/**
 * A hash no secret matches, of the same cost as a real one: a check for a user who does not exist (or has no
 * code) is made against it, so that it takes the time a check against a real hash takes. Random bytes, not a
 * derivation: making it costs nothing.
 */
const NO_MATCH = `scrypt$${N}$${R}$${P}$${randomBytes(16).toString('base64url')}$${randomBytes(KEY_LENGTH).toString('base64url')}`

/** Whether `secret` matches `stored`; one key derivation whatever `stored` is (none, malformed or real). */
export async function secretMatches(secret: string, stored: string | undefined): Promise<boolean> {
  let parts = (stored ?? '').split('$')
  const usable = parts.length === 6 && parts[0] === 'scrypt'
  if (!usable) parts = NO_MATCH.split('$')
  const expected = Buffer.from(parts[5], 'base64url')
  const hash = await kdf.derive(secret, Buffer.from(parts[4], 'base64url'), expected.length, { N: Number(parts[1]), r: Number(parts[2]), p: Number(parts[3]) })
  return usable && hash.length === expected.length && timingSafeEqual(hash, expected)
}

/** The characters Cognito counts as symbols (a space inside the password counts too). */
const SYMBOL = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/

// AWS quirk: the InvalidPasswordException wording differs by operation — SignUp says "did not conform with policy",
// AdminCreateUser "did not conform with password policy", AdminSetUserPassword and the NEW_PASSWORD_REQUIRED answer
// "does not conform to policy".
export type PolicyWording = 'signUp' | 'adminCreateUser' | 'setPassword'
const PREFIX: Record<PolicyWording, string> = {
  signUp: 'Password did not conform with policy: ',
  adminCreateUser: 'Password did not conform with password policy: ',
  setPassword: 'Password does not conform to policy: ',
}

/** The password's format (any pool), then the pool's policy, in Cognito's order of checks. */
export function checkPassword(password: unknown, policy: PasswordPolicy, wording: PolicyWording, member = 'password'): string {
  if (typeof password !== 'string') {
    throw new AwsError('InvalidParameterException', 400, `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`)
  }
  if (password.length > 256) {
    throw new AwsError('InvalidParameterException', 400, `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to 256`)
  }
  if (!/^[\S]+.*[\S]+$/su.test(password)) {
    throw new AwsError('InvalidParameterException', 400, `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\S]+.*[\\S]+$`)
  }
  const broken = (rule: string) => new AwsError('InvalidPasswordException', 400, PREFIX[wording] + rule)
  if ([...password].length < policy.MinimumLength) throw broken('Password not long enough')
  if (policy.RequireLowercase && !/\p{Ll}/u.test(password)) throw broken('Password must have lowercase characters')
  if (policy.RequireUppercase && !/\p{Lu}/u.test(password)) throw broken('Password must have uppercase characters')
  if (policy.RequireNumbers && !/[0-9]/.test(password)) throw broken('Password must have numeric characters')
  if (policy.RequireSymbols && !SYMBOL.test(password)) throw broken('Password must have symbol characters')
  return password
}

/** A confirmation code as Cognito sends one: six digits. */
export function confirmationCode(): string {
  return String(randomBytes(4).readUInt32BE() % 1_000_000).padStart(6, '0')
}
