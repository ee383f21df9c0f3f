/** @module Store: one JSON document per service under LAB_HOME/cloud, saved atomically on every change. */
import path from 'node:path'
import { readJson, writeFileAtomic } from './atomic-file.js'

/**
 * A service's persistent state. Mutate `data`, then call `save()`; the write is atomic, so state survives
 * `lab cloud stop`/`start` and a `kill -9` never leaves a file that fails to load.
 */
export class JsonStore<T> {
  readonly data: T
  readonly file: string

  constructor(dir: string, name: string, initial: () => T) {
    this.file = path.join(dir, `${name}.json`)
    this.data = readJson(this.file, initial)
  }

  save(): void {
    writeFileAtomic(this.file, JSON.stringify(this.data))
  }
}
