/**
 * @module The local cloud's state is private to the learner: `LAB_HOME/cloud` is 0700 and nothing in it grants
 * group or other users any access (files 0600, folders 0700; task roots read-only 0400/0500), whatever the umask
 * or the parent folder's mode. The cloud repairs it at start; `lab doctor` reports it.
 */
import fs from 'node:fs'
import path from 'node:path'

/** Group and other permission bits. */
const SHARED_BITS = 0o077

function walk(dir: string, visit: (file: string, stat: fs.Stats) => void): void {
  let entries: fs.Dirent[]
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true })
  } catch {
    return
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name)
    let stat: fs.Stats
    try {
      stat = fs.lstatSync(full)
    } catch {
      continue // gone meanwhile
    }
    if (stat.isSymbolicLink()) continue // a link's own mode means nothing; its target is not ours
    visit(full, stat)
    if (stat.isDirectory()) walk(full, visit)
  }
}

/** Create `dir` 0700 if needed and take group/other bits off it and everything in it; returns how many were fixed. */
export function makePrivate(dir: string): number {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  let fixed = 0
  const fix = (file: string, mode: number) => {
    if ((mode & SHARED_BITS) === 0) return
    try {
      fs.chmodSync(file, mode & ~SHARED_BITS & 0o7777)
      fixed++
    } catch {
      // not ours to change: notPrivate() reports it
    }
  }
  fix(dir, fs.statSync(dir).mode)
  walk(dir, (file, stat) => fix(file, stat.mode))
  return fixed
}

/** Up to `limit` paths under `dir` (itself included) that group or other users can access. */
export function notPrivate(dir: string, limit = 5): string[] {
  const found: string[] = []
  try {
    if (fs.statSync(dir).mode & SHARED_BITS) found.push(dir)
  } catch {
    return found
  }
  walk(dir, (file, stat) => {
    if (found.length < limit && stat.mode & SHARED_BITS) found.push(file)
  })
  return found
}
