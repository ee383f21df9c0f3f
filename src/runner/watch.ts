/**
 * @module `lab watch`: one event loop over a union of events (file saved, rerun key, quit). File events come from
 * chokidar (native events) or, when it fails, a polling scan; both are debounced.
 */
import path from 'node:path'
import fs from 'node:fs'
import chokidar from 'chokidar'
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

/**
 * Editor and tool droppings that must not trigger a redeploy: swap and backup files, vim's write test (4913),
 * `sed -i`'s temporary file (sedXXXXXX), Emacs locks, `.tmp` files written before an atomic rename.
 */
export function isIgnored(relative: string): boolean {
  const parts = relative.split(/[\\/]/)
  if (parts.some((p) => IGNORED_DIRS.has(p))) return true
  const base = parts[parts.length - 1]
  return /(^\.#|~$|\.sw[px]$|\.tmp$|^4913$|\.DS_Store$|^sed[A-Za-z0-9]{6}$|^\.goutputstream-)/.test(base)
}

export interface WatchFilesOptions {
  debounceMs?: number
  pollMs?: number
  /** Poll from the start (tests, network file systems). */
  poll?: boolean
  /** The watcher failed and polling took over: the caller says so to the learner. */
  onError?: (error: Error) => void
  /** Called once the first scan is done and every later save is seen (tests wait on it). */
  onReady?: () => void
  /** The watcher to use (tests inject a failing one); chokidar's by default. */
  watch?: typeof chokidar.watch
}

/**
 * Call `onChange(file)` (debounced: a burst of events is one save) when anything under `dir` is written, replaced,
 * created or deleted. chokidar re-arms the watch on a file replaced by rename (atomic saves, `sed -i`, editors'
 * backup modes) and watches folders created later; raw `fs.watch` loses a file once it was replaced. A watcher
 * that fails is reported and replaced by polling. Returns a stop function.
 */
export function watchFiles(dir: string, onChange: (file: string) => void, options: WatchFilesOptions = {}): () => void {
  const debounceMs = options.debounceMs ?? 300
  let timer: NodeJS.Timeout | undefined
  let lastFile = ''
  let stopped = false
  const fire = (file: string) => {
    const relative = path.relative(dir, file) || '.'
    if (isIgnored(relative)) return
    lastFile = relative
    clearTimeout(timer)
    timer = setTimeout(() => onChange(lastFile), debounceMs)
  }
  let stopWatching: () => void = () => {}
  const fallBack = () => {
    stopWatching = poll(dir, (file) => fire(path.join(dir, file)), options.pollMs ?? 500)
  }
  if (options.poll) {
    fallBack()
    queueMicrotask(() => options.onReady?.())
  } else {
    const watcher = (options.watch ?? chokidar.watch)(dir, {
      ignoreInitial: true,
      // Folders never watched: the function's own dependencies, git's objects, caches.
      ignored: (file) => path.relative(dir, file).split(path.sep).some((part) => IGNORED_DIRS.has(part)),
    })
    for (const event of ['add', 'change', 'unlink'] as const) watcher.on(event, fire)
    watcher.on('ready', () => options.onReady?.())
    let failed = false
    watcher.on('error', (error) => {
      if (stopped || failed) return
      failed = true
      options.onError?.(error instanceof Error ? error : new Error(String(error)))
      void watcher.close()
      fallBack()
    })
    stopWatching = () => void watcher.close()
  }
  return () => {
    stopped = true
    clearTimeout(timer)
    stopWatching()
  }
}

/** The fallback: compare every file's inode, mtime and size on an interval (a rename-over changes the inode). */
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
        into.set(path.relative(base, full), `${stat.ino}:${stat.mtimeMs}:${stat.size}`)
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
