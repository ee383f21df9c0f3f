/**
 * @module Sandboxes of one function: warm ones are reused, overlapping invocations get more (up to a bound, then
 * they queue, within a byte bound shared by every function: `queue-budget.ts`), idle ones are reaped, and an update
 * retires those of the old revision.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html
 */
import { QueueBudget } from './queue-budget.js'
import { Sandbox, type InvokeOutcome, type InvokeRequest, type SandboxSpec } from './sandbox.js'

interface Waiting {
  spec: SandboxSpec
  resolve(sandbox: Sandbox): void
  reject(err: Error): void
}

/**
 * When every sandbox is busy, invocations of a fast function may wait in a busy sandbox's pipe (it still runs
 * them one at a time) rather than in the pool: the child starts the next one the moment it answers, without
 * waiting for the cloud's event loop. Waking an idle process costs more than the handler itself on small
 * machines, so this carries most of the throughput under load. Slow functions never queue in a sandbox, so
 * one long invocation cannot hold up another that a free sandbox could take.
 */
// Not implemented: scaling out to the account's concurrency (1,000): a fast function has at most 2–4 sandboxes
// and a slow one at most 10; further invocations wait (in a busy sandbox's pipe or in the pool) instead of
// starting new environments.
export const PIPELINE_DEPTH = 4
const FAST_FUNCTION_MS = 10
/**
 * A slow function (one that mostly waits: on a timer, a database, another service) gets more sandboxes than a
 * fast one: waiting costs no CPU, and on AWS each overlapping invocation gets an execution environment of its
 * own (its own cold start and log stream). Fast functions stay at the CPU-bound limit, where more processes only
 * contend for the cores.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html
 */
export const MAX_SANDBOXES_FOR_SLOW_FUNCTIONS = 10

export class SandboxPool {
  private readonly all = new Set<Sandbox>()
  private idle: Sandbox[] = []
  private readonly queue: Waiting[] = []
  private closed = false
  /** Recent invocation duration (moving average): pipelining is for fast functions only. */
  private typicalMs = Infinity
  /** Invocations sent to a sandbox that was still busy (tests and benchmarks). */
  pipelined = 0

  /**
   * `max`: sandboxes for a fast function (and one not yet timed); `maxForSlow`: for a slow one.
   * `fastFunctionMs`: below this typical duration a function counts as fast (tests set it to rule out timing).
   * `budget`: the bytes that may wait for a sandbox, shared by every function's pool.
   */
  constructor(
    private readonly max: number,
    private readonly fastFunctionMs = FAST_FUNCTION_MS,
    private readonly maxForSlow = Math.max(max, MAX_SANDBOXES_FOR_SLOW_FUNCTIONS),
    private readonly budget = new QueueBudget(),
  ) {}

  /** Until an invocation has finished the function's speed is unknown: it gets the fast limit. */
  private get slow(): boolean {
    return this.typicalMs !== Infinity && this.typicalMs > this.fastFunctionMs
  }

  private get limit(): number {
    return this.slow ? this.maxForSlow : this.max
  }

  get size(): number {
    return this.all.size
  }

  run(spec: SandboxSpec, req: InvokeRequest): Promise<InvokeOutcome> {
    if (this.closed) return Promise.reject(new Error('The function is being shut down'))
    // A warm or new sandbox right away, a busy one's pipe for a fast function; otherwise wait for one.
    const ready = this.take(spec)
    if (ready) return this.runOn(ready, spec, req)
    let reservation: { release(): void }
    try {
      reservation = this.budget.reserve(req)
    } catch (err) {
      return Promise.reject(err)
    }
    const waiting = new Promise<Sandbox>((resolve, reject) => this.queue.push({ spec, resolve, reject }))
    waiting.then(reservation.release, reservation.release)
    return waiting.then((sandbox) => this.runOn(sandbox, spec, req))
  }

