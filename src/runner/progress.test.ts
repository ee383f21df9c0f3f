import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { LabError } from './errors.js'
import { nextHint } from './hints.js'
import { ProgressStore, progressState } from './progress.js'

const home = () => fs.mkdtempSync(path.join(os.tmpdir(), 'lab-home-'))

afterEach(() => vi.restoreAllMocks())

describe('ProgressStore', () => {
  it('starts empty and round-trips with a version', () => {
    const store = new ProgressStore(home())
    expect(store.read()).toEqual({ version: 1, labs: {} })
    store.updateLab('350', (p) => (p.hintLevel = 2))
    store.update((p) => (p.current = '350'))
    const raw = JSON.parse(fs.readFileSync(store.file, 'utf8'))
    expect(raw).toEqual({ version: 1, current: '350', labs: { '350': { hintLevel: 2 } } })
  })

  it('keeps the old file intact when a write dies before the rename', () => {
    const store = new ProgressStore(home())
    store.updateLab('350', (p) => (p.hintLevel = 1))
    const before = fs.readFileSync(store.file, 'utf8')
    vi.spyOn(fs, 'renameSync').mockImplementation(() => {
      throw new Error('simulated crash')
    })
    expect(() => store.updateLab('350', (p) => (p.hintLevel = 2))).toThrow('simulated crash')
    vi.restoreAllMocks()
    expect(fs.readFileSync(store.file, 'utf8')).toBe(before)
    expect(store.lab('350').hintLevel).toBe(1)
  })

  it('leaves no temporary files after many writes', () => {
    const dir = home()
    const store = new ProgressStore(dir)
    for (let i = 0; i < 20; i++) store.updateLab(String(i), (p) => (p.hintLevel = i))
    expect(fs.readdirSync(dir)).toEqual(['progress.json'])
    expect(Object.keys(store.read().labs)).toHaveLength(20)
  })

  it('refuses corrupt and newer files with a clear error', () => {
    const dir = home()
    const store = new ProgressStore(dir)
    fs.writeFileSync(store.file, '{"version":1,"labs":')
    expect(() => store.read()).toThrow(LabError)
    expect(() => store.read()).toThrow(/progress\.json could not be read/)
    fs.writeFileSync(store.file, '{"version":9,"labs":{}}')
    expect(() => store.read()).toThrow(/newer version/)
  })

  it('summarises a lab for `lab list`', () => {
    expect(progressState(undefined)).toBe('notStarted')
    expect(progressState({ startedAt: 'x' })).toBe('started')
    expect(progressState({ startedAt: 'x', deployedAt: 'y' })).toBe('deployed')
    expect(progressState({ startedAt: 'x', deployedAt: 'y', tornDownAt: 'z' })).toBe('started')
    expect(progressState({ startedAt: 'x', checksPassedAt: 'y' })).toBe('passed')
  })
})

describe('hint levels', () => {
  it('walks forward and then repeats the last hint', () => {
    expect(nextHint(0, 3)).toEqual({ index: 0, last: false })
    expect(nextHint(2, 3)).toEqual({ index: 2, last: true })
    expect(nextHint(7, 3)).toEqual({ index: 2, last: true })
    expect(nextHint(0, 1)).toEqual({ index: 0, last: true })
  })
})
