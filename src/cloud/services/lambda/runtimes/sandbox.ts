/**
 * @module One execution environment: a runtime process (Node or `python3`, started by launch.ts in its own process
 * group and, where possible, PID namespace) that initialises the handler once and then serves invocations one at a
 * time. A crash, `process.exit`, timeout or out-of-memory kill ends this sandbox and everything it started, only.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
 */
import { randomBytes } from 'node:crypto'
import type { ChildProcess } from 'node:child_process'
import { childMessage } from './child-message.js'
import { readControlPipe } from './control-pipe.js'
import { Freezer } from './freeze.js'
import { exitReason, killRuntime, launchRuntime } from './launch.js'
import { watchMemory } from './memory-watch.js'
import type { ChildMessage, FromChild, InvokeOutcome, InvokeRequest, SandboxSpec } from './sandbox-types.js'
import { ChildOutbox } from './outbox.js'
import { LOG_MARK } from './node-bootstrap.js'

export type { InvokeOutcome, InvokeRequest, SandboxSpec } from './sandbox-types.js'

type Waiter = (m: FromChild) => void

interface Pending {
  req: InvokeRequest
  resolve(outcome: InvokeOutcome | undefined): void
  /** Output of the init phase, reported with the first invocation. */
  coldLogs: string
  /** Set on a cold start only: REPORT then carries "Init Duration". */
  init?: number
  started: number
}

/**
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html#runtimes-lifecycle-ib
 */
const INIT_LIMIT_MS = 10_000
/** A sandbox stops taking invocations this long (plus the function's timeout) before its credentials expire. */
const RETIRE_MARGIN_MS = 5 * 60_000

export class Sandbox {
  readonly child: ChildProcess
  dead = false
  lastUsed = Date.now()
  private text = ''
  private segments: string[] = []
  private segmentWaiter?: () => void
  private waiter?: Waiter
  private exitReason?: string
  private initialized = false
  /** Invocations sent to the child and not answered yet, oldest (the running one) first. */
  private readonly pending: Pending[] = []
  /** Results are finished one at a time, in order: each waits for its own log segment. */
  private finishing: Promise<void> = Promise.resolve()
  private timer?: NodeJS.Timeout
  private timedOut = false
  private readonly outbox: ChildOutbox
  private readonly freezer: Freezer

  readonly spec: SandboxSpec

