/**
 * @module Keep web pages out of the local cloud's AWS APIs. The cloud runs the code it is given, so a page that
 * made a learner's browser send it a request (a form post, an `<img>` URL with
 * `?Action=CreateStack&X-Amz-Credential=…`, a `fetch` with `X-Amz-Target`) could run code on the learner's
 * machine; a page behind another DNS name that resolves to 127.0.0.1 (DNS rebinding) could also read answers.
 *
 * Two checks, both on the request's headers, before any body is read:
 * - the Host must name this machine (`localhost`, `*.localhost`, a loopback address) or an AWS endpoint;
 * - the AWS APIs refuse every request a browser made for a page: one with an `Origin`, a `Referer`, or a
 *   `Sec-Fetch-Site` other than `none` (`none`: the user typed the URL). No page is trusted, not even the
 *   cloud's own: an S3 object (`localhost:PORT/bucket/page.html`, `bucket.localhost`), an S3 website
 *   (`*.s3-website.localhost`) and an API stage (`*.execute-api.localhost`) all serve what someone uploaded or
 *   deployed, and an attacker who can PUT into a bucket whose CORS rules allow it could navigate there and call
 *   from that origin. A same-origin page can even drop its `Origin` and `Referer` (`<meta name="referrer"
 *   content="no-referrer">` and a GET), which is why `Sec-Fetch-Site: same-origin` is refused too.
 *   The CLI, the SDKs and curl send none of these headers.
 * The data planes that stand for public endpoints — execute-api stages, S3 websites and S3 objects, whose own
 * CORS rules and bucket policies are part of what the labs teach, and Cognito user pools' public operations and
 * key documents, which a sign-in page calls from the browser — take any page's requests, as on AWS (S3's
 * POSTs excepted); S3 still wants a signature there unless a bucket policy allows anonymous access, so a
 * foreign page cannot write into a bucket just because its CORS rules allow `*`.
 * @see https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Sec-Fetch-Site
 */
import { isLoopbackHost } from '../../common/localhost.js'
import { AwsError } from '../core/aws-error.js'
import type { CloudRequest } from '../core/types.js'
import type { Route } from './identify.js'

/**
 * Amazon Cognito user pools' public operations. On AWS they take no SigV4 signature — what authorizes them is in
 * the body (a password, a confirmation code, a challenge session, an access token) — and a web app's sign-in page
 * calls them straight from the browser, so they are a public data plane: unsigned requests and any page's requests
 * pass, for exactly these operations. They run no code the cloud was given (no Lambda triggers locally). The Admin*
 * operations and pool/client management stay signed and closed to pages.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pools-API-operations.html
 */
export const COGNITO_PUBLIC_OPERATIONS: ReadonlySet<string> = new Set(
  ['SignUp', 'ConfirmSignUp', 'InitiateAuth', 'RespondToAuthChallenge', 'GetUser'].map((op) => `AWSCognitoIdentityProviderService.${op}`),
)

/**
 * A Cognito public operation (above), a user pool's JWKS / OIDC discovery document (unauthenticated GETs on AWS), or a
 * browser's CORS preflight for one: a preflight grants nothing by itself, the call that follows is judged here again.
 */
export function isCognitoPublic(route: Route): boolean {
  if (route.kind === 'cognito-discovery' || route.kind === 'cognito-preflight') return true
  return route.kind === 'target' && COGNITO_PUBLIC_OPERATIONS.has(route.target)
}

/** AWS's own endpoint names: Lambda handlers written for AWS may call them, routed here by the cloud. */
const isAwsEndpoint = (host: string) => host.endsWith('.amazonaws.com') || host.endsWith('.amazonaws.com.cn')

/** The web page a browser sent this request for, if a browser sent it: `undefined` for the CLI, SDKs and curl. */
export function pageOrigin(headers: Record<string, string | string[] | undefined>): string | undefined {
  const origin = headers['origin']
  if (typeof origin === 'string') return origin
  const referer = headers['referer']
  if (typeof referer === 'string') return referer
  // A page that sends no Referer (referrer policy) still gets Sec-Fetch-Site from the browser. Only 'none' (the
  // user typed the URL or opened a bookmark) is no page's doing; 'same-origin' is a page on the cloud itself.
  const site = headers['sec-fetch-site']
  return site !== undefined && site !== 'none' ? `a page (Sec-Fetch-Site: ${site})` : undefined
}

/**
 * Routes that stand for public endpoints: any page may call them, subject to their own CORS rules (and, for S3,
 * bucket policies). S3's POSTs (DeleteObjects, multipart uploads) are the exception: a page can send a POST
 * without a CORS preflight.
 */
export function isPublicDataPlane(req: Pick<CloudRequest, 'route' | 'method'>): boolean {
  const { route } = req
  if (route.kind === 'execute-api' || route.kind === 's3-website' || isCognitoPublic(route)) return true
  const s3 = route.kind === 's3-virtual-host' || (route.kind === 'signed' && route.signingName === 's3')
  return s3 && req.method !== 'POST'
}

/**
 * Why the cloud refuses a request for this Host, or `undefined`. (Names the cloud itself hands out under other
 * domains, such as API Gateway custom domains, would be added here, as AWS's are.)
 */
export function hostRefusal(host: string): AwsError | undefined {
  if (isLoopbackHost(host) || isAwsEndpoint(host)) return undefined
  return new AwsError(
    'AccessDenied',
    403,
    `The local cloud only answers requests addressed to localhost, *.localhost or 127.0.0.1, not "${host}": ` +
      'another name that resolves to this machine is how a web page would reach it (DNS rebinding).',
  )
}

/** Why the cloud refuses a browser's request for an AWS API, or `undefined` (no page behind it, or a public data plane). */
export function browserRefusal(req: Pick<CloudRequest, 'route' | 'method' | 'headers'>): AwsError | undefined {
  if (isPublicDataPlane(req)) return undefined
  const origin = pageOrigin(req.headers)
  if (origin === undefined) return undefined
  return new AwsError(
    'AccessDenied',
    403,
    `The local cloud refuses AWS API calls made by web pages (this one came from ${origin === 'null' ? 'a page it cannot identify' : origin}), ` +
      "its own S3 and API pages included: anyone's page could otherwise make it run code on your computer. " +
      'Call AWS APIs from the AWS CLI, an SDK or curl; pages may call API stages, S3 and Cognito sign-in operations.',
  )
}

/** Both checks, in order: for callers that have no pipeline (WebSocket upgrades). */
export function refusal(req: Pick<CloudRequest, 'route' | 'method' | 'headers' | 'host'>): AwsError | undefined {
  return hostRefusal(req.host) ?? browserRefusal(req)
}
