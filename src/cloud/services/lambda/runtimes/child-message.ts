/**
 * @module What a sandbox's child may tell the cloud, read as untrusted input. The runtime's channel (Node's IPC on
 * fd 3, Python's control pipe on fd 4) is open to the function's own code, which can write any line there: a bare
 * `1` or `"done"` once reached the sandbox's bookkeeping as a "message" and its TypeError ended the whole cloud.
 * Only an object of a known type passes, with each member of the type it must have.
 */
import type { ChildMessage } from './sandbox-types.js'

const TYPES = new Set(['ready', 'initError', 'result'])

const optional = <T>(value: unknown, type: 'string' | 'number' | 'boolean'): T | undefined => (typeof value === type ? (value as T) : undefined)

/** The message, or `undefined` for anything the runtime's bootstrap would not send (ignored, as stray lines are). */
export function childMessage(raw: unknown): ChildMessage | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined
  const m = raw as Record<string, unknown>
  if (typeof m.type !== 'string' || !TYPES.has(m.type)) return undefined
  const error = m.error !== null && typeof m.error === 'object' ? (m.error as Record<string, unknown>) : undefined
  return {
    type: m.type as ChildMessage['type'],
    requestId: optional<string>(m.requestId, 'string'),
    ok: optional<boolean>(m.ok, 'boolean'),
    payload: optional<string>(m.payload, 'string'),
    // The error is the invocation's answer as the runtime wrote it (its trace included): only its two names are checked.
    error: error ? { ...error, errorType: String(error.errorType ?? ''), errorMessage: String(error.errorMessage ?? '') } : undefined,
    rss: optional<number>(m.rss, 'number'),
    logged: optional<boolean>(m.logged, 'boolean'),
    exiting: optional<boolean>(m.exiting, 'boolean'),
  }
}
