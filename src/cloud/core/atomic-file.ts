/** @module Atomic state files for the local cloud (the write itself is shared with the runner). */
import fs from 'node:fs'
import { writeFileAtomic } from '../../common/atomic-file.js'

export { writeFileAtomic }

/** Read JSON written by `writeFileAtomic`; a missing file gives `fallback()`. */
export function readJson<T>(file: string, fallback: () => T): T {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (err: any) {
    if (err.code === 'ENOENT') return fallback()
    throw err
  }
  return JSON.parse(text) as T
}
