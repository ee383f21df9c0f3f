/**
 * @module `lab call`'s request: check what the learner typed (URL, headers, method, timeout), sign it when asked,
 * send it once (no retries, no redirects followed: the learner should see exactly what came back) and time it.
 * A network failure or a timeout is a LabError; any HTTP status is an answer.
 */
import { t } from '../ui/i18n.js'
import { signRequest, type CredentialSource, type SignedRequest } from '../checks/sigv4-sign.js'
import { LabError } from './errors.js'

export interface CallPlan {
  url: URL
  method: string
  headers: [string, string][]
  body?: string | Uint8Array
  /** SigV4 for `execute-api`, when `--sign`. */
  sign?: { region: string; credentials: CredentialSource }
  timeoutMs: number
}

export interface CallResult {
  status: number
  statusText: string
  headers: [string, string][]
  body: Uint8Array
  /** From sending to the last byte, and to the response head. */
  totalMs: number
  firstByteMs: number
  /** The request as sent, with what the signature covered (when signed). */
  sentHeaders: [string, string][]
  signed?: SignedRequest
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

/** An http(s) URL with a host and no user info; anything else is said in the learner's words. */
export function parseCallUrl(input: string): URL {
  const bad = (problem: string) =>
    new LabError(t('call.badUrl', { url: input, problem: t(problem) }), [t('call.badUrl.hint', { example: 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/iam' })])
  let url: URL
  try {
    url = new URL(input)
  } catch {
    throw bad('call.badUrl.parse')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad('call.badUrl.scheme')
  if (url.username || url.password) throw bad('call.badUrl.userinfo')
  if (!url.hostname) throw bad('call.badUrl.parse')
  return url
}

/** `"Name: value"` → `[Name, value]` (curl's form); a name that is not an HTTP token is refused. */
export function parseHeader(text: string): [string, string] {
  const colon = text.indexOf(':')
  const name = colon > 0 ? text.slice(0, colon).trim() : ''
  const value = colon > 0 ? text.slice(colon + 1).trim() : ''
  if (!TOKEN.test(name) || /[\r\n\0]/.test(value)) throw new LabError(t('call.badHeader', { header: text }))
  return [name, value]
}

export function parseMethod(text: string): string {
  if (!TOKEN.test(text)) throw new LabError(t('call.badMethod', { method: text }))
  return text.toUpperCase()
}

export function parseTimeoutSeconds(text: string | undefined): number {
  if (text === undefined) return 30
  const seconds = Number(text)
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > 600) throw new LabError(t('call.badTimeout', { value: text }))
  return seconds
}

/** The region in an AWS execute-api host name (`{id}.execute-api.{region}.amazonaws.com`), if it is one. */
export function regionOfUrl(url: URL): string | undefined {
  return /^[^.]+\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/.exec(url.hostname)?.[1]
}

/** Send the plan once with `fetchImpl` and read the whole answer. */
export async function sendCall(plan: CallPlan, fetchImpl: typeof fetch): Promise<CallResult> {
  let headers = plan.headers
  let signed: SignedRequest | undefined
  if (plan.sign) {
    signed = await signRequest({ url: plan.url, method: plan.method, headers, body: plan.body, region: plan.sign.region, credentials: plan.sign.credentials })
    headers = Object.entries(signed.headers)
  }
  const started = performance.now()
  let firstByteMs = 0
  try {
    const response = await fetchImpl(plan.url, {
      method: plan.method,
      headers,
      body: plan.body as BodyInit | undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(plan.timeoutMs),
    })
    firstByteMs = performance.now() - started
    const body = new Uint8Array(await response.arrayBuffer())
    const responseHeaders: [string, string][] = []
    response.headers.forEach((value, name) => responseHeaders.push([name, value]))
    return {
      status: response.status,
      statusText: response.statusText,
      headers: responseHeaders,
      body,
      totalMs: performance.now() - started,
      firstByteMs,
      sentHeaders: headers,
      signed,
    }
  } catch (error) {
    const name = (error as Error)?.name
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new LabError(t('call.timeout', { url: plan.url.href, seconds: Math.round(plan.timeoutMs / 1000) }))
    }
    const { describeNetworkError } = await import('../checks/lab-fetch.js')
    throw new LabError(t('call.network', { url: plan.url.href, error: describeNetworkError(error) }), [t('call.network.hint')])
  }
}
