/**
 * @module Spaced repetition with Leitner boxes. Pure functions of (entry, answer, now): the clock is always
 * passed in, so tests move time without sleeping.
 *
 * - A question never answered is *new*.
 * - A right answer moves it up one box (new → box 1, at most box 5) and schedules it
 *   `INTERVAL_DAYS[box]` days later.
 * - A wrong answer puts it in box 0, due at once: the next `lab quiz` asks it first, and `--review`
 *   replays exactly these.
 */
import { createHash } from 'node:crypto'
import type { QuizQuestion } from './format.js'

export const TOP_BOX = 5
/** Days until a question in box N is due again (index = box). Box 0 (missed) is due immediately. */
export const INTERVAL_DAYS = [0, 1, 3, 7, 14, 30] as const
const DAY_MS = 24 * 60 * 60 * 1000

export interface ScheduleEntry {
  box: number
  /** ISO time from which the question is due again. */
  due: string
  answered: number
  correct: number
  lastAnsweredAt: string
  lastCorrect: boolean
  /** Hash of the right answer when this history was recorded: a changed answer starts the history again. */
  answerHash: string
}

/** Identifies the right answer (not the wording): editing a stem or an explanation keeps the history. */
export function answerHash(question: Pick<QuizQuestion, 'type' | 'choose' | 'correct'>): string {
  const basis = `${question.type}:${question.choose}:${[...question.correct].sort().join('+')}`
  return createHash('sha256').update(basis).digest('hex').slice(0, 16)
}

/** The history still applies to this question (its right answer has not changed since). */
export function entryFor(entry: ScheduleEntry | undefined, question: QuizQuestion): ScheduleEntry | undefined {
  return entry && entry.answerHash === answerHash(question) ? entry : undefined
}

/** The entry after one answer at `now`. */
export function schedule(entry: ScheduleEntry | undefined, question: QuizQuestion, correct: boolean, now: Date): ScheduleEntry {
  const previous = entryFor(entry, question)
  const box = correct ? Math.min((previous?.box ?? 0) + 1, TOP_BOX) : 0
  return {
    box,
    due: new Date(now.getTime() + INTERVAL_DAYS[box] * DAY_MS).toISOString(),
    answered: (previous?.answered ?? 0) + 1,
    correct: (previous?.correct ?? 0) + (correct ? 1 : 0),
    lastAnsweredAt: now.toISOString(),
    lastCorrect: correct,
    answerHash: answerHash(question),
  }
}

export type QuestionState = 'new' | 'due' | 'missed' | 'later'

/** missed = last answer wrong (box 0); due = answered right before and its day has come; later = not yet due. */
export function stateOf(entry: ScheduleEntry | undefined, question: QuizQuestion, now: Date): QuestionState {
  const e = entryFor(entry, question)
  if (!e) return 'new'
  if (!e.lastCorrect) return 'missed'
  return Date.parse(e.due) <= now.getTime() ? 'due' : 'later'
}
