/** @module Atomic file writes: a `kill -9` at any moment leaves either the old or the new file, never half of one. */
import fs from 'node:fs'
import path from 'node:path'

let counter = 0

/** Write via a temporary file in the same folder, fsync, then rename over the target. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.${++counter}.tmp`
  const fd = fs.openSync(tmp, 'w')
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data)
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  fs.renameSync(tmp, file)
}

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
