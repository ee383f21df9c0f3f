/**
 * @module Keep web pages from elsewhere out of the local cloud's AWS APIs. The cloud (with LAB_CLOUD_ANY_CREDENTIALS=1) accepts any credentials
 * and runs the code it is given, so a page on the internet that made a learner's browser send it a request
 * (a form post, an `<img>` URL with `?Action=CreateStack&X-Amz-Credential=…`) could run code on the learner's
 * machine; a page behind another DNS name that resolves to 127.0.0.1 (DNS rebinding) could also read answers.
 *
 * Two checks, as local AWS emulators do (LocalStack refuses foreign origins the same way):
 * - the Host must name this machine (`localhost`, `*.localhost`, a loopback address) or an AWS endpoint;
 * - the AWS APIs refuse requests that a page outside this machine made: its `Origin`, or for requests without one
 *   (`<img>`, `<script>`, top-level navigations from a link) its `Referer`. The SDKs, the CLI and curl send
 *   neither; pages the local cloud itself serves (`*.localhost`) are from this machine.
 * The data planes that stand for public endpoints — execute-api, S3 websites and S3 objects, whose own CORS
 * rules are part of what the labs teach — take any page's requests, as on AWS (S3's POSTs excepted).
 * @see https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Sec-Fetch-Site
 */
import { isLoopbackHost } from '../../common/localhost.js'
import { AwsError } from '../core/aws-error.js'
import type { CloudRequest } from '../core/types.js'

/** AWS's own endpoint names: Lambda handlers written for AWS may call them, routed here by the cloud. */
const isAwsEndpoint = (host: string) => host.endsWith('.amazonaws.com') || host.endsWith('.amazonaws.com.cn')

/** The web page a browser sent this request for, if a browser sent it: `undefined` for the CLI, SDKs and curl. */
function pageOrigin(req: CloudRequest): string | undefined {
  const origin = req.headers['origin']
  if (origin !== undefined) return origin
  const referer = req.headers['referer']
  if (referer !== undefined) return referer
  // A browser that sends no Referer still says whether another site caused the request ('none': the user did).
  const site = req.headers['sec-fetch-site']
  return site !== undefined && site !== 'none' && site !== 'same-origin' ? 'null' : undefined
}

function fromThisMachine(origin: string): boolean {
  try {
    const url = new URL(origin)
    return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname)
  } catch {
    return false // "null" (sandboxed frames, file: pages) or garbage
  }
}

/**
 * Routes that stand for public endpoints: any page may call them, subject to their own CORS rules. S3's POSTs
 * (DeleteObjects, multipart uploads) are the exception: a page can send a POST without a CORS preflight.
 */
function isPublicDataPlane(req: CloudRequest): boolean {
  const { route } = req
  if (route.kind === 'execute-api' || route.kind === 's3-website') return true
  const s3 = route.kind === 's3-virtual-host' || (route.kind === 'signed' && route.signingName === 's3')
  return s3 && req.method !== 'POST'
}

/**
 * Why the cloud refuses this request, or `undefined` to serve it. (Names the cloud itself hands out under
 * other domains, such as API Gateway custom domains, would be added to the Host check, as AWS's are.)
 */
export function refusal(req: CloudRequest): AwsError | undefined {
  if (!isLoopbackHost(req.host) && !isAwsEndpoint(req.host)) {
    return new AwsError(
      'AccessDenied',
      403,
      `The local cloud only answers requests addressed to localhost, *.localhost or 127.0.0.1, not "${req.host}": ` +
        'another name that resolves to this machine is how a web page would reach it (DNS rebinding).',
    )
  }
  if (isPublicDataPlane(req)) return undefined
  const origin = pageOrigin(req)
  if (origin === undefined || fromThisMachine(origin)) return undefined
  return new AwsError(
    'AccessDenied',
    403,
    `The local cloud refuses AWS API calls from web pages outside this machine (this one came from ${origin === 'null' ? 'a page it cannot identify' : origin}): ` +
      'such a page could otherwise make it run code on your computer. Call it from the AWS CLI, an SDK, or a page it serves (*.localhost).',
  )
}
