/**
 * @module Decide which service a request is for, as AWS's endpoints do: by host, by `X-Amz-Target`,
 * then by the SigV4 credential scope's service.
 */
import type { CloudRequest } from '../core/types.js'

export type Route =
  | { kind: 'execute-api'; apiId: string; path: string }
  | { kind: 's3-website'; bucket: string }
  | { kind: 's3-virtual-host'; bucket: string }
  | { kind: 'target'; target: string }
  /** A user pool's public documents: `/{poolId}/.well-known/jwks.json` or `openid-configuration`. */
  | { kind: 'cognito-discovery'; poolId: string; document: 'jwks.json' | 'openid-configuration' }
  /** A browser's CORS preflight for a JSON API call (`X-Amz-Target` among the headers it asks for): Cognito's sign-in. */
  | { kind: 'cognito-preflight' }
  | { kind: 'signed'; signingName: string; path?: string }
  | { kind: 'unknown' }

const EXECUTE_API_HOST = /^([a-z0-9]+)\.execute-api\.localhost$/
/**
 * AWS's own name for a stage, `{apiId}.execute-api.{region}.amazonaws.com`: what handler code written for AWS
 * calls (`@connections` callbacks, other APIs). Function sandboxes send it here (`lambda/runtimes/aws-hosts.cjs`);
 * a browser could only send this Host to loopback if the machine's own resolver said so, which no page controls.
 */
const EXECUTE_API_AWS_HOST = /^([a-z0-9]+)\.execute-api\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$/
const EXECUTE_API_PATH = /^\/_aws\/execute-api\/([a-z0-9]+)(\/.*)?$/
const WEBSITE_HOST = /^(.+)\.s3-website(?:[.-][a-z0-9-]+)?\.localhost$/
const S3_VIRTUAL_HOST = /^(.+?)\.(?:s3\.)?localhost$/
const ANONYMOUS_S3_PATH = /^\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/|$)/
/** Cognito's issuer host (locally `cognito-idp.localhost`, or AWS's name from inside a sandbox) or the path form. */
const COGNITO_HOST = /^cognito-idp\.(?:localhost|[a-z0-9-]+\.amazonaws\.com)$/
const COGNITO_DOCUMENT = /^\/([\w-]+_[0-9A-Za-z]+)\/\.well-known\/(jwks\.json|openid-configuration)$/
const COGNITO_PATH = /^\/_aws\/cognito-idp(\/.*)$/
const CREDENTIAL_SCOPE = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/

/** Region and service from `Authorization: AWS4-HMAC-SHA256 Credential=AK/date/region/service/aws4_request`. */
export function credentialScope(req: Pick<CloudRequest, 'headers' | 'query'>): { region: string; service: string } | undefined {
  const auth = req.headers['authorization'] ?? ''
  const fromHeader = CREDENTIAL_SCOPE.exec(auth)
  if (fromHeader) return { region: fromHeader[1], service: fromHeader[2] }
  const credential = req.query.get('X-Amz-Credential')
  if (credential) {
    const parts = credential.split('/')
    if (parts.length >= 5) return { region: parts[2], service: parts[3] }
  }
  return undefined
}

/** An unauthenticated GET of a user pool's JWKS or OIDC discovery document, as `cognito-idp.{region}.amazonaws.com` serves them. */
function cognitoDocument(req: CloudRequest): Route | undefined {
  // The preflight cannot name its operation (X-Amz-Target is only announced); the call that follows is judged on its
  // own. Cognito's public operations are unsigned: a preflight announcing an Authorization header is for another API.
  if (req.method === 'OPTIONS' && req.rawPath === '/') {
    const announced = (req.headers['access-control-request-headers'] ?? '').toLowerCase().split(',').map((h) => h.trim())
    if (announced.includes('x-amz-target') && !announced.includes('authorization')) return { kind: 'cognito-preflight' }
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return undefined
  const path = COGNITO_PATH.exec(req.rawPath)?.[1] ?? (COGNITO_HOST.test(req.host) ? req.rawPath : undefined)
  const m = path === undefined ? null : COGNITO_DOCUMENT.exec(path)
  return m ? { kind: 'cognito-discovery', poolId: m[1], document: m[2] as 'jwks.json' | 'openid-configuration' } : undefined
}

export function identify(req: CloudRequest): Route {
  const apiHost = EXECUTE_API_HOST.exec(req.host) ?? EXECUTE_API_AWS_HOST.exec(req.host)
  if (apiHost) return { kind: 'execute-api', apiId: apiHost[1], path: req.rawPath }
  const apiPath = EXECUTE_API_PATH.exec(req.rawPath)
  if (apiPath) return { kind: 'execute-api', apiId: apiPath[1], path: apiPath[2] ?? '/' }
  const cognito = cognitoDocument(req)
  if (cognito) return cognito
  const website = WEBSITE_HOST.exec(req.host)
  if (website) return { kind: 's3-website', bucket: website[1] }
  const target = req.headers['x-amz-target']
  if (target) return { kind: 'target', target }
  const scope = credentialScope(req)
  const virtual = S3_VIRTUAL_HOST.exec(req.host)
  if (virtual && virtual[1] !== 's3' && (!scope || scope.service === 's3')) return { kind: 's3-virtual-host', bucket: virtual[1] }
  if (scope) return { kind: 'signed', signingName: scope.service, path: req.rawPath }
  // An unsigned request for /{bucket}/… is an anonymous S3 request, as on s3.amazonaws.com, which the bucket policy
  // judges (public objects, a bucket that takes anyone's PUT); an OPTIONS there is a browser's CORS preflight for
  // S3. Unsigned POSTs stay unrouted: a page can send one without a preflight.
  if (req.method !== 'POST' && ANONYMOUS_S3_PATH.test(req.rawPath)) return { kind: 'signed', signingName: 's3' }
  return { kind: 'unknown' }
}
