/** @module Atomic state files for the local cloud (the write itself is shared with the runner). */
import fs from 'node:fs'
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
