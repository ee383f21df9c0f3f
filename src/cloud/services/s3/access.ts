/**
 * @module Anonymous access (unsigned REST requests and the website endpoint): allowed only when the bucket
 * policy grants it and RestrictPublicBuckets does not cut public policies off.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteAccessPermissionsReqd.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
 */
import type { CloudRequest } from '../../core/types.js'
import { accessDenied } from './errors.js'
import type { StoredBucket } from './model.js'
import { evaluateAnonymous, isPublicPolicy, parsePolicy, type PolicyDocument } from './policy.js'
import type { S3Call } from './rest.js'

/** Whether an anonymous caller may perform `action` on `resource` of this bucket. */
export function anonymousAllowed(bucket: StoredBucket, action: string, resource: string, req: CloudRequest): boolean {
  if (bucket.Policy === undefined) return false
  let doc: PolicyDocument
  try {
    doc = parsePolicy(bucket.Policy, bucket.Name)
  } catch {
    return false
  }
  if (bucket.PublicAccessBlock?.RestrictPublicBuckets && isPublicPolicy(doc)) return false
  const verdict = evaluateAnonymous(doc, action, resource, {
    sourceIp: req.sourceIp,
    // The local cloud speaks plain HTTP only.
    secureTransport: false,
    referer: req.headers['referer'],
    userAgent: req.headers['user-agent'],
  })
  return verdict === 'allow'
}

/** Throw `AccessDenied` unless the anonymous caller is allowed (a missing bucket stays `NoSuchBucket`). */
export function anonymousAccess(call: S3Call, action: string, resource: string): void {
  const bucket = call.model.bucket(call.bucket)
  if (!anonymousAllowed(bucket, action, resource, call.req)) throw accessDenied()
}
