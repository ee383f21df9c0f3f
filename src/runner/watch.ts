/**
 * @module `lab watch`: one event loop over a union of events (file saved, rerun key, quit). File events
 * come from fs.watch (recursive) or, where that is unavailable, a polling scan; both are debounced.
 */
import fs from 'node:fs'
import path from 'node:path'
import { IGNORED_DIRS } from './workspace.js'

export type WatchEvent = { kind: 'change'; file: string } | { kind: 'rerun' } | { kind: 'quit' }

/** A tiny async queue: producers push, the loop awaits `next()`. */
export class EventQueue {
  #items: WatchEvent[] = []
  #waiting?: (event: WatchEvent) => void

  push(event: WatchEvent): void {
    const waiting = this.#waiting
    if (waiting) {
      this.#waiting = undefined
      waiting(event)
    } else this.#items.push(event)
  }

  next(): Promise<WatchEvent> {
    const item = this.#items.shift()
    if (item) return Promise.resolve(item)
    return new Promise((resolve) => (this.#waiting = resolve))
  }

  /** Take everything already queued (changes that arrived during a run). */
  drain(): WatchEvent[] {
    return this.#items.splice(0)
  }
}

/** Editor droppings that must not trigger a redeploy. */
export function isIgnored(relative: string): boolean {
  const parts = relative.split(/[\\/]/)
  if (parts.some((p) => IGNORED_DIRS.has(p))) return true
  const base = parts[parts.length - 1]
  return /(^\.#|~$|\.sw[px]$|\.tmp$|^4913$|\.DS_Store$)/.test(base)
}

export interface WatchFilesOptions {
  debounceMs?: number
  pollMs?: number
  /** Force the polling fallback (tests, network file systems). */
  poll?: boolean
}

/** Call `onChange(file)` (debounced) when anything under `dir` changes. Returns a stop function. */
export function watchFiles(dir: string, onChange: (file: string) => void, options: WatchFilesOptions = {}): () => void {
  const debounceMs = options.debounceMs ?? 300
  let timer: NodeJS.Timeout | undefined
  let lastFile = ''
  const fire = (file: string) => {
    if (isIgnored(file)) return
    lastFile = file
    clearTimeout(timer)
    timer = setTimeout(() => onChange(lastFile), debounceMs)
  }
  let stopWatching: () => void
  if (!options.poll) {
    try {
      const watcher = fs.watch(dir, { recursive: true }, (_event, name) => fire(name ? String(name) : '.'))
      watcher.on('error', () => {}) // e.g. the folder was removed by `lab reset`: the poller is not needed for that
      stopWatching = () => watcher.close()
    } catch {
      stopWatching = poll(dir, fire, options.pollMs ?? 1000)
    }
  } else stopWatching = poll(dir, fire, options.pollMs ?? 1000)
  return () => {
    clearTimeout(timer)
    stopWatching()
  }
}

/** The fallback: compare mtimes and sizes of every file on an interval. */
function poll(dir: string, fire: (file: string) => void, intervalMs: number): () => void {
  let before = snapshot(dir)
  const interval = setInterval(() => {
    const now = snapshot(dir)
    for (const [file, stamp] of now) if (before.get(file) !== stamp) fire(file)
    for (const file of before.keys()) if (!now.has(file)) fire(file)
    before = now
  }, intervalMs)
  return () => clearInterval(interval)
}

export function snapshot(dir: string, base = dir, into = new Map<string, string>()): Map<string, string> {
  let entries: fs.Dirent[]
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true })
  } catch {
    return into
  }
  for (const entry of entries) {
    if (IGNORED_DIRS.has(entry.name)) continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) snapshot(full, base, into)
    else {
      try {
        const stat = fs.statSync(full)
        into.set(path.relative(base, full), `${stat.mtimeMs}:${stat.size}`)
      } catch {
        // removed between readdir and stat
      }
    }
  }
  return into
}

/**
 * Run `run` once, then again after every change or rerun key, until quit. Changes that arrive while a run
 * is in progress collapse into one more run (no queue of stale redeploys).
 */
export async function watchLoop(queue: EventQueue, run: (reason: WatchEvent | undefined) => Promise<void>): Promise<void> {
  await run(undefined)
  for (;;) {
    const event = await queue.next()
    if (event.kind === 'quit') return
    await run(event)
    const pending = queue.drain()
    if (pending.some((e) => e.kind === 'quit')) return
    const again = pending.find((e) => e.kind !== 'quit')
    if (again) queue.push(again)
  }
}
