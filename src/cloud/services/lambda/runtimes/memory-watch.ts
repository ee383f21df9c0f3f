/**
 * @module MemorySize for the whole sandbox: one timer for every sandbox of the cloud that is not frozen (never one per
 * invocation) compares the runtime's resident memory, children included, with its limit. Node's heap has its own
 * limit (launch.ts) and Python's address space its own (the bootstrap's RLIMIT_AS); this catches the rest
 * (buffers, native memory, child processes).
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html
 */
import type { ChildProcess } from 'node:child_process'
import { runtimeRss } from './launch.js'

export interface MemoryWatched {
  child: ChildProcess
  limitBytes: number
  /** Measured while this says so (a frozen sandbox cannot allocate). */
  busy(): boolean
  exceeded(): void
}

const WATCH_MS = 200
const watched = new Set<MemoryWatched>()
let timer: NodeJS.Timeout | undefined

function tick(): void {
  for (const w of watched) if (w.busy() && runtimeRss(w.child) > w.limitBytes) w.exceeded()
}

/** Measure `w` until the returned function is called. */
export function watchMemory(w: MemoryWatched): () => void {
  watched.add(w)
  if (!timer) {
    timer = setInterval(tick, WATCH_MS)
    timer.unref()
  }
  return () => {
    watched.delete(w)
    if (watched.size === 0 && timer) {
      clearInterval(timer)
      timer = undefined
    }
  }
}
