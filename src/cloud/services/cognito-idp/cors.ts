/**
 * @module CORS for the public sign-in operations: a web app's sign-in page calls Cognito straight from the browser
 * (the Amplify libraries and the SDK do), so the preflight is answered and every answer to a page — errors included,
 * or the page could not read why a sign-in failed — says any origin may read it. Which operations a page may call at
 * all is the edge's decision (`COGNITO_PUBLIC_OPERATIONS`), not this file's.
 * @see https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS
 */
import type { CloudRequest, CloudResponse } from '../../core/types.js'

const EXPOSED = 'x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date'

export function preflight(req: CloudRequest): CloudResponse {
  return {
    status: 200,
    headers: {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': (req.headers['access-control-request-headers'] ?? '').slice(0, 1024),
      'access-control-max-age': '300',
      'x-amzn-requestid': req.requestId,
    },
  }
}

/** The answer, readable by the page that asked (only pages send `Origin`). */
export function withCors(req: CloudRequest, response: CloudResponse): CloudResponse {
  if (req.headers['origin'] === undefined) return response
  return { ...response, headers: { ...response.headers, 'access-control-allow-origin': '*', 'access-control-expose-headers': EXPOSED } }
}
