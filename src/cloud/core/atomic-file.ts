/** @module Atomic state files for the local cloud (the write itself is shared with the runner). */
import fs from 'node:fs'
import path from 'node:path'
import { writeFileAtomic } from '../../common/atomic-file.js'
import { CloudStartError } from './start-error.js'

export { writeFileAtomic }

/**
 * Read JSON written by `writeFileAtomic`; a missing file gives `fallback()`. A file that does not parse was not
 * left by a crash (writes are atomic) but changed by something else: say which file and what to do, and leave
 * it as it is — it may be all that is left of the user's stacks, buckets or functions.
 */
export function readJson<T>(file: string, fallback: () => T): T {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (err: any) {
    if (err.code === 'ENOENT') return fallback()
    throw err
  }
  try {
    return JSON.parse(text) as T
  } catch (err) {
    throw new CloudStartError(
      `The local cloud cannot read its saved state in ${file} (${(err as Error).message}). ` +
        'The cloud writes that file in one step, so something else has changed or damaged it. ' +
        `Restore it, or move it aside (mv "${file}" "${file}.bad") and start again without what it held.`,
    )
  }
}

/** `name.<pid>.<n>.tmp`: what `writeFileAtomic` (and a task root's extraction) writes before the rename. */
const PARTIAL = /\.(\d+)\.[0-9a-f]+\.tmp$/

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Remove the partial writes (files or folders) of processes that are gone: a `kill -9` before the rename
 * leaves them. Returns how many went. LevelDB's folder is its own and left alone.
 */
export function sweepPartialWrites(dir: string, skip = new Set(['dynamodb'])): number {
  let removed = 0
  let entries: fs.Dirent[]
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true })
  } catch {
    return 0
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name)
    const partial = PARTIAL.exec(entry.name)
    if (partial && Number(partial[1]) !== process.pid && !alive(Number(partial[1]))) {
      removeTree(full)
      removed++
    } else if (entry.isDirectory() && !skip.has(entry.name) && !entry.isSymbolicLink()) {
      removed += sweepPartialWrites(full, new Set())
    }
  }
  return removed
}

/** Remove a read-only tree (its folders made writable first: a 0555 folder's entries cannot be unlinked). */
export function removeTree(dir: string): void {
  const open = (folder: string) => {
    try {
      fs.chmodSync(folder, 0o700)
      for (const entry of fs.readdirSync(folder, { withFileTypes: true })) if (entry.isDirectory()) open(path.join(folder, entry.name))
    } catch {
      // gone, or not a folder
    }
  }
  open(dir)
  fs.rmSync(dir, { recursive: true, force: true })
}
