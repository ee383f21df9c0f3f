/**
 * @module Task roots: a stored package extracted read-only and private (files 0400, folders 0500) into
 * `dataDir/lambda/tasks/<sha>`, and checked against the package on every cold start. Functions run as the
 * learner's user, so a mode alone cannot stop one from rewriting another's code; the check makes sure that what
 * runs is what CodeSha256 names: a changed, added or removed file is noticed and the task root extracted again
 * from the stored package, and a package that no longer matches its CodeSha256 is refused.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { removeTree } from '../../core/atomic-file.js'
import { AwsError } from '../../core/aws-error.js'
import { listZip, tasksDir, zipFile } from './code.js'

/** The verified task root of a stored package (extracted again when it was changed); throws if the package was. */
export function ensureTaskRoot(dataDir: string, hex: string, log: (line: string) => void = () => {}): string {
  let bytes: Buffer
  try {
    bytes = fs.readFileSync(zipFile(dataDir, hex))
  } catch {
    throw new AwsError('ServiceException', 500, `The local cloud lost the deployment package ${hex}.zip: deploy the function's code again`)
  }
  if (createHash('sha256').update(bytes).digest('hex') !== hex) {
    throw new AwsError('ServiceException', 500, `The deployment package ${hex}.zip was changed on disk and no longer matches the function's CodeSha256: deploy the function's code again`)
  }
  const files = listZip(bytes)
  const dir = path.join(tasksDir(dataDir), hex)
  if (fs.existsSync(dir)) {
    if (matches(dir, files)) return dir
    log(`lambda: the task root ${dir} was changed on disk; extracting it again from its package`)
    removeTree(dir)
  }
  extract(dir, files)
  return dir
}

/** Same files, same bytes, nothing added. */
function matches(dir: string, files: Record<string, Uint8Array>): boolean {
  const expected = new Map<string, Uint8Array>()
  for (const [name, data] of Object.entries(files)) {
    const target = path.resolve(dir, name)
    if (!name.endsWith('/') && target.startsWith(dir + path.sep)) expected.set(target, data)
  }
  let seen = 0
  const walk = (folder: string): boolean => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name)
      if (entry.isDirectory()) {
        if (!walk(full)) return false
        continue
      }
      const want = expected.get(full)
      if (!want || !entry.isFile() || !Buffer.from(want).equals(fs.readFileSync(full))) return false
      seen++
    }
    return true
  }
  try {
    return walk(dir) && seen === expected.size
  } catch {
    return false
  }
}

/** Extract beside the target, make it read-only, then rename: a half-extracted folder is never used. */
function extract(dir: string, files: Record<string, Uint8Array>): void {
  const tmp = `${dir}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  fs.mkdirSync(tmp, { recursive: true, mode: 0o700 })
  for (const [name, data] of Object.entries(files)) {
    const target = path.resolve(tmp, name)
    if (!target.startsWith(tmp + path.sep)) continue // zip-slip: never write outside the task root
    if (name.endsWith('/')) {
      fs.mkdirSync(target, { recursive: true })
      continue
    }
    fs.mkdirSync(path.dirname(target), { recursive: true })
    fs.writeFileSync(target, data, { mode: 0o400 })
  }
  setModes(tmp, 0o400, 0o500)
  try {
    fs.renameSync(tmp, dir)
  } catch (err) {
    removeTree(tmp)
    if (!fs.existsSync(dir)) throw err
  }
}

function setModes(dir: string, fileMode: number, dirMode: number): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) setModes(full, fileMode, dirMode)
    else if (entry.isFile()) fs.chmodSync(full, fileMode)
  }
  fs.chmodSync(dir, dirMode)
}

