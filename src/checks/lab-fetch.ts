/**
 * @module A fetch for checks that resolves `*.localhost` to loopback, as browsers and curl do (Node's
 * resolver asks DNS and fails), plus helpers to describe network failures the way a browser would.
 */
import dns from 'node:dns'
import type { LookupFunction } from 'node:net'
import { Agent, fetch as undiciFetch } from 'undici'
import { isLocalhostName } from '../common/localhost.js'
import { chromeNetError } from './cors/chrome-messages.js'


/** `dns.lookup` that answers `*.localhost` with 127.0.0.1 and passes everything else through. */
export const labLookup: LookupFunction = (hostname, options, callback) => {
  if (!isLocalhostName(hostname)) {
    dns.lookup(hostname, options, callback)
    return
  }
  if (options.all) {
    ;(callback as unknown as (err: null, addresses: dns.LookupAddress[]) => void)(null, [{ address: '127.0.0.1', family: 4 }])
  } else {
    callback(null, '127.0.0.1', 4)
  }
}

let shared: Agent | undefined

/** A fetch whose connections resolve `*.localhost` to 127.0.0.1 (undici Agent with `connect.lookup`). */
export function createLabFetch(): typeof fetch {
  shared ??= new Agent({ connect: { lookup: labLookup } })
  const dispatcher = shared
  const labFetch = (input: unknown, init?: Record<string, unknown>) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], { ...init, dispatcher } as Parameters<typeof undiciFetch>[1])
  return labFetch as unknown as typeof fetch
}

/** The system error code behind a failed fetch (`ECONNREFUSED`, `ENOTFOUND`, …), if any. */
export function networkErrorCode(error: unknown): string | undefined {
  let current: any = error
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current.code === 'string' && current.code !== 'ERR_INVALID_ARG_TYPE') return current.code
    if (Array.isArray(current.errors) && current.errors[0]) {
      current = current.errors[0]
      continue
    }
    current = current.cause
  }
  return undefined
}

/** `net::ERR_CONNECTION_REFUSED (connection refused: ECONNREFUSED)`: what DevTools would show, and why. */
export function describeNetworkError(error: unknown): string {
  const code = networkErrorCode(error)
  const detail = code ?? (error instanceof Error ? (error.cause as Error | undefined)?.message ?? error.message : String(error))
  return `${chromeNetError(code)} (${detail})`
}
