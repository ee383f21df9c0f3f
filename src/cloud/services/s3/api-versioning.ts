/**
 * @module The versioning operations (PutBucketVersioning, GetBucketVersioning, ListObjectVersions) and the
 * `VersionId` forms of GetObject, HeadObject, DeleteObject and DeleteObjects.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketVersioning.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html
 */
import type { ApiOperation } from '../../core/types.js'
import { objectOutput } from './api.js'
import { invalidArgument, malformedXml } from './errors.js'
import { compareUtf8, type S3Model } from './model.js'
import { allVersions, findVersion } from './versioning.js'

type VersionedKey = { Bucket: string; Key: string; VersionId?: string }

export function versioningApi(model: () => S3Model, base: Record<string, ApiOperation>): Record<string, ApiOperation> {
  return {
    /** Not implemented: MFA delete (refused: the local cloud has no MFA devices). */
    async PutBucketVersioning(input: { Bucket: string; VersioningConfiguration?: { Status?: string; MFADelete?: string } }) {
      const status = input.VersioningConfiguration?.Status
      if (status !== 'Enabled' && status !== 'Suspended') throw malformedXml()
      if (input.VersioningConfiguration?.MFADelete === 'Enabled') throw invalidArgument('MFA Delete is not supported by the local cloud', 'MfaDelete', 'Enabled')
      model().update(input.Bucket, (b) => (b.Versioning = status))
      return {}
    },

    async GetBucketVersioning(input: { Bucket: string }) {
      const status = model().bucket(input.Bucket).Versioning
      return status ? { Status: status } : {}
    },

    async GetObject(input: VersionedKey, ctx) {
      if (input.VersionId === undefined) return withVersion(await base.GetObject(input, ctx), model().object(input.Bucket, input.Key).VersionId)
      const object = findVersion(model().bucket(input.Bucket), input.Key, input.VersionId)
      return { Body: model().readBody(input.Bucket, object), ...objectOutput(object), VersionId: input.VersionId }
    },

    async HeadObject(input: VersionedKey, ctx) {
      if (input.VersionId === undefined) return withVersion(await base.HeadObject(input, ctx), model().object(input.Bucket, input.Key).VersionId)
      return { ...objectOutput(findVersion(model().bucket(input.Bucket), input.Key, input.VersionId)), VersionId: input.VersionId }
    },

    async DeleteObject(input: VersionedKey) {
      return model().deleteKey(input.Bucket, input.Key, input.VersionId)
    },

    async DeleteObjects(input: { Bucket: string; Delete: { Objects: Omit<VersionedKey, 'Bucket'>[]; Quiet?: boolean } }) {
      model().bucket(input.Bucket)
      const objects = input.Delete?.Objects ?? []
      if (objects.length > 1000) throw malformedXml()
      const Deleted = objects.map((o) => {
        const outcome = model().deleteKey(input.Bucket, o.Key, o.VersionId)
        if (o.VersionId !== undefined) return { Key: o.Key, VersionId: o.VersionId, ...(outcome.DeleteMarker ? { DeleteMarker: true, DeleteMarkerVersionId: o.VersionId } : {}) }
        return { Key: o.Key, ...(outcome.DeleteMarker ? { DeleteMarker: true, DeleteMarkerVersionId: outcome.VersionId } : {}) }
      })
      return input.Delete?.Quiet ? { Deleted: [], Errors: [] } : { Deleted, Errors: [] }
    },

    /** Not implemented: Delimiter (common prefixes) on versions listing. */
    async ListObjectVersions(input: { Bucket: string; Prefix?: string; KeyMarker?: string; VersionIdMarker?: string; MaxKeys?: number }) {
      const bucket = model().bucket(input.Bucket)
      const prefix = input.Prefix ?? ''
      const maxKeys = Math.min(input.MaxKeys ?? 1000, 1000)
      const keys = [...new Set([...Object.keys(bucket.objects), ...Object.keys(bucket.versions ?? {})])].filter((k) => k.startsWith(prefix)).sort(compareUtf8)
      let entries = allVersions(bucket, keys)
      if (input.KeyMarker) {
        const marker = input.KeyMarker
        const at = input.VersionIdMarker ? entries.findIndex((e) => e.key === marker && e.version.VersionId === input.VersionIdMarker) : -1
        entries = at !== -1 ? entries.slice(at + 1) : entries.filter((e) => compareUtf8(e.key, marker) > 0)
      }
      const page = entries.slice(0, maxKeys)
      const truncated = entries.length > maxKeys
      const last = page[page.length - 1]
      const common = (e: (typeof page)[number]) => ({ Key: e.key, VersionId: e.version.VersionId, IsLatest: e.latest, LastModified: new Date(e.version.LastModified), Owner: { ID: OWNER } })
      return {
        Name: input.Bucket,
        Prefix: prefix,
        KeyMarker: input.KeyMarker ?? '',
        VersionIdMarker: input.VersionIdMarker ?? '',
        MaxKeys: maxKeys,
        IsTruncated: truncated,
        ...(truncated && last ? { NextKeyMarker: last.key, NextVersionIdMarker: last.version.VersionId } : {}),
        Versions: page.filter((e) => !e.version.deleteMarker).map((e) => ({ ...common(e), ETag: e.version.object!.ETag, Size: e.version.object!.Size, StorageClass: 'STANDARD' })),
        DeleteMarkers: page.filter((e) => e.version.deleteMarker).map(common),
      }
    },
  }
}

/** The canonical id the local cloud reports as every object's owner. */
const OWNER = '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a'

function withVersion<T extends Record<string, unknown>>(output: T, versionId: string | undefined): T {
  return versionId === undefined ? output : { ...output, VersionId: versionId }
}
