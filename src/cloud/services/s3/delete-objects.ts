/**
 * @module DeleteObjects (multi-object delete) as S3 judges it: `s3:DeleteObject` (`s3:DeleteObjectVersion` for a
 * version) key by key, identity policies and the bucket policy alike. A key the caller may not delete is reported in
 * the 200 result as `<Error><Key>…</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>` (in quiet
 * mode too: quiet leaves out only the successes); the other keys are deleted.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html
 */
import { itemDenials } from '../../authz/api-gate.js'
import { s3Checks } from '../../authz/api-resources-s3.js'
import type { CloudResponse } from '../../core/types.js'
import { malformedXml } from './errors.js'
import type { S3Call } from './rest.js'
import { parseDelete, xmlResponse } from './xml-io.js'

type DeleteError = { Key: string; VersionId?: string; Code: string; Message: string }

export async function deleteObjects(call: S3Call): Promise<CloudResponse> {
  const { req, ctx, api, bucket: Bucket } = call
  const del = parseDelete(call.payload.body)
  if (del.Objects.length === 0) throw malformedXml()
  const target = { region: req.region, account: ctx.accountId, caller: req.identity!, method: req.method, path: req.path }
  // One check per key, in the order of `del.Objects`.
  const checks = s3Checks('DeleteObjects', { Bucket, Delete: del }, target)
  const denials = await itemDenials(req, ctx, checks)
  const refused: DeleteError[] = []
  const allowed = del.Objects.filter((o, i) => {
    if (!denials[i]) return true
    refused.push({ Key: o.Key, ...(o.VersionId !== undefined ? { VersionId: o.VersionId } : {}), Code: 'AccessDenied', Message: 'Access Denied' })
    return false
  })
  // Even with every key refused the bucket must exist: NoSuchBucket comes from the operation, as on AWS.
  const out = await api.DeleteObjects({ Bucket, Delete: { ...del, Objects: allowed } }, ctx)
  return xmlResponse('DeleteResult', { Deleted: out.Deleted, Error: [...(out.Errors ?? []), ...refused] })
}
