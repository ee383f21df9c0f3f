/**
 * @module Reading a request body once the edge has decided to: counted against the request's limit and against
 * the bytes all requests hold at once, as it arrives, with a deadline for each part of it.
 */
import type { IncomingMessage } from 'node:http'
import type { CloudRequest } from '../core/types.js'
import { EMPTY_BODY } from './head.js'
import { bodyTimedOut, declaredLength, overloaded, type BodyLimit } from './limits.js'

/** The bytes of request bodies held across all requests, against `maxBytesInFlight`. */
export class BodyBudget {
  private used = 0
  constructor(readonly maxBytes: number) {}

  /** A hold for one request's body: what it takes is given back by `release`, once its answer is sent. */
  hold(): BodyHold {
    let held = 0
    return {
      maxBytes: this.maxBytes,
      take: (bytes) => {
        if (this.used + bytes > this.maxBytes) return false
        this.used += bytes
        held += bytes
        return true
      },
      release: () => {
        this.used -= held
        held = 0
      },
    }
  }

  get bytesInFlight(): number {
    return this.used
  }
}

export interface BodyHold {
  /** The budget's size, for the answer when it is full. */
  readonly maxBytes: number
  /** False (and nothing taken) when the budget has no room for `bytes` more. */
  take(bytes: number): boolean
  release(): void
}

/** The client hung up (or Node's request timeout closed it) before its body arrived: there is nobody to answer. */
export class ClientGone extends Error {
  constructor() {
    super('the client closed the connection before sending its whole body')
  }
}

export interface BodyReading {
  limit: BodyLimit
  hold: BodyHold
  /** How long the body may stop arriving before the request is answered 408 and the connection closed. */
  idleMs: number
}

/**
 * The body, once it has all arrived. A declared length is taken from the budget before a byte is read (a 503
 * when there is no room); a chunked body is counted as it streams. Rejects with the AwsError to answer (413,
 * 503, 408) — the caller answers and closes, without reading the rest — or `ClientGone`.
 */
export function readBody(raw: IncomingMessage, req: CloudRequest, { limit, hold, idleMs }: BodyReading): Promise<Buffer> {
  const declared = declaredLength(req)
  if (declared === 0) return Promise.resolve(EMPTY_BODY)
  return new Promise((resolve, reject) => {
    if (declared !== undefined && !hold.take(declared)) return reject(overloaded(req, hold.maxBytes))
    const chunks: Buffer[] = []
    let size = 0
    const timer = setTimeout(() => fail(bodyTimedOut(req, idleMs, size)), idleMs)

    function onData(chunk: Buffer): void {
      size += chunk.length
      if (size > limit.bytes) return fail(limit.error(size))
      if (declared === undefined && !hold.take(chunk.length)) return fail(overloaded(req, hold.maxBytes))
      chunks.push(chunk)
      timer.refresh()
    }
    function onEnd(): void {
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)
      stop()
      resolve(body)
    }
    function onGone(): void {
      if (!raw.complete) fail(new ClientGone())
    }
    function stop(): void {
      clearTimeout(timer)
      raw.off('data', onData).off('end', onEnd).off('close', onGone).off('error', onGone)
      // What still arrives is dropped (the stream keeps flowing) until the answer is sent and the connection closed.
      chunks.length = 0
    }
    function fail(err: Error): void {
      stop()
      raw.on('error', () => {}) // a reset while the answer goes out is expected now
      reject(err)
    }
    raw.on('data', onData).on('end', onEnd).on('close', onGone).on('error', onGone)
  })
}

