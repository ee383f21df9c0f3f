/**
 * @module Messages to one sandbox's child, batched per turn of the event loop: under load the cloud reads many
 * requests in one turn, and their invocations reach the child in one write (one wake-up of the child) instead of
 * one each. Node children get one IPC message (a `batch` of several); Python children one control-pipe write.
 */
import type { ChildProcess } from 'node:child_process'
import { controlMessageLines } from './control-pipe.js'

export type ChildMessage = { type: string; event?: string; [key: string]: unknown }

export class ChildOutbox {
  private pending: ChildMessage[] = []

  /** `gone`: the child died meanwhile (what was pending is answered by its exit, not sent). */
  constructor(
    private readonly child: ChildProcess,
    private readonly family: 'nodejs' | 'python',
    private readonly gone: () => boolean,
  ) {}

  send(message: ChildMessage): void {
    if (this.pending.push(message) === 1) setImmediate(() => this.flush())
  }

  private flush(): void {
    const list = this.pending
    this.pending = []
    if (this.gone()) return
    if (this.family === 'python') (this.child.stdio[3] as NodeJS.WritableStream).write(list.map(controlMessageLines).join(''))
    else if (this.child.connected) this.child.send(list.length === 1 ? list[0] : { type: 'batch', list }, () => {})
  }
}
