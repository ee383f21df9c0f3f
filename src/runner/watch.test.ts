import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { EventQueue, isIgnored, watchFiles, watchLoop, type WatchEvent } from './watch.js'

describe('watchLoop', () => {
  it('runs once, then per event; changes during a run collapse into one more run', async () => {
    const queue = new EventQueue()
    const reasons: (WatchEvent | undefined)[] = []
    await watchLoop(queue, async (reason) => {
      reasons.push(reason)
      if (reasons.length === 1) queue.push({ kind: 'change', file: 'a.js' })
      if (reasons.length === 2) {
        queue.push({ kind: 'change', file: 'b.js' })
        queue.push({ kind: 'change', file: 'c.js' })
      }
      if (reasons.length === 3) queue.push({ kind: 'quit' })
    })
    expect(reasons).toEqual([undefined, { kind: 'change', file: 'a.js' }, { kind: 'change', file: 'b.js' }])
  })

  it('ignores editor droppings and dependency folders', () => {
    expect(isIgnored('functions/.app.js.swp')).toBe(true)
    expect(isIgnored('node_modules/x/index.js')).toBe(true)
    expect(isIgnored('template.yaml~')).toBe(true)
    expect(isIgnored('functions/app.js')).toBe(false)
  })
})

describe('watchFiles', () => {
  for (const poll of [false, true]) {
    it(`reports a saved file once after the debounce (${poll ? 'polling' : 'fs.watch'})`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-watch-'))
      fs.mkdirSync(path.join(dir, 'functions'))
      const seen = new EventQueue()
      const stop = watchFiles(dir, (file) => seen.push({ kind: 'change', file }), { poll, pollMs: 50, debounceMs: 50 })
      try {
        // Writes keep coming until the watcher has noticed one (no timing assumptions about when it is armed).
        let n = 0
        const writer = setInterval(() => fs.writeFileSync(path.join(dir, 'functions', 'app.js'), `v${n++}`), 100)
        const event = await seen.next()
        clearInterval(writer)
        expect(event).toEqual({ kind: 'change', file: path.join('functions', 'app.js') })
      } finally {
        stop()
      }
    })
  }
})