  private async runOn(sandbox: Sandbox, spec: SandboxSpec, req: InvokeRequest): Promise<InvokeOutcome> {
    let outcome: InvokeOutcome | undefined
    try {
      outcome = await sandbox.invoke(req)
      // Timed before the release, so that what waits for a sandbox is placed by what is now known.
      if (outcome) this.typicalMs = this.typicalMs === Infinity ? outcome.durationMs : this.typicalMs * 0.9 + outcome.durationMs * 0.1
    } finally {
      this.release(sandbox)
    }
    if (!outcome) return this.run(spec, req) // queued behind an invocation that took the sandbox down: never started
    return outcome
  }

  private take(spec: SandboxSpec): Sandbox | undefined {
    this.dropStale(spec.revision)
    const warm = this.idle.pop()
    if (warm) return warm
    if (this.all.size < this.limit) return this.create(spec)
    return this.pipelineTarget(spec)
  }

  private pipelineTarget(spec: SandboxSpec): Sandbox | undefined {
    if (this.typicalMs > this.fastFunctionMs) return undefined // slow, or not timed yet
    let best: Sandbox | undefined
    for (const sandbox of this.all) {
      if (!sandbox.ready || sandbox.retiring || sandbox.spec.revision !== spec.revision || sandbox.inflight >= PIPELINE_DEPTH) continue
      if (!best || sandbox.inflight < best.inflight) best = sandbox
    }
    if (best) this.pipelined++
    return best
  }

  private create(spec: SandboxSpec): Sandbox {
    spec.prepare?.()
    const sandbox = new Sandbox(spec)
    this.all.add(sandbox)
    sandbox.child.once('exit', () => {
      this.all.delete(sandbox)
      this.idle = this.idle.filter((s) => s !== sandbox)
    })
    return sandbox
  }

  private release(sandbox: Sandbox): void {
    // Sandboxes beyond the limit (started while the function was slow) stop once idle: a fast function's
    // load runs best on as many processes as the cores can keep busy.
    const surplus = sandbox.inflight === 0 && this.all.size > this.limit
    if (!sandbox.usable || this.closed || surplus || (sandbox.inflight === 0 && sandbox.retiring)) {
      this.all.delete(sandbox)
      sandbox.kill()
    } else if (sandbox.inflight === 0 && !this.idle.includes(sandbox)) {
      this.idle.push(sandbox)
    }
    while (this.queue.length) {
      const waiting = this.queue[0]
      let next: Sandbox | undefined
      try {
        next = this.take(waiting.spec)
      } catch (err) {
        this.queue.shift()
        waiting.reject(err as Error)
        continue
      }
      if (!next) break
      this.queue.shift()
      waiting.resolve(next)
    }
  }

  /** Idle sandboxes of an older revision, dead, or whose credentials are about to expire are not reused. */
  private dropStale(revision: string): void {
    const current = (s: Sandbox) => s.spec.revision === revision && s.usable && !s.retiring
    if (this.idle.every(current)) return
    for (const sandbox of this.idle.filter((s) => !current(s))) {
      this.all.delete(sandbox)
      sandbox.kill()
    }
    this.idle = this.idle.filter(current)
  }

  /** Kill sandboxes idle for longer than `idleMs`. */
  reap(idleMs: number, now = Date.now()): void {
    for (const sandbox of this.idle.filter((s) => now - s.lastUsed > idleMs)) {
      this.all.delete(sandbox)
      sandbox.kill()
    }
    this.idle = this.idle.filter((s) => this.all.has(s))
  }

  /** Kill idle sandboxes now; busy ones are killed when they finish. */
  retire(): void {
    for (const sandbox of this.idle) {
      this.all.delete(sandbox)
      sandbox.kill()
    }
    this.idle = []
  }

  close(): void {
    this.closed = true
    for (const waiting of this.queue.splice(0)) waiting.reject(new Error('The local cloud is stopping'))
    for (const sandbox of this.all) sandbox.kill()
    this.all.clear()
    this.idle = []
  }
}
