/** quiz.json: versioned, atomic, and a damaged file is set aside without losing the sound entries. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { LabError } from '../runner/errors.js'
import { QuizStore } from './store.js'

const now = () => new Date('2026-12-03T10:20:30.000Z')
const entry = { box: 2, due: '2026-12-06T10:00:00.000Z', answered: 2, correct: 2, lastAnsweredAt: '2026-12-03T10:00:00.000Z', lastCorrect: true, answerHash: 'abc' }

function setup() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-quiz-'))
  const warnings: string[] = []
  return { home, warnings, store: new QuizStore(home, (m) => warnings.push(m), now) }
}

describe('QuizStore', () => {
  it('starts empty and round-trips with a version', () => {
    const { store } = setup()
    expect(store.read().questions).toEqual({})
    store.update((h) => (h.questions['350/q1'] = entry))
    expect(JSON.parse(fs.readFileSync(store.file, 'utf8'))).toEqual({ version: 1, questions: { '350/q1': entry } })
  })

  it('sets an unreadable file aside as quiz.json.bad-<time>, says so, and starts fresh', () => {
    const { home, store, warnings } = setup()
    fs.writeFileSync(store.file, '{"version": 1, "questions": {"350/q1": ')
    expect(store.read().questions).toEqual({})
    const backup = path.join(home, 'quiz.json.bad-2026-12-03T10-20-30-000Z')
    expect(fs.readFileSync(backup, 'utf8')).toContain('"350/q1"')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain(backup)
    expect(JSON.parse(fs.readFileSync(store.file, 'utf8'))).toEqual({ version: 1, questions: {} })
    expect(store.setAsideAs).toBe(backup)
  })

  it('keeps the sound entries when only some are damaged (and keeps the original aside)', () => {
    const { home, store, warnings } = setup()
    fs.writeFileSync(store.file, JSON.stringify({ version: 1, questions: { '350/q1': entry, '350/q2': { box: 'top' }, '__proto__/x': entry } }))
    const history = store.read()
    expect(Object.keys(history.questions)).toEqual(['350/q1'])
    expect(warnings[0]).toMatch(/2 damaged entries were left out/)
    expect(fs.readdirSync(home).filter((f) => f.startsWith('quiz.json.bad-'))).toHaveLength(1)
    expect(JSON.parse(fs.readFileSync(store.file, 'utf8')).questions).toEqual({ '350/q1': entry })
  })

  it('refuses a file from a newer version and leaves it untouched', () => {
    const { store } = setup()
    const text = JSON.stringify({ version: 9, questions: {} })
    fs.writeFileSync(store.file, text)
    expect(() => store.read()).toThrow(LabError)
    expect(fs.readFileSync(store.file, 'utf8')).toBe(text)
  })

  it('keeps the old file when a write dies before the rename', () => {
    const { store } = setup()
    store.update((h) => (h.questions['350/q1'] = entry))
    const before = fs.readFileSync(store.file, 'utf8')
    const spy = vi.spyOn(fs, 'renameSync').mockImplementation(() => {
      throw new Error('simulated crash')
    })
    try {
      expect(() => store.update((h) => (h.questions['350/q2'] = entry))).toThrow('simulated crash')
    } finally {
      spy.mockRestore()
    }
    expect(fs.readFileSync(store.file, 'utf8')).toBe(before)
  })
})
