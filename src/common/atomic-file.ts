/**
 * @module Atomic file writes, shared by the runner (LAB_HOME progress) and the local cloud (its state): a
 * `kill -9` at any moment leaves either the old or the new file, never half of one.
 */
import fs from 'node:fs'
import path from 'node:path'

let counter = 0

/** Write via a temporary file in the same folder, fsync, then rename over the target. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 })
  const tmp = `${file}.${process.pid}.${++counter}.tmp`
  // Private to the user whatever the umask: these files hold the learner's state (and the cloud's secrets).
  const fd = fs.openSync(tmp, 'w', 0o600)
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data)
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  fs.renameSync(tmp, file)
}