  constructor(functionSpec: SandboxSpec) {
    // Each execution environment writes its own log stream, as on AWS.
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/')
    const env = { ...functionSpec.env, AWS_LAMBDA_LOG_STREAM_NAME: `${day}/[$LATEST]${randomBytes(16).toString('hex')}` }
    const spec = (this.spec = { ...functionSpec, env })
    this.child = launchRuntime({ ...spec, env })
    // Frozen once idle, as Lambda freezes an execution environment between invocations (freeze.ts).
    this.freezer = new Freezer(this.child, () => !this.pending.length && this.usable)
    // The channel is open to the function's code too: only well-formed messages are heard.
    const hear = (raw: unknown) => {
      const message = childMessage(raw)
      if (message) this.deliver(message)
    }
    if (spec.family === 'nodejs') this.child.on('message', hear)
    else {
      readControlPipe(this.child.stdio[4] as NodeJS.ReadableStream, hear)
      ;(this.child.stdio[3] as NodeJS.WritableStream).on('error', () => {})
    }
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.onOutput(chunk))
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.onOutput(chunk))
    this.outbox = new ChildOutbox(this.child, spec.family, () => this.dead)
    // MemorySize holds for the whole life of the sandbox (init, invocations, idle until frozen).
    const unwatch = watchMemory({ child: this.child, limitBytes: spec.memoryMb * 1048576, busy: () => !this.freezer.frozen, exceeded: () => this.outOfMemory() })
    this.child.on('error', (err) => this.onExit(`Runtime failed to start: ${err.message}`))
    this.child.on('exit', (code, signal) => {
      unwatch()
      // Whatever the runtime started goes with it.
      killRuntime(this.child)
      this.onExit(exitReason(code, signal))
    })
  }

  private onOutput(chunk: string): void {
    this.text += chunk
    let at: number
    while ((at = this.text.indexOf(LOG_MARK)) !== -1) {
      this.segments.push(this.text.slice(0, at))
      this.text = this.text.slice(at + LOG_MARK.length)
    }
    if (this.segments.length) this.segmentWaiter?.()
  }

  /** The output of the phase `message` ends: nothing to wait for when the runtime says it wrote nothing. */
  private logsFor(message: FromChild): Promise<string> {
    return 'logged' in message && message.logged === false ? Promise.resolve('') : this.takeLogs()
  }

  /** The output up to the child's next end-of-phase mark (briefly waited for: pipes and IPC are not ordered). */
  private async takeLogs(): Promise<string> {
    if (!this.segments.length && !this.dead) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 250)
        this.segmentWaiter = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      this.segmentWaiter = undefined
    }
    if (this.segments.length) return this.segments.shift()!
    const rest = this.text
    this.text = ''
    return rest
  }

  private deliver(message: FromChild): void {
    const waiter = this.waiter
    this.waiter = undefined
    if (waiter) waiter(message)
    else this.answer(message)
  }

  private onExit(reason: string): void {
    if (this.dead) return
    this.dead = true
    this.exitReason = reason
    this.deliver({ type: 'exit', reason })
    this.segmentWaiter?.()
  }

  private next(): Promise<FromChild> {
    if (this.dead) return Promise.resolve({ type: 'exit', reason: this.exitReason ?? 'Runtime exited without providing a reason' })
    return new Promise((resolve) => (this.waiter = resolve))
  }

  get inflight(): number {
    return this.pending.length
  }

  get ready(): boolean {
    return this.initialized && this.usable
  }

  /**
   * Run one invocation; never rejects. `timeoutMs` covers init and the handler, as Lambda's timeout does.
   * Resolves `undefined` when the sandbox died before the invocation started (it was queued behind one that
   * crashed or timed out): the pool runs it elsewhere.
   *
   * The child runs one invocation at a time, like an execution environment; the pool may send the next one
   * before the current one ends, so that it waits in the child's pipe rather than in the cloud.
   */
  async invoke(req: InvokeRequest): Promise<InvokeOutcome | undefined> {
    this.lastUsed = Date.now()
    let coldLogs = ''
    let init: number | undefined
    if (!this.initialized) {
      const started = performance.now()
      // Init has its own budget (10 s, or the function timeout if longer): a slow import such as boto3 on a
      // cold machine does not eat into the handler's timeout.
      this.arm(Math.max(INIT_LIMIT_MS, this.spec.timeoutMs))
      const first = await this.next()
      clearTimeout(this.timer)
      init = performance.now() - started
      coldLogs = await this.logsFor(first)
      if (first.type !== 'ready') {
        this.kill()
        if (this.timedOut) return this.timeout(req, started, coldLogs)
        if (this.oom) return this.exitOutcome(req, 'Runtime.OutOfMemory', 'Runtime exited with error: signal: killed', coldLogs, started, init)
        const error = first.type === 'initError' && first.error ? first.error : { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${req.requestId} Error: ${(first as { reason: string }).reason}` }
        return this.outcome(false, JSON.stringify(error), error.errorType, coldLogs, started, init)
      }
      this.initialized = true
    }
    if (!this.usable) return undefined
    return new Promise((resolve) => {
      const entry: Pending = { req, resolve, coldLogs, init, started: performance.now() }
      this.pending.push(entry)
      this.freezer.thaw()
      this.outbox.send({ type: 'invoke', ...req, timeoutMs: this.spec.timeoutMs })
      if (this.pending.length === 1) this.begin(entry)
    })
  }

  /** The oldest pending invocation is the one the child runs now: its timeout starts. */
  private begin(entry: Pending): void {
    entry.started = performance.now()
    this.arm(this.spec.timeoutMs)
  }

  private arm(ms: number): void {
    clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timedOut = true
      this.kill()
    }, ms)
  }

  /** A result, or the child's exit, answers the oldest pending invocation. */
  private answer(message: FromChild): void {
    this.finishing = this.finishing.then(() => this.finishOldest(message))
  }

  private async finishOldest(message: FromChild): Promise<void> {
    const entry = this.pending[0]
    if (!entry) return
    clearTimeout(this.timer)
    const outcome = await this.outcomeOf(entry, message)
    this.pending.shift()
    this.lastUsed = Date.now()
    entry.resolve(outcome)
    if (!this.usable) {
      // The child is gone or going: what waits behind never started.
      for (const never of this.pending.splice(0)) never.resolve(undefined)
    } else if (this.pending.length) this.begin(this.pending[0])
    else this.freezer.idleSoon()
  }

  private async outcomeOf(entry: Pending, message: FromChild): Promise<InvokeOutcome> {
    const { req, started, init } = entry
    if (this.timedOut) return this.timeout(req, started, entry.coldLogs + (await this.takeLogs()))
    const logs = entry.coldLogs + (await this.logsFor(message))
    const maxMemoryMb = message.type === 'result' && message.rss ? Math.ceil(message.rss / 1048576) : undefined
    // Over MemorySize at its peak (measured by the runtime itself, or seen by the memory watch): Lambda kills it.
    const ranOut = message.type === 'result' && message.error?.errorType === 'Runtime.OutOfMemory'
    if (this.oom || ranOut || (maxMemoryMb !== undefined && maxMemoryMb > this.spec.memoryMb)) {
      this.outOfMemory()
      return { ...this.exitOutcome(req, 'Runtime.OutOfMemory', 'Runtime exited with error: signal: killed', logs, started, init), maxMemoryMb: Math.max(maxMemoryMb ?? 0, this.spec.memoryMb) }
    }
    if (message.type === 'exit') return this.exitOutcome(req, 'Runtime.ExitError', message.reason, logs, started, init)
    if (message.type !== 'result') return this.outcome(false, JSON.stringify(message.error), message.error?.errorType, logs, started, init)
    if (message.exiting) this.kill()
    if (message.ok) return { ...this.outcome(true, message.payload ?? 'null', undefined, logs, started, init), maxMemoryMb }
    return { ...this.outcome(false, JSON.stringify(message.error), message.error?.errorType, logs, started, init), maxMemoryMb }
  }

  /**
   * The runtime died (or was killed for exceeding MemorySize): the error is also the log's last two lines.
   * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html
   */
  private exitOutcome(req: InvokeRequest, errorType: string, reason: string, logs: string, started: number, init?: number): InvokeOutcome {
    const error = { errorType, errorMessage: `RequestId: ${req.requestId} Error: ${reason}` }
    return this.outcome(false, JSON.stringify(error), errorType, `${logs}${error.errorMessage}\n${errorType}\n`, started, init)
  }

  /**
   * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html
   */
  private timeout(req: InvokeRequest, started: number, logs: string): InvokeOutcome {
    const seconds = (this.spec.timeoutMs / 1000).toFixed(2)
    const error = { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${req.requestId} Error: Task timed out after ${seconds} seconds` }
    const line = `${new Date().toISOString()} ${req.requestId} Task timed out after ${seconds} seconds\n`
    return this.outcome(false, JSON.stringify(error), error.errorType, logs + line, started)
  }

  private outcome(ok: boolean, payload: string, errorType: string | undefined, logs: string, started: number, initDurationMs?: number): InvokeOutcome {
    return { ok, payload, errorType, logs, durationMs: performance.now() - started, initDurationMs, logStream: this.spec.env.AWS_LAMBDA_LOG_STREAM_NAME }
  }

  /**
   * Its credentials would expire before an invocation started now could end: retired rather than reused.
   * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html#runtimes-lifecycle-shutdown
   */
  get retiring(): boolean {
    const expires = this.spec.credentialsExpire
    return expires !== undefined && Date.now() >= expires - this.spec.timeoutMs - RETIRE_MARGIN_MS
  }

  /** False once the child died or is being killed: the pool must not hand it out again. */
  get usable(): boolean {
    return !this.dead && !this.killing
  }

  private killing = false

  private oom = false

  /** Over MemorySize: killed, and the invocation it runs fails with Runtime.OutOfMemory. */
  outOfMemory(): void {
    this.oom = true
    this.kill()
  }

  kill(): void {
    this.killing = true
    killRuntime(this.child)
    this.freezer.killStrays()
  }
}
