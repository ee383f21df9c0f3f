/**
 * @module S3 state: buckets (with their policy, website, public access block and tags) and an object index in
 * one atomic JSON store; object bodies as files. A body is written before the index that points at it, so a
 * `kill -9` can leave an orphan file but never an index entry without its body.
 */
import fs from 'node:fs'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import { writeFileAtomic } from '../../core/atomic-file.js'
import type { JsonStore } from '../../core/store.js'
import type { CloudContext } from '../../core/types.js'
import type { CorsRule } from './cors.js'
import { bucketNotEmpty, invalidArgument, noSuchBucket, noSuchKey } from './errors.js'

export interface Tag {
  Key: string
  Value: string
}

export interface PublicAccessBlock {
  BlockPublicAcls: boolean
  IgnorePublicAcls: boolean
  BlockPublicPolicy: boolean
  RestrictPublicBuckets: boolean
}

export interface WebsiteConfiguration {
  IndexDocument?: { Suffix: string }
  ErrorDocument?: { Key: string }
  RedirectAllRequestsTo?: { HostName: string; Protocol?: string }
  RoutingRules?: {
    Condition?: { KeyPrefixEquals?: string; HttpErrorCodeReturnedEquals?: string }
    Redirect: { HostName?: string; Protocol?: string; HttpRedirectCode?: string; ReplaceKeyPrefixWith?: string; ReplaceKeyWith?: string }
  }[]
}

export interface StoredObject {
  Key: string
  Size: number
  /** Quoted hex MD5, as S3 returns it. */
  ETag: string
  LastModified: string
  ContentType: string
  ContentEncoding?: string
  ContentDisposition?: string
  ContentLanguage?: string
  CacheControl?: string
  Expires?: string
  /** Website endpoint answers a GET of this object with a 301 to here. */
  WebsiteRedirectLocation?: string
  Metadata: Record<string, string>
  /** Flexible checksum sent with the upload, e.g. `{ algorithm: 'CRC32', value: 'base64' }`. */
  Checksum?: { algorithm: string; value: string }
  /** Body file name under objects/<bucket>/. */
  file: string
}

export interface StoredBucket {
  Name: string
  Region: string
  CreationDate: string
  Policy?: string
  Website?: WebsiteConfiguration
  PublicAccessBlock?: PublicAccessBlock
  TagSet?: Tag[]
  Cors?: CorsRule[]
  objects: Record<string, StoredObject>
}

/** An in-progress multipart upload: its parts are blobs in the bucket's folder until completed. */
export interface StoredUpload {
  UploadId: string
  Bucket: string
  Key: string
  Initiated: string
  /** Content headers given to CreateMultipartUpload, applied to the completed object. */
  meta: Record<string, unknown>
  parts: Record<string, { PartNumber: number; ETag: string; Size: number; LastModified: string; file: string }>
}

interface State {
  buckets: Record<string, StoredBucket>
  uploads?: Record<string, StoredUpload>
}

export interface ListOptions {
  prefix?: string
  delimiter?: string
  maxKeys?: number
  /** Exclusive lower bound (StartAfter, Marker or a continuation token's position). */
  after?: string
  /** The previous page ended on this common prefix: skip its keys too. */
  afterPrefix?: boolean
}

export interface ListResult {
  objects: StoredObject[]
  prefixes: string[]
  truncated: boolean
  /** Where the next page starts (last key or common prefix returned). */
  last?: { value: string; isPrefix: boolean }
}

export class S3Model {
  private store: JsonStore<State>
  private objectsDir: string

  constructor(ctx: CloudContext) {
    this.store = ctx.store<State>('s3', 'buckets', () => ({ buckets: {} }))
    this.objectsDir = path.join(ctx.dataDir, 's3', 'objects')
  }

  get buckets(): StoredBucket[] {
    return Object.values(this.store.data.buckets).sort((a, b) => (a.Name < b.Name ? -1 : 1))
  }

  find(name: string): StoredBucket | undefined {
    return Object.hasOwn(this.store.data.buckets, name) ? this.store.data.buckets[name] : undefined
  }

  bucket(name: string): StoredBucket {
    const bucket = this.find(name)
    if (!bucket) throw noSuchBucket(name)
    return bucket
  }

  createBucket(name: string, region: string, publicAccessBlock: PublicAccessBlock): StoredBucket {
    const bucket: StoredBucket = { Name: name, Region: region, CreationDate: new Date().toISOString(), PublicAccessBlock: publicAccessBlock, objects: {} }
    this.store.data.buckets[name] = bucket
    this.save()
    return bucket
  }

  deleteBucket(name: string): void {
    const bucket = this.bucket(name)
    if (Object.keys(bucket.objects).length > 0) throw bucketNotEmpty(name)
    delete this.store.data.buckets[name]
    for (const upload of Object.values(this.uploads)) if (upload.Bucket === name) delete this.uploads[upload.UploadId]
    this.save()
    fs.rmSync(this.bucketDir(name), { recursive: true, force: true })
  }

  /** Change a bucket's configuration and persist it. */
  update(name: string, change: (bucket: StoredBucket) => void): void {
    change(this.bucket(name))
    this.save()
  }

