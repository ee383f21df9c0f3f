/** Leitner scheduling and session selection with an injected clock: time moves, nobody sleeps. */
import { describe, expect, it } from 'vitest'
import type { QuizQuestion } from './format.js'
import { answerHash, INTERVAL_DAYS, schedule, stateOf, TOP_BOX, type ScheduleEntry } from './schedule.js'
import { nextDue, pool, select, stats } from './session.js'
import type { LoadedQuiz } from './load.js'
import type { QuizHistory } from './store.js'

const DAY = 24 * 60 * 60 * 1000
const t0 = new Date('2026-12-01T09:00:00.000Z')
const at = (days: number) => new Date(t0.getTime() + days * DAY)

function question(id: string, correct: string[] = ['b'], type: 'single' | 'multiple' = 'single'): QuizQuestion {
  const texts = { en: id, ko: id }
  return {
    id,
    type,
    choose: correct.length,
    stem: texts,
    options: ['a', 'b', 'c', 'd'].map((key) => ({ key, text: texts, why: texts })),
    correct,
    pointer: { kind: 'guide', target: 'x' },
    docs: { en: 'https://docs.aws.amazon.com/x.html', ko: 'https://docs.aws.amazon.com/ko_kr/x.html' },
  }
}

describe('Leitner schedule', () => {
  it('a right answer climbs one box and waits that box\'s interval; the top box stays the top box', () => {
    const q = question('q1')
    let entry: ScheduleEntry | undefined
    const seen: { box: number; due: string }[] = []
    let now = t0
    for (let i = 0; i < TOP_BOX + 2; i++) {
      entry = schedule(entry, q, true, now)
      seen.push({ box: entry.box, due: entry.due })
      now = new Date(entry.due) // answer again the moment it is due
    }
    expect(seen.map((s) => s.box)).toEqual([1, 2, 3, 4, 5, 5, 5])
    // Each due date is the answer time plus the interval of the box reached.
    let answeredAt = t0.getTime()
    for (const s of seen) {
      expect(Date.parse(s.due) - answeredAt).toBe(INTERVAL_DAYS[s.box] * DAY)
      answeredAt = Date.parse(s.due)
    }
    expect(entry!.answered).toBe(7)
    expect(entry!.correct).toBe(7)
  })

  it('a wrong answer drops to box 0, due at once, and the climb starts again', () => {
    const q = question('q1')
    let entry = schedule(undefined, q, true, t0) // box 1
    entry = schedule(entry, q, true, at(1)) // box 2, due day 4
    expect(entry.box).toBe(2)
    expect(entry.due).toBe(at(1 + INTERVAL_DAYS[2]).toISOString())
    entry = schedule(entry, q, false, at(4))
    expect(entry).toMatchObject({ box: 0, due: at(4).toISOString(), lastCorrect: false, answered: 3, correct: 2 })
    expect(stateOf(entry, q, at(4))).toBe('missed')
    entry = schedule(entry, q, true, at(5))
    expect(entry).toMatchObject({ box: 1, due: at(5 + INTERVAL_DAYS[1]).toISOString() })
  })

  it('states follow the clock: later until the due time, then due', () => {
    const q = question('q1')
    const entry = schedule(undefined, q, true, t0)
    expect(stateOf(undefined, q, t0)).toBe('new')
    expect(stateOf(entry, q, at(0.99))).toBe('later')
    expect(stateOf(entry, q, at(1))).toBe('due')
  })

  it('rewording keeps the history; a changed right answer starts it again', () => {
    const q = question('q1', ['b'])
    const entry = schedule(schedule(undefined, q, true, t0), q, true, at(1))
    const reworded = { ...q, stem: { en: 'New wording', ko: '새 문장' } }
    expect(answerHash(reworded)).toBe(answerHash(q))
    expect(stateOf(entry, reworded, at(2))).toBe('later')
    expect(schedule(entry, reworded, true, at(4)).box).toBe(3)

    const rekeyed = { ...q, correct: ['c'] }
    expect(stateOf(entry, rekeyed, at(2))).toBe('new')
    expect(schedule(entry, rekeyed, true, at(2))).toMatchObject({ box: 1, answered: 1, correct: 1 })
  })
})

describe('session selection', () => {
  const q1 = question('q1')
  const q2 = question('q2')
  const q3 = question('q3')
  const q4 = question('q4', ['a', 'c'], 'multiple')
  const quizzes = [{ quiz: { version: 1, lab: '350', questions: [q1, q2, q3, q4] } } as unknown as LoadedQuiz]
  // q1 right on day 0 (due day 1), q2 wrong on day 0, q3 right twice (due day 4), q4 never answered.
  const history: QuizHistory = {
    version: 1,
    questions: {
      '350/q1': schedule(undefined, q1, true, t0),
      '350/q2': schedule(undefined, q2, false, t0),
      '350/q3': schedule(schedule(undefined, q3, true, at(-1)), q3, true, t0),
    },
  }

  it('--review replays only the questions missed last time', () => {
    expect(select(pool(quizzes, history, at(2)), { review: true }).map((i) => i.question.id)).toEqual(['q2'])
  })

  it('asks what is due first (oldest first), then new ones, and leaves the rest for later', () => {
    expect(select(pool(quizzes, history, at(0.5)), {}).map((i) => i.question.id)).toEqual(['q2', 'q4'])
    expect(select(pool(quizzes, history, at(2)), {}).map((i) => i.question.id)).toEqual(['q2', 'q1', 'q4'])
    expect(select(pool(quizzes, history, at(5)), {}).map((i) => i.question.id)).toEqual(['q2', 'q1', 'q3', 'q4'])
    expect(select(pool(quizzes, history, at(5)), { count: 2 }).map((i) => i.question.id)).toEqual(['q2', 'q1'])
  })

  it('counts per lab: questions, answered, correct, due', () => {
    expect(stats(quizzes, pool(quizzes, history, at(2)))).toEqual([{ lab: '350', questions: 4, answered: 3, correct: 2, due: 2 }])
    expect(nextDue(pool(quizzes, history, at(2)))).toBe(at(3).toISOString())
  })
})
