/**
 * @module The bytes of invocations waiting for a sandbox, all functions together: past the bound an invocation is
 * refused at once as Lambda refuses one it has no concurrency for — 429 `TooManyRequestsException`, `Reason:
 * ConcurrentInvocationLimitExceeded`, "Rate Exceeded." — rather than held in the cloud's memory without end. Each
 * waiting invocation counts its event and context plus a fixed overhead, so many tiny ones are bounded too.
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_Errors
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html
 */
import { AwsError } from '../../../core/aws-error.js'
import type { InvokeRequest } from './sandbox-types.js'

/** Ten synchronous payloads of the largest size (6 MB) wait at most; the WebSocket plane bounds its own (64 MiB). */
export const DEFAULT_MAX_QUEUED_BYTES = 64 * 1024 * 1024
/** What a waiting invocation costs beyond its event: its promise, request id, ARN. */
export const QUEUED_INVOCATION_OVERHEAD = 1024

export class QueueBudget {
  private used = 0

  constructor(readonly max = DEFAULT_MAX_QUEUED_BYTES) {}

  get queuedBytes(): number {
    return this.used
  }

  /** Reserves the bytes of `req` or throws Lambda's throttling error; `release` gives them back once it runs. */
  reserve(req: InvokeRequest): { release(): void } {
    const bytes = invocationBytes(req)
    if (this.used + bytes > this.max) throw throttled()
    this.used += bytes
    let released = false
    return {
      release: () => {
        if (released) return
        released = true
        this.used -= bytes
      },
    }
  }
}

function invocationBytes(req: InvokeRequest): number {
  const context = req.clientContext === undefined ? 0 : Buffer.byteLength(JSON.stringify(req.clientContext))
  return Buffer.byteLength(req.event) + context + QUEUED_INVOCATION_OVERHEAD
}

/** Lambda's answer when it cannot take an invocation now (the SDK retries it, then reports TooManyRequestsException). */
export const throttled = () => new AwsError('TooManyRequestsException', 429, 'Rate Exceeded.', { Reason: 'ConcurrentInvocationLimitExceeded' })