  object(bucketName: string, key: string): StoredObject {
    const bucket = this.bucket(bucketName)
    const object = Object.hasOwn(bucket.objects, key) ? bucket.objects[key] : undefined
    if (!object) throw noSuchKey(key)
    return object
  }

  findObject(bucketName: string, key: string): StoredObject | undefined {
    const bucket = this.find(bucketName)
    return bucket && Object.hasOwn(bucket.objects, key) ? bucket.objects[key] : undefined
  }

  putObject(bucketName: string, object: Omit<StoredObject, 'file'>, body: Buffer): StoredObject {
    const bucket = this.bucket(bucketName)
    const file = randomUUID()
    writeFileAtomic(path.join(this.bucketDir(bucketName), file), body)
    const previous = bucket.objects[object.Key]
    const stored = { ...object, file }
    bucket.objects[object.Key] = stored
    this.save()
    if (previous) this.removeFile(bucketName, previous.file)
    return stored
  }

  readBody(bucketName: string, object: StoredObject): Buffer {
    return fs.readFileSync(path.join(this.bucketDir(bucketName), object.file))
  }

  /** Deleting a missing key succeeds, as on S3. Returns whether something was deleted. */
  deleteObject(bucketName: string, key: string): boolean {
    const bucket = this.bucket(bucketName)
    const previous = Object.hasOwn(bucket.objects, key) ? bucket.objects[key] : undefined
    if (!previous) return false
    delete bucket.objects[key]
    this.save()
    this.removeFile(bucketName, previous.file)
    return true
  }

  /**
   * Keys in UTF-8 binary order, rolled up into common prefixes at the delimiter; a common prefix counts
   * as one entry toward max-keys.
   * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
   */
  list(bucketName: string, options: ListOptions): ListResult {
    const bucket = this.bucket(bucketName)
    const prefix = options.prefix ?? ''
    const delimiter = options.delimiter || undefined
    const maxKeys = options.maxKeys ?? 1000
    if (maxKeys < 0) throw invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', String(maxKeys))
    const keys = Object.keys(bucket.objects).sort(compareUtf8)
    const result: ListResult = { objects: [], prefixes: [], truncated: false }
    let count = 0
    for (const key of keys) {
      if (!key.startsWith(prefix)) continue
      if (options.after !== undefined) {
        if (compareUtf8(key, options.after) <= 0) continue
        if (options.afterPrefix && key.startsWith(options.after)) continue
      }
      let commonPrefix: string | undefined
      if (delimiter) {
        const at = key.indexOf(delimiter, prefix.length)
        if (at !== -1) commonPrefix = key.slice(0, at + delimiter.length)
      }
      if (commonPrefix !== undefined && result.prefixes[result.prefixes.length - 1] === commonPrefix) continue
      if (count >= maxKeys) {
        result.truncated = true
        break
      }
      count++
      if (commonPrefix !== undefined) {
        result.prefixes.push(commonPrefix)
        result.last = { value: commonPrefix, isPrefix: true }
      } else {
        result.objects.push(bucket.objects[key])
        result.last = { value: key, isPrefix: false }
      }
    }
    return result
  }

  /** Multipart uploads in progress, by id. */
  get uploads(): Record<string, StoredUpload> {
    return (this.store.data.uploads ??= {})
  }

  /** Write a blob (a part) into the bucket's folder; returns its file name. */
  writeBlob(bucketName: string, body: Buffer): string {
    const file = randomUUID()
    writeFileAtomic(path.join(this.bucketDir(bucketName), file), body)
    return file
  }

  readBlob(bucketName: string, file: string): Buffer {
    return fs.readFileSync(path.join(this.bucketDir(bucketName), file))
  }

  /**
   * Remove blob files and folders nothing refers to: a `kill -9` between writing a body (or a multipart part)
   * and saving the index that names it leaves one. Returns how many went.
   */
  sweepOrphans(): number {
    const referenced = new Map<string, Set<string>>()
    for (const bucket of this.buckets) referenced.set(bucket.Name, new Set(Object.values(bucket.objects).map((o) => o.file)))
    for (const upload of Object.values(this.uploads)) for (const part of Object.values(upload.parts)) referenced.get(upload.Bucket)?.add(part.file)
    let removed = 0
    let dirs: string[] = []
    try {
      dirs = fs.readdirSync(this.objectsDir)
    } catch {
      return 0
    }
    for (const dir of dirs) {
      const known = referenced.get(dir)
      if (!known) {
        fs.rmSync(this.bucketDir(dir), { recursive: true, force: true })
        removed++
        continue
      }
      for (const file of fs.readdirSync(this.bucketDir(dir))) {
        if (known.has(file)) continue
        this.removeFile(dir, file)
        removed++
      }
    }
    return removed
  }

  removeFile(bucketName: string, file: string): void {
    fs.rmSync(path.join(this.bucketDir(bucketName), file), { force: true })
  }

  save(): void {
    this.store.save()
  }

  private bucketDir(name: string): string {
    return path.join(this.objectsDir, name)
  }
}

/** S3 sorts keys by their UTF-8 bytes. */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}
