/**
 * @module The static website endpoint `http://{bucket}.s3-website.localhost:PORT/`: GET/HEAD only, index
 * documents for `/` and `folder/`, a 302 from `folder` to `folder/`, routing rules, the error document
 * (served with the error's status) and AWS's HTML error pages. Every object read is anonymous, so the bucket
 * policy must grant `s3:GetObject` and Block Public Access must not restrict it, else 403.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteHosting.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/CustomErrorDocSupport.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/IndexDocumentSupport.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/how-to-page-redirect.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteAccessPermissionsReqd.html
 */
import type { CloudRequest, CloudResponse } from '../../core/types.js'
import { escapeXml } from '../../protocols/xml.js'
import { anonymousAllowed } from './access.js'
import type { S3Model, StoredBucket, WebsiteConfiguration } from './model.js'
import { serveObject } from './serve.js'
import { preflight } from './cors.js'
import type { AwsError } from '../../core/aws-error.js'

interface WebsiteError {
  status: number
  code: string
  message: string
  details?: Record<string, string>
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed' }

export function handleWebsite(req: CloudRequest, model: S3Model, bucketName: string): CloudResponse {
  const found = model.find(bucketName)
  if (req.method === 'OPTIONS' && found) {
    try {
      return preflight(req, found)
    } catch (err) {
      const e = err as AwsError
      return errorPage(req, { status: e.status, code: e.code, message: e.message })
    }
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return errorPage(req, { status: 405, code: 'MethodNotAllowed', message: 'The specified method is not allowed against this resource.', details: { Method: req.method, ResourceType: 'OBJECT' } })
  }
  const bucket = model.find(bucketName)
  if (!bucket) return errorPage(req, { status: 404, code: 'NoSuchBucket', message: 'The specified bucket does not exist', details: { BucketName: bucketName } })
  const website = bucket.Website
  if (!website) {
    return errorPage(req, { status: 404, code: 'NoSuchWebsiteConfiguration', message: 'The specified bucket does not have a website configuration', details: { BucketName: bucketName } })
  }
  let path: string
  try {
    path = decodeURIComponent(req.rawPath).replace(/^\//, '')
  } catch {
    path = req.rawPath.replace(/^\//, '')
  }
  if (website.RedirectAllRequestsTo) {
    const target = website.RedirectAllRequestsTo
    return redirect(301, `${target.Protocol ?? 'http'}://${target.HostName}/${path}`)
  }
  const early = routingRedirect(req, website, path, undefined)
  if (early) return early

  const suffix = website.IndexDocument?.Suffix ?? 'index.html'
  const key = path === '' || path.endsWith('/') ? path + suffix : path
  const readable = (k: string) => anonymousAllowed(bucket, 's3:GetObject', `arn:aws:s3:::${bucket.Name}/${k}`, req)
  const object = model.findObject(bucket.Name, key)
  let failure: WebsiteError
  if (object && readable(key)) {
    // An object may redirect itself (x-amz-website-redirect-location).
    if (object.WebsiteRedirectLocation) return redirect(301, object.WebsiteRedirectLocation)
    return serveObject(req, model, bucket.Name, object)
  } else if (object) {
    failure = { status: 403, code: 'AccessDenied', message: 'Access Denied' }
  } else if (key === path && model.findObject(bucket.Name, `${path}/${suffix}`)) {
    // A key without a trailing slash that names a "folder" with an index document.
    return redirect(302, `/${encodeURI(path)}/`)
  } else {
    // AWS quirk: unlike the REST endpoint, the website says 404 for a missing key whatever the policy, so
    // (as AWS warns) it reveals which keys exist.
    failure = { status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.', details: { Key: key } }
  }
  const ruled = routingRedirect(req, website, path, failure.status)
  if (ruled) return ruled
  return errorDocument(req, model, bucket, website, failure)
}

/** Serve the custom error document with the original status, or AWS's page saying why it could not. */
function errorDocument(req: CloudRequest, model: S3Model, bucket: StoredBucket, website: WebsiteConfiguration, failure: WebsiteError): CloudResponse {
  const errorKey = website.ErrorDocument?.Key
  if (!errorKey) return errorPage(req, failure)
  const doc = model.findObject(bucket.Name, errorKey)
  const readable = anonymousAllowed(bucket, 's3:GetObject', `arn:aws:s3:::${bucket.Name}/${errorKey}`, req)
  if (doc && readable) return serveObject(req, model, bucket.Name, doc, { status: failure.status, conditionals: false })
  const secondary: WebsiteError = readable
    ? { status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.', details: { Key: errorKey } }
    : { status: 403, code: 'AccessDenied', message: 'Access Denied' }
  return errorPage(req, failure, secondary)
}

/**
 * Routing rules: the first rule whose conditions hold redirects (before the lookup for prefix-only rules,
 * after it for `HttpErrorCodeReturnedEquals`).
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/how-to-page-redirect.html#advanced-conditional-redirects
 */
function routingRedirect(req: CloudRequest, website: WebsiteConfiguration, key: string, status: number | undefined): CloudResponse | undefined {
  for (const rule of website.RoutingRules ?? []) {
    const c = rule.Condition ?? {}
    if (c.KeyPrefixEquals !== undefined && !key.startsWith(c.KeyPrefixEquals)) continue
    if (c.HttpErrorCodeReturnedEquals !== undefined ? String(status) !== c.HttpErrorCodeReturnedEquals : status !== undefined) continue
    const r = rule.Redirect
    let target = key
    if (r.ReplaceKeyWith !== undefined) target = r.ReplaceKeyWith
    else if (r.ReplaceKeyPrefixWith !== undefined) target = r.ReplaceKeyPrefixWith + key.slice((c.KeyPrefixEquals ?? '').length)
    const host = r.HostName ?? req.headers['host'] ?? req.host
    return redirect(Number(r.HttpRedirectCode ?? 301), `${r.Protocol ?? 'http'}://${host}/${target}`)
  }
  return undefined
}

function redirect(status: number, location: string): CloudResponse {
  return { status, headers: { location, 'content-length': '0' }, body: '' }
}

/** AWS's HTML error page, byte for byte in shape. */
function errorPage(req: CloudRequest, e: WebsiteError, secondary?: WebsiteError): CloudResponse {
  const title = `${e.status} ${STATUS_TEXT[e.status] ?? 'Error'}`
  const items = (err: WebsiteError, withIds: boolean) =>
    [
      `<li>Code: ${escapeXml(err.code)}</li>`,
      `<li>Message: ${escapeXml(err.message)}</li>`,
      ...Object.entries(err.details ?? {}).map(([k, v]) => `<li>${k}: ${escapeXml(v)}</li>`),
      ...(withIds ? [`<li>RequestId: ${req.requestId}</li>`, `<li>HostId: ${req.requestId}</li>`] : []),
    ].join('\n')
  const extra = secondary
    ? `<h3>An Error Occurred While Attempting to Retrieve a Custom Error Document</h3>\n<ul>\n${items(secondary, false)}\n</ul>\n`
    : ''
  const body = `<html>\n<head><title>${title}</title></head>\n<body>\n<h1>${title}</h1>\n<ul>\n${items(e, true)}\n</ul>\n${extra}<hr/>\n</body>\n</html>\n`
  const headers: Record<string, string> = {
    'content-type': 'text/html; charset=utf-8',
    'x-amz-error-code': e.code,
    'x-amz-error-message': e.message,
    'x-amz-request-id': req.requestId,
  }
  for (const [k, v] of Object.entries(e.details ?? {})) if (/^[\x20-\x7e]*$/.test(v)) headers[`x-amz-error-detail-${k}`] = v
  if (req.method === 'HEAD') return { status: e.status, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, body: '', errorCode: e.code }
  return { status: e.status, headers, body, errorCode: e.code }
}
