/**
 * @module Upload a lab's static site to the bucket its stack created (like `aws s3 sync --delete`), plus a
 * generated config script carrying the stack outputs the page needs (`window.LAB_CONFIG = {"apiUrl": …}`).
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { ListObjectsV2Command, PutObjectCommand, DeleteObjectsCommand, type S3Client } from '@aws-sdk/client-s3'
import { LabError } from '../runner/errors.js'
import type { LabManifest } from '../runner/lab-types.js'
import { t } from '../ui/i18n.js'
import { listFiles } from './package.js'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.xml': 'application/xml',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
}

export function contentType(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/** `window.LAB_CONFIG = {...};` with each value taken from the named output. */
export function configScript(values: Record<string, string>, outputs: Record<string, string>, file: string): string {
  const config: Record<string, string> = {}
  for (const [name, output] of Object.entries(values)) {
    if (outputs[output] === undefined) throw new LabError(t('deploy.missingOutput', { output, needed: file }))
    config[name] = outputs[output]
  }
  return `window.LAB_CONFIG = ${JSON.stringify(config, null, 2)};\n`
}

/**
 * Upload the site: unchanged files (same MD5 ETag) are skipped, files no longer in the folder are deleted.
 * `rawOutputs` name the bucket; `outputs` (translated for the local target) feed the config script.
 * @returns the keys uploaded
 */
export async function uploadSite(
  s3: S3Client,
  site: NonNullable<LabManifest['site']>,
  workspaceDir: string,
  rawOutputs: Record<string, string>,
  outputs: Record<string, string>,
): Promise<string[]> {
  const bucket = rawOutputs[site.bucketOutput]
  if (!bucket) throw new LabError(t('deploy.missingOutput', { output: site.bucketOutput, needed: 'the site upload' }))
  const dir = path.resolve(workspaceDir, site.dir)
  if (!fs.existsSync(dir)) throw new LabError(t('deploy.siteMissing', { dir: site.dir }))

  const wanted = new Map<string, Buffer>()
  for (const rel of listFiles(dir)) wanted.set(rel.split(path.sep).join('/'), fs.readFileSync(path.join(dir, rel)))
  if (site.config) wanted.set(site.config.file, Buffer.from(configScript(site.config.values, outputs, site.config.file)))

  const existing = await listETags(s3, bucket)
  const uploaded: string[] = []
  for (const [key, body] of wanted) {
    const etag = `"${createHash('md5').update(body).digest('hex')}"`
    if (existing.get(key) === etag) continue
    // no-cache: the learner edits and redeploys often, and must see the new page on reload.
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType(key), CacheControl: 'no-cache' }))
    uploaded.push(key)
  }
  const stale = [...existing.keys()].filter((key) => !wanted.has(key))
  for (let i = 0; i < stale.length; i += 1000) {
    const batch = stale.slice(i, i + 1000).map((Key) => ({ Key }))
    await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: true } }))
  }
  return uploaded
}

async function listETags(s3: S3Client, bucket: string): Promise<Map<string, string>> {
  const etags = new Map<string, string>()
  let token: string | undefined
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }))
    for (const object of page.Contents ?? []) etags.set(object.Key!, object.ETag ?? '')
    token = page.IsTruncated ? page.NextContinuationToken : undefined
  } while (token)
  return etags
}
