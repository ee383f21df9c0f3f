/**
 * @module Package a template like `aws cloudformation package`: a function whose `Code` names a workspace folder
 * is zipped (deterministically, so unchanged code keeps its key and causes no update) and uploaded to the
 * artifacts bucket, and `Code` becomes `{S3Bucket, S3Key}`.
 * @see https://docs.aws.amazon.com/cli/latest/reference/cloudformation/package.html
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { zipSync, type Zippable } from 'fflate'
import { LabError } from '../runner/errors.js'
import { t } from '../ui/i18n.js'
import type { ParsedTemplate } from './template.js'

/** 1980-01-01, the earliest time a zip entry can hold: fixed so the same files give the same bytes. */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0)

export interface CodeArtifact {
  /** `Resource.Property` it came from, e.g. `HousesFunction.Code`. */
  source: string
  dir: string
  zip: Uint8Array
  sha256: string
}

/** Where each packageable property sits and how its S3 location is written back. */
const PACKAGEABLE: Record<string, { property: string; toS3(bucket: string, key: string): unknown }> = {
  'AWS::Lambda::Function': { property: 'Code', toS3: (S3Bucket, S3Key) => ({ S3Bucket, S3Key }) },
  'AWS::Lambda::LayerVersion': { property: 'Content', toS3: (S3Bucket, S3Key) => ({ S3Bucket, S3Key }) },
  'AWS::Serverless::Function': { property: 'CodeUri', toS3: (bucket, key) => `s3://${bucket}/${key}` },
}

/** Zip bytes for a folder (or a single file; an existing .zip is used as it is). */
export function zipPath(target: string): Uint8Array {
  const stat = fs.statSync(target)
  if (stat.isFile() && target.toLowerCase().endsWith('.zip')) return fs.readFileSync(target)
  const entries: Zippable = {}
  const files = stat.isFile() ? [path.basename(target)] : listFiles(target)
  const root = stat.isFile() ? path.dirname(target) : target
  for (const rel of files) {
    const full = path.join(root, rel)
    const executable = (fs.statSync(full).mode & 0o111) !== 0
    entries[rel.split(path.sep).join('/')] = [
      new Uint8Array(fs.readFileSync(full)),
      // Unix mode bits in the external attributes, so Lambda extracts readable files on every OS.
      { mtime: FIXED_MTIME, os: 3, attrs: ((executable ? 0o100755 : 0o100644) << 16) >>> 0 },
    ]
  }
  return zipSync(entries, { level: 6, mtime: FIXED_MTIME })
}

/** Noise that tools leave beside code; zipping it would change the key without any change to the code. */
const IGNORED = new Set(['.DS_Store', 'Thumbs.db', '__pycache__', '.git'])

/** Every file under `dir`, relative, sorted (zip order must not depend on the file system). */
export function listFiles(dir: string): string[] {
  const out: string[] = []
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      if (IGNORED.has(entry.name)) continue
      const child = rel ? path.join(rel, entry.name) : entry.name
      // Follow symlinks like the AWS CLI does (a linked folder is zipped as its contents).
      const isDir = entry.isDirectory() || (entry.isSymbolicLink() && statOrUndefined(path.join(dir, child))?.isDirectory())
      if (isDir) walk(child)
      else if (entry.isFile() || (entry.isSymbolicLink() && statOrUndefined(path.join(dir, child))?.isFile())) out.push(child)
    }
  }
  walk('')
  return out.sort()
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file)
  } catch {
    return undefined // a dangling link
  }
}

/** Find the local code paths in a template and zip them (nothing is uploaded yet). */
export function collectArtifacts(template: ParsedTemplate, workspaceDir: string): CodeArtifact[] {
  const artifacts: CodeArtifact[] = []
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    const spec = PACKAGEABLE[String(resource?.Type)]
    const value = resource?.Properties?.[spec?.property ?? '']
    if (!spec || typeof value !== 'string' || value.startsWith('s3://')) continue
    const dir = path.resolve(workspaceDir, value)
    if (!fs.existsSync(dir)) throw new LabError(t('deploy.codeMissing', { resource: logicalId, path: value }))
    if (fs.statSync(dir).isDirectory() && listFiles(dir).length === 0) {
      throw new LabError(t('deploy.codeEmpty', { resource: logicalId, path: value }))
    }
    const zip = zipPath(dir)
    artifacts.push({ source: `${logicalId}.${spec.property}`, dir: value, zip, sha256: createHash('sha256').update(zip).digest('hex') })
  }
  return artifacts
}

/** The S3 key of an artifact: content-addressed under the lab's prefix. */
export function artifactKey(labId: string, artifact: CodeArtifact): string {
  return `${labId}/${artifact.sha256}.zip`
}

/** A copy of the template whose local code paths point at the uploaded objects. */
export function rewriteTemplate(template: ParsedTemplate, artifacts: CodeArtifact[], bucket: string, labId: string): ParsedTemplate {
  const copy = structuredClone(template)
  for (const artifact of artifacts) {
    const [logicalId] = artifact.source.split('.')
    const resource = copy.Resources![logicalId]
    const spec = PACKAGEABLE[String(resource.Type)]
    resource.Properties![spec.property] = spec.toS3(bucket, artifactKey(labId, artifact))
  }
  return copy
}
