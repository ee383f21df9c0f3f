/**
 * @module How long the SDK clients wait, so a peer that accepts connections but never answers ends a command
 * with a message instead of hanging it (the SDK's own default is 15 minutes of silence per attempt).
 */

/** A TCP connect takes milliseconds on loopback and well under a second to AWS; the SDK retries a timeout. */
export const CONNECT_TIMEOUT_MS = 5_000

/**
 * Silence allowed in the middle of one request (a socket idle timeout, not a deadline for the whole call, so an
 * upload on a slow link keeps going as long as bytes move). Every call the deployer makes answers in seconds:
 * CloudFormation's create/update/delete return at once and are polled; the local cloud does its work after
 * answering, too.
 */
export const IDLE_TIMEOUT_MS = 60_000

/**
 * For `requestHandler` in every client's configuration: the SDK builds its NodeHttpHandler
 * (@smithy/node-http-handler) from these options. Not `requestTimeout`: in this handler that is a deadline for
 * the whole call, and it only logs a warning unless `throwOnRequestTimeout` is set.
 */
export const REQUEST_HANDLER = { connectionTimeout: CONNECT_TIMEOUT_MS, socketTimeout: IDLE_TIMEOUT_MS } as const

/** A TimeoutError from the SDK's HTTP handler, told apart as a failed connect or a silent peer. */
export function timeoutKind(err: unknown): 'connect' | 'idle' | undefined {
  const e = err as { name?: string; message?: string } | undefined
  if (e?.name !== 'TimeoutError') return undefined
  return /establish a connection/.test(e.message ?? '') ? 'connect' : 'idle'
}
