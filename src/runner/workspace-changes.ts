/**
 * @module Has the learner edited the workspace since the last deploy? A deploy records a fingerprint of the files it
 * deployed (a hash per file, in progress.json); `lab check` compares the folder with it, so "I edited app.py and
 * ran `lab check`" gets "deploy first" rather than failures that look like the edit did not work.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { IGNORED_DIRS } from './workspace.js'

/** A workspace is a few files; a folder of thousands is not one to fingerprint. */
const MAX_FILES = 2000
const MAX_HASHED_BYTES = 5 * 1024 * 1024

/** Files that are not deployed: the copied guides (notes in them are fine), editor swap files and backups, dotfiles. */
function deployed(name: string): boolean {
  return !name.startsWith('.') && !name.endsWith('~') && !/^GUIDE(\.[a-z]{2})?\.md$/.test(name)
}

/** `relative/path` → short sha256 of the content (size and mtime for a very large file); undefined when too many files. */
export function workspaceFingerprint(dir: string): Record<string, string> | undefined {
  const result: Record<string, string> = Object.create(null)
  let count = 0
  const walk = (folder: string, prefix: string): boolean => {
    let entries: fs.Dirent[]
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true })
    } catch {
      return true
    }
    for (const entry of entries) {
      if (IGNORED_DIRS.has(entry.name) || !deployed(entry.name)) continue
      const file = path.join(folder, entry.name)
      const name = prefix ? `${prefix}/${entry.name}` : entry.name
      if (entry.isDirectory()) {
        if (!walk(file, name)) return false
      } else if (entry.isFile()) {
        if (++count > MAX_FILES) return false
        result[name] = hashOf(file)
      }
    }
    return true
  }
  return walk(dir, '') ? { ...result } : undefined
}

function hashOf(file: string): string {
  try {
    const stat = fs.statSync(file)
    if (stat.size > MAX_HASHED_BYTES) return `size:${stat.size}:${stat.mtimeMs}`
    return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 16)
  } catch {
    return 'unreadable'
  }
}

/**
 * The files added, changed or removed since `deployed` was taken, sorted. Without a recorded fingerprint (a deploy by
 * an older lab), files modified after `deployedAt` count as changed.
 */
export function changedSinceDeploy(dir: string, recorded: { deployedFiles?: Record<string, string>; deployedAt?: string }): string[] {
  if (!fs.existsSync(dir)) return []
  const now = workspaceFingerprint(dir)
  if (!now) return []
  if (recorded.deployedFiles) {
    const before = recorded.deployedFiles
    const names = new Set([...Object.keys(before), ...Object.keys(now)])
    return [...names].filter((n) => !Object.hasOwn(before, n) || !Object.hasOwn(now, n) || before[n] !== now[n]).sort()
  }
  const since = recorded.deployedAt ? Date.parse(recorded.deployedAt) : NaN
  if (Number.isNaN(since)) return []
  return Object.keys(now)
    .filter((n) => {
      try {
        return fs.statSync(path.join(dir, n)).mtimeMs > since + 1000 // a second of slack: the deploy reads after stamping
      } catch {
        return false
      }
    })
    .sort()
}
