/**
 * @module Turn what the SDK throws into LabErrors the learner can act on: a service's refusal keeps its code
 * and message (that is the lesson), an unreachable endpoint says which one.
 */
import { LabError } from '../runner/errors.js'
import { t } from '../ui/i18n.js'
import { CONNECT_TIMEOUT_MS, IDLE_TIMEOUT_MS, timeoutKind } from './timeouts.js'
import type { Target } from './types.js'

/** Where a target's calls go, for messages: its endpoint, or `AWS (region)`. */
export const endpointLabel = (target: Target) => target.endpoint ?? `AWS (${target.region})`

/** The SDK gave up waiting (see timeouts.ts): say on whom, and for how long. */
export function timeoutError(err: unknown, target: Target): LabError | undefined {
  const kind = timeoutKind(err)
  if (!kind) return undefined
  const endpoint = endpointLabel(target)
  if (kind === 'connect') return new LabError(t('deploy.connectTimeout', { endpoint, seconds: CONNECT_TIMEOUT_MS / 1000 }))
  return new LabError(t('deploy.noAnswer', { endpoint, seconds: IDLE_TIMEOUT_MS / 1000 }))
}

export function asLabError(err: unknown, target: Target): unknown {
  if (err instanceof LabError) return err
  const e = err as Error & { $metadata?: { httpStatusCode?: number }; code?: string; cause?: { code?: string } }
  if (e?.name === 'CredentialsProviderError') return new LabError(t('deploy.noCredentials'))
  const timeout = timeoutError(err, target)
  if (timeout) return timeout
  if (e?.$metadata?.httpStatusCode !== undefined && e.name) {
    return new LabError(t('deploy.serviceError', { code: e.name, message: e.message }))
  }
  const code = e?.code ?? e?.cause?.code
  if (code && TLS_FAILURE.test(code)) return new LabError(t('deploy.tlsFailed', { endpoint: endpointLabel(target), code }))
  if (code && UNREACHABLE.has(code)) {
    return new LabError(t('deploy.unreachable', { endpoint: endpointLabel(target), message: e.message }))
  }
  return err
}

/** Network failures: nothing (or nothing reachable) at that address. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EPIPE'])
/**
 * The TLS handshake failed: most often `https://` for a server that speaks plain HTTP (`EPROTO`, with a
 * screenful of OpenSSL in the message), else a certificate Node does not trust.
 */
const TLS_FAILURE = /^(EPROTO$|ERR_SSL_|ERR_TLS_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_VERIFY_LEAF_SIGNATURE$|CERT_)/

/** Run an operation, rethrowing SDK failures as LabErrors. */
export async function withLabErrors<T>(target: Target, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (err) {
    throw asLabError(err, target)
  }
}
