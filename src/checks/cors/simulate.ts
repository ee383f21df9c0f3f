/**
 * @module Run one fetch() the way a browser page would: decide on a preflight, send it (OPTIONS, no
 * credentials), judge it, send the actual request with `Origin`, follow redirects by hand and apply the
 * CORS check to each response. Returns every exchange so a failure can show what was sent and received.
 * Not implemented: cookies for `credentials: 'include'` (the checks have no cookie jar; the CORS rules for
 * credentials are applied all the same), the preflight cache (`Access-Control-Max-Age`: every check
 * preflights afresh, like a first visit) and Private Network Access preflights.
 * @see https://fetch.spec.whatwg.org/#main-fetch
 */
import { corsCheck, preflightCheck, type CorsError, type CredentialsMode } from './cors-check.js'
import { corsUnsafeRequestHeaderNames, needsPreflight, normalizeMethod, type HeaderList } from './fetch-rules.js'

export interface CorsRequest {
  /** The page's origin, e.g. `http://my-bucket.s3-website-us-east-1.amazonaws.com`. */
  origin: string
  url: string
  method?: string
  headers?: HeaderList
  body?: string
  credentials?: CredentialsMode
}

export interface Exchange {
  request: { method: string; url: string; headers: HeaderList }
  response?: { status: number; statusText: string; headers: HeaderList; body?: string }
}

export interface CorsOutcome {
  /** Same-origin requests skip CORS entirely. */
  crossOrigin: boolean
  preflightNeeded: boolean
  preflight?: Exchange
  /** The actual request, and each redirect hop after it. */
  actual: Exchange[]
  /** What the browser blocked, with the URLs and origin its message names. */
  blocked?: { error: CorsError; url: string; initialUrl: string; origin: string }
  /** A failure below HTTP (connection refused, bad host): the error thrown by fetch. */
  networkError?: { url: string; error: unknown }
  /** The response the page's script gets when nothing was blocked. */
  response?: { status: number; headers: Headers; body: string }
}

const REDIRECT_STATUSES = [301, 302, 303, 307, 308]

function headerList(headers: Headers): HeaderList {
  const list: HeaderList = []
  headers.forEach((value, name) => list.push([name, value]))
  return list
}

async function send(
  fetchImpl: typeof fetch,
  exchange: Exchange,
  body: string | undefined,
): Promise<{ response: Response; text: string }> {
  const { method, url, headers } = exchange.request
  const response = await fetchImpl(url, { method, headers, body, redirect: 'manual' })
  const text = await response.text()
  exchange.response = { status: response.status, statusText: response.statusText, headers: headerList(response.headers), body: text }
  return { response, text }
}

/** Simulate `fetch(url, {method, headers, body, mode: 'cors', credentials})` from a page at `origin`. */
export async function simulateCorsFetch(request: CorsRequest, fetchImpl: typeof fetch): Promise<CorsOutcome> {
  const method = normalizeMethod(request.method ?? 'GET')
  const headers = request.headers ?? []
  const credentials = request.credentials ?? 'same-origin'
  const initialUrl = new URL(request.url).href
  const crossOrigin = new URL(initialUrl).origin !== request.origin
  const preflightNeeded = crossOrigin && needsPreflight(method, headers)
  const outcome: CorsOutcome = { crossOrigin, preflightNeeded, actual: [] }

  if (preflightNeeded) {
    const unsafe = corsUnsafeRequestHeaderNames(headers)
    const preflightHeaders: HeaderList = [
      ['Accept', '*/*'],
      ['Access-Control-Request-Method', method],
      ...(unsafe.length ? ([['Access-Control-Request-Headers', unsafe.join(',')]] as HeaderList) : []),
      ['Origin', request.origin],
    ]
    const preflight: Exchange = { request: { method: 'OPTIONS', url: initialUrl, headers: preflightHeaders } }
    outcome.preflight = preflight
    let response: Response
    try {
      response = (await send(fetchImpl, preflight, undefined)).response
    } catch (error) {
      outcome.networkError = { url: initialUrl, error }
      return outcome
    }
    const base = { url: initialUrl, initialUrl, origin: request.origin }
    if (REDIRECT_STATUSES.includes(response.status)) {
      outcome.blocked = { error: { code: 'PreflightDisallowedRedirect' }, ...base }
      return outcome
    }
    const error = preflightCheck(response, { method, headers, origin: request.origin, credentials })
    if (error) {
      outcome.blocked = { error, ...base }
      return outcome
    }
  }

  let url = initialUrl
  let origin = request.origin
  let currentMethod = method
  let body = request.body
  for (let hop = 0; hop <= 20; hop++) {
    const sendHeaders: HeaderList = crossOrigin || !['GET', 'HEAD'].includes(currentMethod) ? [...headers, ['Origin', origin]] : [...headers]
    const exchange: Exchange = { request: { method: currentMethod, url, headers: sendHeaders } }
    outcome.actual.push(exchange)
    let response: Response
    let text: string
    try {
      ;({ response, text } = await send(fetchImpl, exchange, body))
    } catch (error) {
      outcome.networkError = { url, error }
      return outcome
    }
    const tainted = origin === 'null' || new URL(url).origin !== request.origin
    if (crossOrigin || tainted) {
      const error = corsCheck(response, origin, credentials)
      if (error) {
        outcome.blocked = { error, url, initialUrl, origin }
        return outcome
      }
    }
    const location = response.headers.get('location')
    if (!REDIRECT_STATUSES.includes(response.status) || location === null) {
      outcome.response = { status: response.status, headers: response.headers, body: text }
      return outcome
    }
    const next = new URL(location, url)
    // A cross-origin hop after a cross-origin request makes the origin opaque ("null").
    if (crossOrigin && next.origin !== new URL(url).origin) origin = 'null'
    if (response.status === 303 ? currentMethod !== 'HEAD' : [301, 302].includes(response.status) && currentMethod === 'POST') {
      currentMethod = 'GET'
      body = undefined
    }
    url = next.href
  }
  // Chrome's name for too many redirects.
  outcome.networkError = { url, error: Object.assign(new Error('too many redirects'), { code: 'ERR_TOO_MANY_REDIRECTS' }) }
  return outcome
}
