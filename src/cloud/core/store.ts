/** @module Store: one JSON document per service under LAB_HOME/cloud, saved atomically. */
import path from 'node:path'
import { readJson, writeFileAtomic } from './atomic-file.js'

/**
 * A service's persistent state. Mutate `data`, then call `save()`; the write is atomic, so state survives
 * `lab cloud stop`/`start` and a `kill -9` never leaves a file that fails to load.
 */
export class JsonStore<T> {
  readonly data: T
  readonly file: string
  #timer: NodeJS.Timeout | undefined

  constructor(dir: string, name: string, initial: () => T) {
    this.file = path.join(dir, `${name}.json`)
    this.data = readJson(this.file, initial)
  }

  save(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
    writeFileAtomic(this.file, JSON.stringify(this.data))
  }

  /**
   * Save within `delayMs`, one write for a burst of changes. Only for bookkeeping a crash may lose
   * without harm (e.g. a log stream's last-event time); the hot path of a data-plane request must not
   * pay a full rewrite and fsync per request.
   */
  saveSoon(delayMs = 1000): void {
    if (this.#timer) return
    this.#timer = setTimeout(() => this.save(), delayMs)
    this.#timer.unref()
  }

  /** Write any pending `saveSoon` now (on stop). */
  flush(): void {
    if (this.#timer) this.save()
  }
}
