/**
 * @module The console text Chrome prints for a blocked CORS request, word for word, so what a check
 * reports is what the learner will find in DevTools (and can search for). These are the browser's
 * words, not ours: they are deliberately not in the message catalog. Calibrated against Chromium 156
 * (test/checks/browser-kind.test.ts compares with the real browser). Older Chrome releases appended
 * "If an opaque response serves your needs, set the request's mode to 'no-cors' …" to some of them.
 * @see https://source.chromium.org/chromium/chromium/src/+/main:third_party/blink/renderer/platform/loader/cors/cors_error_string.cc
 */
import { isPreflightError, type CorsError } from './cors-check.js'

export interface ChromeMessageContext {
  /** The URL the failing response came from (after redirects). */
  url: string
  /** The URL the page asked for, when a redirect happened. */
  initialUrl?: string
  /** The page's origin as Chrome serializes it (`null` after a cross-origin redirect). */
  origin: string
  /** `fetch` for fetch(), `XMLHttpRequest` for XHR: a few sentences differ. */
  initiator?: 'fetch' | 'XMLHttpRequest'
}

const NO_CORS_INFORMATION = ' Have the server send the header with a valid value.'
const XHR_CREDENTIALS =
  ' The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.'

/** The sentence after "has been blocked by CORS policy: ". */
function reason(error: CorsError, initiator: 'fetch' | 'XMLHttpRequest'): string {
  const hint = error.hint ?? ''
  const isFetch = initiator === 'fetch'
  switch (error.code) {
    case 'WildcardOriginNotAllowed':
    case 'PreflightWildcardOriginNotAllowed':
      return (
        "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'." +
        (isFetch ? '' : XHR_CREDENTIALS)
      )
    case 'MissingAllowOriginHeader':
    case 'PreflightMissingAllowOriginHeader':
      return "No 'Access-Control-Allow-Origin' header is present on the requested resource."
    case 'MultipleAllowOriginValues':
    case 'PreflightMultipleAllowOriginValues':
      return `The 'Access-Control-Allow-Origin' header contains multiple values '${hint}', but only one is allowed.` + (isFetch ? NO_CORS_INFORMATION : '')
    case 'InvalidAllowOriginValue':
    case 'PreflightInvalidAllowOriginValue':
      return `The 'Access-Control-Allow-Origin' header contains the invalid value '${hint}'.` + (isFetch ? NO_CORS_INFORMATION : '')
    case 'AllowOriginMismatch':
    case 'PreflightAllowOriginMismatch':
      return `The 'Access-Control-Allow-Origin' header has a value '${hint}' that is not equal to the supplied origin.` + (isFetch ? NO_CORS_INFORMATION : '')
    case 'InvalidAllowCredentials':
    case 'PreflightInvalidAllowCredentials':
      return (
        `The value of the 'Access-Control-Allow-Credentials' header in the response is '${hint}' which must be 'true' when the request's credentials mode is 'include'.` +
        (isFetch ? '' : XHR_CREDENTIALS)
      )
    case 'PreflightInvalidStatus':
      return 'It does not have HTTP ok status.'
    case 'PreflightDisallowedRedirect':
      return 'Redirect is not allowed for a preflight request.'
    case 'InvalidAllowMethodsPreflightResponse':
      return 'Cannot parse Access-Control-Allow-Methods response header field in preflight response.'
    case 'InvalidAllowHeadersPreflightResponse':
      return 'Cannot parse Access-Control-Allow-Headers response header field in preflight response.'
    case 'MethodDisallowedByPreflightResponse':
      return `Method ${hint} is not allowed by Access-Control-Allow-Methods in preflight response.`
    case 'HeaderDisallowedByPreflightResponse':
      return `Request header field ${hint} is not allowed by Access-Control-Allow-Headers in preflight response.`
  }
}

/** The full console line, e.g. `Access to fetch at '…' from origin '…' has been blocked by CORS policy: …`. */
export function chromeCorsMessage(error: CorsError, context: ChromeMessageContext): string {
  const initiator = context.initiator ?? 'fetch'
  const kind = initiator === 'fetch' ? 'fetch' : 'XMLHttpRequest'
  const redirected =
    context.initialUrl && context.initialUrl !== context.url ? `(redirected from '${context.initialUrl}') ` : ''
  const prefix = isPreflightError(error.code) ? "Response to preflight request doesn't pass access control check: " : ''
  return `Access to ${kind} at '${context.url}' ${redirected}from origin '${context.origin}' has been blocked by CORS policy: ${prefix}${reason(error, initiator)}`
}

/** Chrome's `net::ERR_*` name for a Node network error code (what DevTools shows for the request). */
export function chromeNetError(code: string | undefined): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'net::ERR_CONNECTION_REFUSED'
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'net::ERR_NAME_NOT_RESOLVED'
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'net::ERR_CONNECTION_RESET'
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'net::ERR_CONNECTION_TIMED_OUT'
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return 'net::ERR_TIMED_OUT'
    case 'ERR_TOO_MANY_REDIRECTS':
      return 'net::ERR_TOO_MANY_REDIRECTS'
    case 'EHOSTUNREACH':
      return 'net::ERR_ADDRESS_UNREACHABLE'
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return 'net::ERR_CERT_AUTHORITY_INVALID'
    default:
      return 'net::ERR_FAILED'
  }
}
