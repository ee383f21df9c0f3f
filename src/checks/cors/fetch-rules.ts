/**
 * @module The Fetch standard's vocabulary for CORS: safelisted methods and headers, forbidden headers,
 * when a request needs a preflight, and how `Access-Control-Allow-*` lists parse.
 * @see https://fetch.spec.whatwg.org/#http-cors-protocol
 */

export type HeaderList = [name: string, value: string][]

/** @see https://fetch.spec.whatwg.org/#cors-safelisted-method */
export function isCorsSafelistedMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'POST'
}

const NORMALIZED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']

/** Fetch upper-cases only these six methods; `patch` stays `patch` (and then fails to match `PATCH`). */
export function normalizeMethod(method: string): string {
  const upper = method.toUpperCase()
  return NORMALIZED_METHODS.includes(upper) ? upper : method
}

/** @see https://fetch.spec.whatwg.org/#forbidden-method */
export function isForbiddenMethod(method: string): boolean {
  return ['CONNECT', 'TRACE', 'TRACK'].includes(method.toUpperCase())
}

const FORBIDDEN_HEADER_NAMES = new Set([
  'accept-charset', 'accept-encoding', 'access-control-request-headers', 'access-control-request-method',
  'connection', 'content-length', 'cookie', 'cookie2', 'date', 'dnt', 'expect', 'host', 'keep-alive', 'origin',
  'referer', 'set-cookie', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'via',
])
const METHOD_OVERRIDE_HEADERS = new Set(['x-http-method', 'x-http-method-override', 'x-method-override'])

/**
 * Headers a page's script may not set: the browser drops them silently, so a check that sets them
 * would test a request no browser can send.
 * @see https://fetch.spec.whatwg.org/#forbidden-request-header
 */
export function isForbiddenRequestHeader(name: string, value: string): boolean {
  const lower = name.toLowerCase()
  if (FORBIDDEN_HEADER_NAMES.has(lower) || lower.startsWith('proxy-') || lower.startsWith('sec-')) return true
  if (METHOD_OVERRIDE_HEADERS.has(lower)) {
    return value.split(',').some((method) => isForbiddenMethod(method.trim()))
  }
  return false
}

/** @see https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte */
function hasCorsUnsafeByte(value: string): boolean {
  for (const ch of value) {
    const code = ch.codePointAt(0)!
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true
    if ('"():<>?@[\\]{}'.includes(ch)) return true
  }
  return false
}

/** The three MIME types a form can send; anything else (application/json!) needs a preflight. */
const SAFELISTED_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']

/** MIME type essence: `text/plain; charset=utf-8` → `text/plain`; undefined when it does not parse. */
export function mimeEssence(value: string): string | undefined {
  const essence = value.split(';')[0].trim().toLowerCase()
  return /^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/.test(essence) ? essence : undefined
}

/** `bytes=10-` or `bytes=10-20` (a single range with a start). */
function isSimpleRangeHeaderValue(value: string): boolean {
  const match = /^bytes=(\d+)-(\d*)$/.exec(value)
  if (!match) return false
  return match[2] === '' || Number(match[1]) <= Number(match[2])
}

/** @see https://fetch.spec.whatwg.org/#cors-safelisted-request-header */
export function isCorsSafelistedRequestHeader(name: string, value: string): boolean {
  // The 128-byte rule: long values could smuggle data past servers that never expected cross-origin input.
  if (Buffer.byteLength(value, 'latin1') > 128) return false
  switch (name.toLowerCase()) {
    case 'accept':
      return !hasCorsUnsafeByte(value)
    case 'accept-language':
    case 'content-language':
      return /^[0-9A-Za-z *,\-.;=]*$/.test(value)
    case 'content-type': {
      if (hasCorsUnsafeByte(value)) return false
      const essence = mimeEssence(value)
      return essence !== undefined && SAFELISTED_CONTENT_TYPES.includes(essence)
    }
    case 'range':
      return isSimpleRangeHeaderValue(value)
    default:
      // Not implemented: Chromium also safelists its own client-hint headers (dpr, save-data, …), which
      // pages do not set through fetch().
      return false
  }
}

/**
 * Sorted, lower-cased names of the headers that make a request "not simple". Forbidden headers are
 * left out (the browser sets those itself). Safelisted values longer than 1024 bytes in total count as
 * unsafe too.
 * @see https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names
 */
export function corsUnsafeRequestHeaderNames(headers: HeaderList): string[] {
  const unsafe = new Set<string>()
  const safelisted: string[] = []
  let safelistValueSize = 0
  for (const [name, value] of headers) {
    const lower = name.toLowerCase()
    if (isForbiddenRequestHeader(lower, value)) continue
    if (isCorsSafelistedRequestHeader(lower, value)) {
      safelisted.push(lower)
      safelistValueSize += Buffer.byteLength(value, 'latin1')
    } else {
      unsafe.add(lower)
    }
  }
  if (safelistValueSize > 1024) for (const name of safelisted) unsafe.add(name)
  return [...unsafe].sort()
}

/** A cross-origin request needs a preflight when its method or one of its headers is not safelisted. */
export function needsPreflight(method: string, headers: HeaderList): boolean {
  return !isCorsSafelistedMethod(method) || corsUnsafeRequestHeaderNames(headers).length > 0
}

/** RFC 9110 token: what each item of `Access-Control-Allow-Methods`/`-Headers` must be. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

/**
 * Parse `Access-Control-Allow-Methods` / `-Headers`: a comma list of tokens (empty items ignored).
 * Returns undefined when an item is not a token: Chrome then reports "Cannot parse …".
 */
export function parseAllowList(value: string | null, lowerCase: boolean): Set<string> | undefined {
  const set = new Set<string>()
  if (value === null) return set
  for (const raw of value.split(',')) {
    const item = raw.trim()
    if (item === '') continue
    if (!TOKEN.test(item)) return undefined
    set.add(lowerCase ? item.toLowerCase() : item)
  }
  return set
}

const SAFELISTED_RESPONSE_HEADERS = [
  'cache-control', 'content-language', 'content-length', 'content-type', 'expires', 'last-modified', 'pragma',
]

/**
 * Can page script read this response header? Only safelisted names, or names listed in
 * `Access-Control-Expose-Headers` (`*` counts only without credentials).
 * @see https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name
 */
export function isReadableResponseHeader(name: string, exposeHeaders: string | null, credentials: boolean): boolean {
  const lower = name.toLowerCase()
  if (SAFELISTED_RESPONSE_HEADERS.includes(lower)) return true
  const exposed = parseAllowList(exposeHeaders, true) ?? new Set<string>()
  return exposed.has(lower) || (!credentials && exposed.has('*'))
}
