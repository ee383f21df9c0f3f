/**
 * @module Multipart uploads (the AWS CLI uses them from 8 MB, `@aws-sdk/lib-storage` always): create, upload
 * parts, complete (parts in order, all but the last at least 5 MiB, ETag `"md5(part md5s)-N"`), abort, list.
 * Not implemented: UploadPartCopy, and the composite checksum of a completed upload (part checksums are
 * verified, the object carries none).
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html
 */
import { createHash, randomBytes } from 'node:crypto'
import { AwsError } from '../../core/aws-error.js'
import type { ApiOperation, CloudContext } from '../../core/types.js'
import { invalidArgument } from './errors.js'
import type { S3Model, StoredUpload } from './model.js'
import { checkKey } from './validate.js'

const MIN_PART_SIZE = 5 * 1024 * 1024

const noSuchUpload = (uploadId: string) =>
  new AwsError('NoSuchUpload', 404, 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', {
    UploadId: uploadId,
  })

export function multipartApi(model: () => S3Model, api: Record<string, ApiOperation>): Record<string, ApiOperation> {
  const upload = (bucket: string, key: string, uploadId: string): StoredUpload => {
    model().bucket(bucket)
    const found = Object.hasOwn(model().uploads, uploadId) ? model().uploads[uploadId] : undefined
    if (!found || found.Bucket !== bucket || found.Key !== key) throw noSuchUpload(uploadId)
    return found
  }
  const discard = (u: StoredUpload) => {
    delete model().uploads[u.UploadId]
    model().save()
    for (const part of Object.values(u.parts)) model().removeFile(u.Bucket, part.file)
  }

  return {
    async CreateMultipartUpload(input: { Bucket: string; Key: string; [member: string]: unknown }) {
      model().bucket(input.Bucket)
      checkKey(input.Key)
      const { Bucket, Key, ...meta } = input
      const UploadId = randomBytes(32).toString('base64url')
      model().uploads[UploadId] = { UploadId, Bucket, Key, Initiated: new Date().toISOString(), meta, parts: {} }
      model().save()
      return { Bucket, Key, UploadId }
    },
    async UploadPart(input: { Bucket: string; Key: string; UploadId: string; PartNumber: number; Body: Buffer | string }) {
      const u = upload(input.Bucket, input.Key, input.UploadId)
      const n = Number(input.PartNumber)
      if (!Number.isInteger(n) || n < 1 || n > 10000) {
        throw invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', String(input.PartNumber))
      }
      const body = typeof input.Body === 'string' ? Buffer.from(input.Body) : Buffer.from(input.Body ?? [])
      const file = model().writeBlob(input.Bucket, body)
      const previous = u.parts[n]
      const ETag = `"${createHash('md5').update(body).digest('hex')}"`
      u.parts[n] = { PartNumber: n, ETag, Size: body.length, LastModified: new Date().toISOString(), file }
      model().save()
      if (previous) model().removeFile(input.Bucket, previous.file)
      return { ETag }
    },
    async CompleteMultipartUpload(input: { Bucket: string; Key: string; UploadId: string; MultipartUpload?: { Parts?: { PartNumber: number; ETag: string }[] } }, ctx: CloudContext) {
      const u = upload(input.Bucket, input.Key, input.UploadId)
      const parts = input.MultipartUpload?.Parts ?? []
      if (parts.length === 0) {
        throw new AwsError('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema')
      }
      const chosen = parts.map((p, i) => {
        if (i > 0 && Number(p.PartNumber) <= Number(parts[i - 1].PartNumber)) {
          throw new AwsError('InvalidPartOrder', 400, 'The list of parts was not in ascending order. Parts must be ordered by part number.')
        }
        const stored = u.parts[Number(p.PartNumber)]
        const etag = `"${String(p.ETag ?? '').replace(/"/g, '')}"`
        if (!stored || stored.ETag !== etag) {
          throw new AwsError(
            'InvalidPart',
            400,
            "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
            { UploadId: u.UploadId, PartNumber: String(p.PartNumber), ETag: String(p.ETag ?? '') },
          )
        }
        return stored
      })
      chosen.slice(0, -1).forEach((part) => {
        if (part.Size < MIN_PART_SIZE) {
          throw new AwsError('EntityTooSmall', 400, 'Your proposed upload is smaller than the minimum allowed size', {
            ProposedSize: String(part.Size),
            MinSizeAllowed: String(MIN_PART_SIZE),
          })
        }
      })
      const body = Buffer.concat(chosen.map((part) => model().readBlob(u.Bucket, part.file)))
      const digest = createHash('md5')
      for (const part of chosen) digest.update(Buffer.from(part.ETag.replace(/"/g, ''), 'hex'))
      const ETag = `"${digest.digest('hex')}-${chosen.length}"`
      await api.PutObject({ ...u.meta, Bucket: u.Bucket, Key: u.Key, Body: body, _etag: ETag }, ctx)
      discard(u)
      return { Location: `${ctx.endpoint}/${u.Bucket}/${encodeURI(u.Key)}`, Bucket: u.Bucket, Key: u.Key, ETag }
    },
    async AbortMultipartUpload(input: { Bucket: string; Key: string; UploadId: string }) {
      discard(upload(input.Bucket, input.Key, input.UploadId))
      return {}
    },
    async ListParts(input: { Bucket: string; Key: string; UploadId: string }) {
      const u = upload(input.Bucket, input.Key, input.UploadId)
      const parts = Object.values(u.parts).sort((a, b) => a.PartNumber - b.PartNumber)
      return {
        Bucket: u.Bucket,
        Key: u.Key,
        UploadId: u.UploadId,
        StorageClass: 'STANDARD',
        IsTruncated: false,
        Part: parts.map((p) => ({ PartNumber: p.PartNumber, LastModified: new Date(p.LastModified), ETag: p.ETag, Size: p.Size })),
      }
    },
    async ListMultipartUploads(input: { Bucket: string }) {
      model().bucket(input.Bucket)
      const uploads = Object.values(model().uploads)
        .filter((u) => u.Bucket === input.Bucket)
        .sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0))
      return {
        Bucket: input.Bucket,
        IsTruncated: false,
        Upload: uploads.map((u) => ({ Key: u.Key, UploadId: u.UploadId, Initiated: new Date(u.Initiated), StorageClass: 'STANDARD' })),
      }
    },
  }
}
