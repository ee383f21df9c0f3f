/**
 * @module Sandboxes of one function: warm ones are reused, overlapping invocations get more (up to a bound, then
 * they queue), idle ones are reaped, and an update retires those of the old revision.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html
 */
import { Sandbox, type InvokeOutcome, type InvokeRequest, type SandboxSpec } from './sandbox.js'

interface Waiting {
  spec: SandboxSpec
  resolve(sandbox: Sandbox): void
  reject(err: Error): void
}

export class SandboxPool {
  private readonly all = new Set<Sandbox>()
  private idle: Sandbox[] = []
  private readonly queue: Waiting[] = []
  private closed = false

  constructor(private readonly max: number) {}

  get size(): number {
    return this.all.size
  }

  run(spec: SandboxSpec, req: InvokeRequest): Promise<InvokeOutcome> {
    if (this.closed) return Promise.reject(new Error('The function is being shut down'))
    // A warm or new sandbox right away; otherwise wait for one to be released.
    const ready = this.take(spec)
    if (ready) return this.runOn(ready, req)
    return new Promise<Sandbox>((resolve, reject) => this.queue.push({ spec, resolve, reject })).then((sandbox) => this.runOn(sandbox, req))
  }

  private async runOn(sandbox: Sandbox, req: InvokeRequest): Promise<InvokeOutcome> {
    try {
      return await sandbox.invoke(req)
    } finally {
      this.release(sandbox)
    }
  }

  private take(spec: SandboxSpec): Sandbox | undefined {
    this.dropStale(spec.revision)
    const warm = this.idle.pop()
    if (warm) return warm
    if (this.all.size < this.max) return this.create(spec)
    return undefined
  }

  private create(spec: SandboxSpec): Sandbox {
    const sandbox = new Sandbox(spec)
    this.all.add(sandbox)
    sandbox.child.once('exit', () => {
      this.all.delete(sandbox)
      this.idle = this.idle.filter((s) => s !== sandbox)
    })
    return sandbox
  }

  private release(sandbox: Sandbox): void {
    if (!sandbox.usable || this.closed) {
      this.all.delete(sandbox)
      sandbox.kill()
    } else {
      this.idle.push(sandbox)
    }
    const waiting = this.queue.shift()
    if (!waiting) return
    this.dropStale(waiting.spec.revision)
    const next = this.idle.pop() ?? (this.all.size < this.max ? this.create(waiting.spec) : undefined)
    if (next) waiting.resolve(next)
    else this.queue.unshift(waiting)
  }

  private dropStale(revision: string): void {
    if (this.idle.every((s) => s.spec.revision === revision && s.usable)) return
    for (const sandbox of this.idle.filter((s) => s.spec.revision !== revision || !s.usable)) {
      this.all.delete(sandbox)
      sandbox.kill()
    }
    this.idle = this.idle.filter((s) => s.spec.revision === revision && s.usable)
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
