/**
 * @module Log events on disk: one append-only JSON-lines file per stream. Appends are cheap for chatty
 * writers (Lambda); a `kill -9` can at worst leave a torn last line, which reading skips.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

export interface StoredEvent {
  timestamp: number
  message: string
  ingestionTime: number
}

const MAX_OPEN_FILES = 64

export class EventFiles {
  constructor(private readonly dir: string) {}

  private readonly paths = new Map<string, string>()

  private file(group: string, stream: string): string {
    const key = `${group}\u0000${stream}`
    let file = this.paths.get(key)
    if (!file) {
      const hash = (s: string) => createHash('sha1').update(s).digest('hex').slice(0, 16)
      if (this.paths.size > 10_000) this.paths.clear()
      file = path.join(this.dir, hash(group), `${hash(stream)}.jsonl`)
      this.paths.set(key, file)
    }
    return file
  }

  /** Open append handles, so a chatty writer (Lambda, every invocation) costs one write, not open/write/close. */
  private readonly handles = new Map<string, number>()

  append(group: string, stream: string, events: StoredEvent[]): void {
    const file = this.file(group, stream)
    let fd = this.handles.get(file)
    if (fd === undefined) {
      fs.mkdirSync(path.dirname(file), { recursive: true })
      if (this.handles.size >= MAX_OPEN_FILES) this.closeAll()
      fd = fs.openSync(file, 'a')
      this.handles.set(file, fd)
    }
    fs.writeSync(fd, events.map((e) => JSON.stringify(e)).join('\n') + '\n')
  }

  /** Close every append handle (on stop, and before files are removed). */
  closeAll(): void {
    for (const fd of this.handles.values()) fs.closeSync(fd)
    this.handles.clear()
  }

  read(group: string, stream: string): StoredEvent[] {
    let text: string
    try {
      text = fs.readFileSync(this.file(group, stream), 'utf8')
    } catch (err: any) {
      if (err.code === 'ENOENT') return []
      throw err
    }
    const events: StoredEvent[] = []
    for (const line of text.split('\n')) {
      if (!line) continue
      try {
        events.push(JSON.parse(line))
      } catch {
        // a torn write from a killed process: skip it
      }
    }
    // Stored in arrival order; CloudWatch Logs orders a stream by event timestamp.
    return events.sort((a, b) => a.timestamp - b.timestamp)
  }

  removeStream(group: string, stream: string): void {
    this.closeAll()
    fs.rmSync(this.file(group, stream), { force: true })
  }

  removeGroup(group: string): void {
    this.closeAll()
    fs.rmSync(path.dirname(this.file(group, 'x')), { recursive: true, force: true })
  }
}
