/**
 * @module Deployment packages: content-addressed zips under `dataDir/lambda/code`, extracted once into
 * `dataDir/lambda/tasks/<sha>` (the sandbox's LAMBDA_TASK_ROOT, see task-root.ts), from inline source, bytes, or the local S3.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-package.html
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { strToU8, unzipSync, zipSync } from 'fflate'
import { AwsError } from '../../core/aws-error.js'
import { writeFileAtomic } from '../../core/atomic-file.js'
import type { CloudContext } from '../../core/types.js'
import { invalidParameter } from './names.js'
import { removeTree } from '../../core/atomic-file.js'
import type { RuntimeFamily } from './validate.js'

export interface StoredCode {
  /** base64 SHA-256 of the zip, as CodeSha256 reports it. */
  sha256: string
  /** hex SHA-256: the file and folder name. */
  hex: string
  size: number
}

export const lambdaDir = (dataDir: string) => path.join(dataDir, 'lambda')
export const zipFile = (dataDir: string, hex: string) => path.join(lambdaDir(dataDir), 'code', `${hex}.zip`)
export const tasksDir = (dataDir: string) => path.join(lambdaDir(dataDir), 'tasks')

/** Validate and keep a zip; the same bytes are stored once. */
export function storeZip(dataDir: string, bytes: Uint8Array): StoredCode {
  if (bytes.length === 0) throw invalidParameter('Uploaded file must be a non-empty zip')
  listZip(bytes)
  const digest = createHash('sha256').update(bytes).digest()
  const hex = digest.toString('hex')
  const file = zipFile(dataDir, hex)
  if (!fs.existsSync(file)) writeFileAtomic(file, bytes)
  return { sha256: digest.toString('base64'), hex, size: bytes.length }
}

export function listZip(bytes: Uint8Array): Record<string, Uint8Array> {
  try {
    return unzipSync(bytes)
  } catch {
    throw invalidParameter('Could not unzip uploaded file. Please check your file, then try to upload again.')
  }
}

/** A stored package's bytes (GetFunction's Code.Location), or undefined. */
export function readZip(dataDir: string, hex: string): Buffer | undefined {
  try {
    return fs.readFileSync(zipFile(dataDir, hex))
  } catch {
    return undefined
  }
}

/** Drop a zip and its extraction when no function uses it any more. */
export function removeCode(dataDir: string, hex: string): void {
  fs.rmSync(zipFile(dataDir, hex), { force: true })
  removeTree(path.join(tasksDir(dataDir), hex))
}

/**
 * CloudFormation's inline `Code.ZipFile`: one file named `index.js` (CommonJS) or `index.py`.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-function-code.html
 */
export function inlineZip(family: RuntimeFamily, source: string): Uint8Array {
  const name = family === 'python' ? 'index.py' : 'index.js'
  return zipSync({ [name]: strToU8(source) })
}

/** Read a deployment package from the local S3, with the error wording Lambda uses for S3 failures. */
export async function fetchFromS3(ctx: CloudContext, bucket: string, key: string, version?: string): Promise<Uint8Array> {
  try {
    const out = await ctx.call('s3', 'GetObject', { Bucket: bucket, Key: key, ...(version ? { VersionId: version } : {}) })
    const body = out?.Body
    if (body instanceof Uint8Array) return body
    if (typeof body === 'string') return Buffer.from(body)
    throw new Error('S3 returned no body')
  } catch (err) {
    const code = err instanceof AwsError ? err.code : 'InternalError'
    const message = err instanceof Error ? err.message : String(err)
    throw invalidParameter(`Error occurred while GetObject. S3 Error Code: ${code}. S3 Error Message: ${message}`)
  }
}
