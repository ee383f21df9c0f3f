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

export class EventFiles {
  constructor(private readonly dir: string) {}

  private file(group: string, stream: string): string {
    const hash = (s: string) => createHash('sha1').update(s).digest('hex').slice(0, 16)
    return path.join(this.dir, hash(group), `${hash(stream)}.jsonl`)
  }

  append(group: string, stream: string, events: StoredEvent[]): void {
    const file = this.file(group, stream)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.appendFileSync(file, events.map((e) => JSON.stringify(e)).join('\n') + '\n')
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
    fs.rmSync(this.file(group, stream), { force: true })
  }

  removeGroup(group: string): void {
    fs.rmSync(path.dirname(this.file(group, 'x')), { recursive: true, force: true })
  }
}
