/**
 * @module The Lambda freeze: an idle sandbox is stopped between invocations, so that a handler's timers, promises
 * and child processes make no progress (and use no memory or CPU) until the next invocation continues it.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html#runtimes-lifecycle-invoke
 */
import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs'

// Not implemented: freezing the instant the response is sent: a sandbox is frozen after 20 ms without an invocation
// (a handler's background work may run that long after its response, and not at all under steady load).
/** How long a sandbox may stay idle before it is frozen. */
const FREEZE_AFTER_MS = 20

/** One sandbox's freeze state. */
export class Freezer {
  frozen = false
  /** Processes outside the runtime's group stopped with it (continued or killed with it). */
  private strays: number[] = []
  private timer?: NodeJS.Timeout
  private idleSince = 0

  /** `idle`: nothing runs or waits in the sandbox, and it is alive. */
  constructor(
    private readonly child: ChildProcess,
    private readonly idle: () => boolean,
  ) {}

  /**
   * The response is delivered and nothing waits: the sandbox is stopped unless an invocation comes within
   * FREEZE_AFTER_MS, with one timer per idle spell. Under steady load a sandbox is then never stopped and
   * continued between requests (each costs two signals and a walk of its processes).
   */
  idleSoon(): void {
    this.idleSince = Date.now()
    if (!this.timer) this.arm(FREEZE_AFTER_MS)
  }

  private arm(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined
      if (!this.idle()) return
      const left = FREEZE_AFTER_MS - (Date.now() - this.idleSince)
      if (left > 0) this.arm(left)
      else this.freeze()
    }, ms)
    this.timer.unref()
  }

  private freeze(): void {
    if (this.frozen) return
    this.strays = freezeRuntime(this.child)
    this.frozen = true
  }

  thaw(): void {
    if (!this.frozen) return
    this.frozen = false
    thawRuntime(this.child, this.strays)
    this.strays = []
  }

  /** With the sandbox's kill: what left its process group goes too. */
  killStrays(): void {
    killStrays(this.strays)
  }
}

/**
 * Freeze an idle sandbox, as Lambda freezes an execution environment once the invocation's response is delivered:
 * SIGSTOP to the runtime's process group, then to every descendant that left the group (a `setsid` child).
 * Returns the pids stopped outside the group, for `thawRuntime`.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html#runtimes-lifecycle-invoke
 */
function freezeRuntime(child: ChildProcess): number[] {
  if (child.pid === undefined) return []
  try {
    process.kill(-child.pid, 'SIGSTOP')
  } catch {
    return []
  }
  const strays: number[] = []
  if (process.platform !== 'linux') return strays
  // Stopped strays cannot fork any more: a second pass finds what one forked while the first looked.
  for (let pass = 0; pass < 3; pass++) {
    let found = false
    for (const pid of descendants(child.pid)) {
      if (strays.includes(pid) || processGroup(pid) === child.pid) continue
      try {
        process.kill(pid, 'SIGSTOP')
        strays.push(pid)
        found = true
      } catch {
        // gone
      }
    }
    if (!found) break
  }
  return strays
}

/** Continue what `freezeRuntime` stopped (the group first: the runtime is in it). */
function thawRuntime(child: ChildProcess, strays: number[]): void {
  if (child.pid === undefined) return
  for (const target of [-child.pid, ...strays]) {
    try {
      process.kill(target, 'SIGCONT')
    } catch {
      // gone
    }
  }
}

/** SIGKILL processes that left the group (the group itself goes with killRuntime). */
function killStrays(strays: number[]): void {
  for (const pid of strays) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // gone
    }
  }
}

/** Every thread's children, recursively (bounded: a fork bomb is the memory watch's business). */
function descendants(pid: number): number[] {
  const found: number[] = []
  const walk = (parent: number, depth: number) => {
    let threads: string[]
    try {
      threads = fs.readdirSync(`/proc/${parent}/task`)
    } catch {
      return
    }
    for (const thread of threads) {
      let children: string[]
      try {
        children = fs.readFileSync(`/proc/${parent}/task/${thread}/children`, 'utf8').split(' ').filter(Boolean)
      } catch {
        continue
      }
      for (const c of children) {
        if (found.length >= 512) return
        found.push(Number(c))
        if (depth < 16) walk(Number(c), depth + 1)
      }
    }
  }
  walk(pid, 0)
  return found
}

function processGroup(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2])
  } catch {
    return undefined
  }
}

