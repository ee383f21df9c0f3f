/**
 * @module Bucket versioning: once a bucket's versioning is Enabled, every PUT adds a version and a DELETE without
 * a version id adds a delete marker; Suspended writes and deletes the `null` version. The bucket's `objects` map
 * keeps holding the current object (what listing, GET and the website serve); `versions` holds each key's
 * history, newest first, once the key is written under versioning.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeleteMarker.html
 */
import { randomBytes } from 'node:crypto'
import { AwsError } from '../../core/aws-error.js'
import type { StoredBucket, StoredObject } from './model.js'

export interface StoredVersion {
  VersionId: string
  LastModified: string
  deleteMarker?: true
  object?: StoredObject
}

export type VersioningStatus = 'Enabled' | 'Suspended'

/** What a write reports: the version id (absent in a never-versioned bucket) and whether it made a delete marker. */
export interface VersionOutcome {
  VersionId?: string
  DeleteMarker?: boolean
}

export const noSuchVersion = (key: string, versionId: string) =>
  new AwsError('NoSuchVersion', 404, 'The specified version does not exist.', { Key: key, VersionId: versionId })

/** S3's version ids are opaque URL-safe strings of 32 characters. */
const newVersionId = () => randomBytes(24).toString('base64url')

/** Body files, as the model stores them. */
export interface BodyFiles {
  remove(file: string): void
}

/** A key's history; an object written before versioning becomes its `null` version. */
function history(bucket: StoredBucket & { versions?: Record<string, StoredVersion[]> }, key: string): StoredVersion[] {
  const versions = (bucket.versions ??= {})
  if (!Object.hasOwn(versions, key)) {
    const current = Object.hasOwn(bucket.objects, key) ? bucket.objects[key] : undefined
    versions[key] = current ? [{ VersionId: 'null', LastModified: current.LastModified, object: { ...current, VersionId: 'null' } }] : []
  }
  return versions[key]
}

export function versionsOf(bucket: StoredBucket, key: string): StoredVersion[] | undefined {
  return bucket.versions && Object.hasOwn(bucket.versions, key) ? bucket.versions[key] : undefined
}

/** Drop the `null` version (Suspended writes replace it). */
function dropNull(list: StoredVersion[], files: BodyFiles): void {
  const at = list.findIndex((v) => v.VersionId === 'null')
  if (at === -1) return
  const [gone] = list.splice(at, 1)
  if (gone.object) files.remove(gone.object.file)
}

/** Record a new current object of a versioned bucket; returns the stored object (with its VersionId). */
export function putVersion(bucket: StoredBucket, stored: StoredObject, files: BodyFiles): StoredObject {
  const list = history(bucket, stored.Key)
  const suspended = bucket.Versioning === 'Suspended'
  if (suspended) dropNull(list, files)
  const object = { ...stored, VersionId: suspended ? 'null' : newVersionId() }
  list.unshift({ VersionId: object.VersionId, LastModified: object.LastModified, object })
  bucket.objects[stored.Key] = object
  return object
}

/** DELETE without a version id on a versioned bucket: a delete marker becomes the current version. */
export function addDeleteMarker(bucket: StoredBucket, key: string, files: BodyFiles): VersionOutcome {
  const list = history(bucket, key)
  const suspended = bucket.Versioning === 'Suspended'
  if (suspended) dropNull(list, files)
  const VersionId = suspended ? 'null' : newVersionId()
  list.unshift({ VersionId, LastModified: new Date().toISOString(), deleteMarker: true })
  delete bucket.objects[key]
  return { VersionId, DeleteMarker: true }
}

/** DELETE of one version (object or delete marker): permanent; the next newest becomes current. */
export function deleteVersion(bucket: StoredBucket, key: string, versionId: string, files: BodyFiles): VersionOutcome {
  const list = versionsOf(bucket, key)
  if (!list) {
    // A never-versioned key has only its `null` version.
    if (versionId === 'null' && Object.hasOwn(bucket.objects, key)) {
      files.remove(bucket.objects[key].file)
      delete bucket.objects[key]
    }
    return { VersionId: versionId }
  }
  const at = list.findIndex((v) => v.VersionId === versionId)
  if (at === -1) return { VersionId: versionId }
  const [gone] = list.splice(at, 1)
  if (gone.object) files.remove(gone.object.file)
  if (at === 0) {
    const head = list[0]
    if (head?.object) bucket.objects[key] = head.object
    else delete bucket.objects[key]
  }
  if (list.length === 0) delete bucket.versions![key]
  return { VersionId: versionId, ...(gone.deleteMarker ? { DeleteMarker: true } : {}) }
}

/**
 * The object a GET or HEAD with `versionId` names. A delete marker answers 405 (it has no content).
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/RetrievingObjectVersions.html
 */
export function findVersion(bucket: StoredBucket, key: string, versionId: string): StoredObject {
  const list = versionsOf(bucket, key)
  if (!list) {
    if (versionId === 'null' && Object.hasOwn(bucket.objects, key)) return bucket.objects[key]
    throw noSuchVersion(key, versionId)
  }
  const version = list.find((v) => v.VersionId === versionId)
  if (!version) throw noSuchVersion(key, versionId)
  if (version.deleteMarker) {
    throw new AwsError('MethodNotAllowed', 405, 'The specified method is not allowed against this resource.', { Method: 'GET', ResourceType: 'DeleteMarker' })
  }
  return version.object!
}

/** Whether the bucket holds anything (current objects, old versions or delete markers): DeleteBucket needs none. */
export function holdsVersions(bucket: StoredBucket): boolean {
  return Object.values(bucket.versions ?? {}).some((list) => list.length > 0)
}

/** Every version of every key, newest first per key, keys in the order given. */
export function allVersions(bucket: StoredBucket, keys: string[]): { key: string; version: StoredVersion; latest: boolean }[] {
  const out: { key: string; version: StoredVersion; latest: boolean }[] = []
  for (const key of keys) {
    const list = versionsOf(bucket, key)
    if (list) list.forEach((version, i) => out.push({ key, version, latest: i === 0 }))
    else if (Object.hasOwn(bucket.objects, key)) {
      const o = bucket.objects[key]
      out.push({ key, version: { VersionId: 'null', LastModified: o.LastModified, object: o }, latest: true })
    }
  }
  return out
}
