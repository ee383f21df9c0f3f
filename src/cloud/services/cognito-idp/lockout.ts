/**
 * @module Cognito's lockout after failed password sign-ins: after five failures a user is locked out for 1 second,
 * doubling with each further failure up to about 15 minutes (2^(n-5) s); attempts during a lockout get
 * "Password attempts exceeded" and do not count; a successful sign-in after the lockout, or 15 minutes without
 * attempts, starts over. Kept in memory (a restart forgives), bounded in size.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/authentication.html#authentication-flow-lockout-behavior
 */
import { createHash } from 'node:crypto'
import { AwsError } from '../../core/aws-error.js'

const FREE_FAILURES = 5
const MAX_LOCK_MS = 15 * 60_000
const FORGET_AFTER_MS = 15 * 60_000
const MAX_TRACKED = 10_000

interface Attempts {
  failures: number
  lockedUntil: number
  last: number
}

export class SignInLockout {
  readonly #attempts = new Map<string, Attempts>()

  /** `refusal`: the answer during a lockout (sign-in by default; ConfirmSignUp's codes use their own). */
  constructor(
    private readonly now: () => number = Date.now,
    private readonly refusal: () => AwsError = () => new AwsError('NotAuthorizedException', 400, 'Password attempts exceeded'),
  ) {}

  /** Refuses while `user` is locked out. */
  check(poolId: string, username: string): void {
    const key = `${poolId}/${username}`
    const entry = this.#attempts.get(key)
    if (!entry) return
    const now = this.now()
    if (now < entry.lockedUntil) throw this.refusal()
    if (now - entry.last >= FORGET_AFTER_MS) this.#attempts.delete(key)
  }

  failed(poolId: string, username: string): void {
    const key = `${poolId}/${username}`
    const now = this.now()
    const entry = this.#attempts.get(key) ?? { failures: 0, lockedUntil: 0, last: now }
    entry.failures++
    entry.last = now
    if (entry.failures >= FREE_FAILURES) entry.lockedUntil = now + Math.min(2 ** (entry.failures - FREE_FAILURES) * 1000, MAX_LOCK_MS)
    this.#attempts.delete(key) // re-insert: the map's order is the order of last attempts
    this.#attempts.set(key, entry)
    if (this.#attempts.size > MAX_TRACKED) this.#attempts.delete(this.#attempts.keys().next().value!)
  }

  succeeded(poolId: string, username: string): void {
    this.#attempts.delete(`${poolId}/${username}`)
  }
}

/**
 * The key under which attempts on a name that is no user's are counted (PreventUserExistenceErrors): the name as the
 * pool compares it, hashed — a caller chooses it, so its length must not decide what the cloud holds.
 */
export function unknownUserKey(caseSensitive: boolean, name: string): string {
  return createHash('sha256').update(caseSensitive ? name : name.toLowerCase()).digest('base64url')
}
