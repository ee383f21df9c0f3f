/**
 * @module The authorizer result cache: per authorizer and stage deployment (the caller's `scope`), keyed by the
 * identity source values (TOKEN: the token; REQUEST: every identity source), kept for the authorizer's TTL.
 * It holds the function's answer, never a decision: the policy is judged again for each request's method ARN.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/configure-api-gateway-lambda-authorization.html
 */

/** Entries across all authorizers: the oldest go first beyond this (a flood of distinct tokens costs memory only up to here). */
const MAX_ENTRIES = 10_000

export class AuthorizerCache<T> {
  private readonly entries = new Map<string, { expires: number; value: T }>()

  constructor(
    private readonly now: () => number = Date.now,
    private readonly capacity = MAX_ENTRIES,
  ) {}

  /**
   * The key encodes the values as a JSON list: `["a,b"]` and `["a","b"]` stay different keys, so no two
   * different identities (or tokens containing the separator) can meet on one entry.
   */
  static key(scope: string, values: string[]): string {
    return `${scope}\u0000${JSON.stringify(values)}`
  }

  get(key: string): T | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    if (entry.expires <= this.now()) {
      this.entries.delete(key)
      return undefined
    }
    return entry.value
  }

  set(key: string, value: T, ttlSeconds: number): void {
    if (ttlSeconds <= 0) return
    this.entries.delete(key)
    while (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string)
    this.entries.set(key, { expires: this.now() + ttlSeconds * 1000, value })
  }

  get size(): number {
    return this.entries.size
  }
}
