/** @module Atomic file writes for LAB_HOME: a crash at any moment leaves the old file or the new one, never half. */
import fs from 'node:fs'
import path from 'node:path'

let counter = 0

/** Write via a temporary file in the same folder, fsync, then rename over the target (same shape as the cloud's). */
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
