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

  async run(spec: SandboxSpec, req: InvokeRequest): Promise<InvokeOutcome> {
    const sandbox = await this.acquire(spec)
    try {
      return await sandbox.invoke(req)
    } finally {
      this.release(sandbox)
    }
  }

  private acquire(spec: SandboxSpec): Promise<Sandbox> {
    if (this.closed) return Promise.reject(new Error('The function is being shut down'))
    this.dropStale(spec.revision)
    const warm = this.idle.pop()
    if (warm) return Promise.resolve(warm)
    if (this.all.size < this.max) return Promise.resolve(this.create(spec))
    return new Promise((resolve, reject) => this.queue.push({ spec, resolve, reject }))
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
