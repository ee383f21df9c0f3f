import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import chokidar from 'chokidar'
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
  /**
   * A watched workspace with functions/houses/app.py. `save` changes it in one style; the test waits on the watcher's
   * own events (ready, then the debounced change) and then one more quiet window to prove the save was one redeploy.
   */
  async function watched(poll = false) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-watch-'))
    fs.mkdirSync(path.join(dir, 'functions', 'houses'), { recursive: true })
    fs.writeFileSync(path.join(dir, 'functions', 'houses', 'app.py'), 'v0\n')
    fs.writeFileSync(path.join(dir, 'template.yaml'), 'Resources: {}\n')
    const seen = new EventQueue()
    const errors: Error[] = []
    let count = 0
    const debounceMs = 150
    const ready = new Promise<void>((resolve) => {
      const stop = watchFiles(dir, (file) => (count++, seen.push({ kind: 'change', file })), { poll, pollMs: 50, debounceMs, onReady: resolve, onError: (e) => errors.push(e) })
      stops.push(stop)
    })
    await ready
    return {
      dir,
      file: (...p: string[]) => path.join(dir, ...p),
      /** The one debounced change after `save`, and proof that no second one follows. */
      async saveOnce(save: () => void): Promise<string> {
        const before = count
        save()
        const event = (await seen.next()) as { file: string }
        await new Promise((resolve) => setTimeout(resolve, debounceMs * 4))
        expect(count - before).toBe(1)
        expect(seen.drain()).toEqual([])
        expect(errors).toEqual([])
        return event.file
      },
    }
  }
  const stops: (() => void)[] = []
  afterEach(() => stops.splice(0).forEach((stop) => stop()))
  const app = path.join('functions', 'houses', 'app.py')

  it('an in-place write is one change, and so is the next one', async () => {
    const w = await watched()
    expect(await w.saveOnce(() => fs.writeFileSync(w.file(app), 'v1\n'))).toBe(app)
    expect(await w.saveOnce(() => fs.writeFileSync(w.file(app), 'v2\n'))).toBe(app)
  })

  it('a rename-over (atomic replace, Python os.replace) is one change, and later saves of that file are still seen', async () => {
    const w = await watched()
    const replace = (text: string) => {
      fs.writeFileSync(w.file(app) + '.tmp', text)
      fs.renameSync(w.file(app) + '.tmp', w.file(app))
    }
    expect(await w.saveOnce(() => replace('v1\n'))).toBe(app)
    expect(await w.saveOnce(() => replace('v2\n'))).toBe(app)
    expect(await w.saveOnce(() => fs.writeFileSync(w.file(app), 'v3\n'))).toBe(app)
  })

  it('`sed -i` (a temporary sedXXXXXX renamed over the file) is one change, twice in a row', async () => {
    const w = await watched()
    expect(await w.saveOnce(() => execFileSync('sed', ['-i', 's/v0/v1/', w.file(app)]))).toBe(app)
    expect(await w.saveOnce(() => execFileSync('sed', ['-i', 's/v1/v2/', w.file(app)]))).toBe(app)
  })

  it('delete-and-recreate is one change', async () => {
    const w = await watched()
    expect(
      await w.saveOnce(() => {
        fs.rmSync(w.file(app))
        fs.writeFileSync(w.file(app), 'v1\n')
      }),
    ).toBe(app)
    expect(await w.saveOnce(() => fs.writeFileSync(w.file(app), 'v2\n'))).toBe(app)
  })

  it("an editor's backup-copy mode (vim backupcopy=no: rename to file~, write new, 4913 probe) is one change", async () => {
    const w = await watched()
    const vimSave = (text: string) => {
      fs.writeFileSync(w.file('functions', 'houses', '4913'), '')
      fs.rmSync(w.file('functions', 'houses', '4913'))
      fs.renameSync(w.file(app), w.file(app) + '~')
      fs.writeFileSync(w.file(app), text)
      fs.rmSync(w.file(app) + '~')
    }
    expect(await w.saveOnce(() => vimSave('v1\n'))).toBe(app)
    expect(await w.saveOnce(() => vimSave('v2\n'))).toBe(app)
  })

  it('a save in a folder created after the watch started is one change, and so is the next one there', async () => {
    const w = await watched()
    const added = path.join('functions', 'orders', 'lib', 'util.py')
    const createAndSave = () => {
      fs.mkdirSync(w.file('functions', 'orders', 'lib'), { recursive: true })
      fs.writeFileSync(w.file(added), 'x = 1\n')
    }
    expect(await w.saveOnce(createAndSave)).toBe(added)
    expect(await w.saveOnce(() => fs.writeFileSync(w.file(added), 'x = 2\n'))).toBe(added)
  })

  it('ignores dependency folders and editor droppings', async () => {
    const w = await watched()
    fs.mkdirSync(w.file('node_modules'))
    fs.writeFileSync(w.file('node_modules', 'x.js'), '')
    fs.writeFileSync(w.file('functions', 'houses', '.app.py.swp'), '')
    // The next real save is the first event the watcher reports.
    expect(await w.saveOnce(() => fs.writeFileSync(w.file('template.yaml'), 'Resources: {a: 1}\n'))).toBe('template.yaml')
  })

  it('polling (the fallback) sees a rename-over too', async () => {
    const w = await watched(true)
    expect(
      await w.saveOnce(() => {
        fs.writeFileSync(w.file(app) + '.tmp', 'v1 longer\n')
        fs.renameSync(w.file(app) + '.tmp', w.file(app))
      }),
    ).toBe(app)
  })

  it('a watcher that fails says so and polling takes over: later saves are still seen', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-watch-'))
    fs.writeFileSync(path.join(dir, 'template.yaml'), 'a\n')
    const failures: string[] = []
    const seen = new EventQueue()
    const kinds: boolean[] = []
    let failing: ReturnType<typeof chokidar.watch> | undefined
    const ready = new Promise<void>((resolve) => {
      stops.push(
        watchFiles(dir, (file) => seen.push({ kind: 'change', file }), {
          debounceMs: 50,
          pollMs: 50,
          onReady: resolve,
          onError: (e) => failures.push(e.message),
          watch: (paths, options) => {
            kinds.push(Boolean(options?.usePolling))
            const w = chokidar.watch(paths, options)
            if (!options?.usePolling) failing = w
            return w
          },
        }),
      )
    })
    await ready
    failing!.emit('error', Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' }))
    expect(failures).toEqual(['ENOSPC: System limit for number of file watchers reached'])
    expect(kinds).toEqual([false])
    // Saves keep coming until the poller (whose first scan is not awaited here) reports one.
    let n = 0
    const writer = setInterval(() => fs.writeFileSync(path.join(dir, 'template.yaml'), `v${n++}\n`), 100)
    const event = await seen.next()
    clearInterval(writer)
    expect(event).toEqual({ kind: 'change', file: 'template.yaml' })
  })
})
