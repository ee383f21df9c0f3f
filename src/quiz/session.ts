/** @module Which questions a quiz session asks, in what order, and the per-lab statistics. */
import type { QuizQuestion } from './format.js'
import type { LoadedQuiz } from './load.js'
import { entryFor, stateOf, type QuestionState } from './schedule.js'
import { historyKey, type QuizHistory } from './store.js'

export interface PoolItem {
  lab: string
  question: QuizQuestion
  state: QuestionState
  /** When it is due (answered questions only). */
  due?: string
  box?: number
}

export function pool(quizzes: LoadedQuiz[], history: QuizHistory, now: Date): PoolItem[] {
  const items: PoolItem[] = []
  for (const { quiz } of quizzes) {
    for (const question of quiz.questions) {
      const entry = entryFor(history.questions[historyKey(quiz.lab, question.id)], question)
      items.push({ lab: quiz.lab, question, state: stateOf(entry, question, now), due: entry?.due, box: entry?.box })
    }
  }
  return items
}

export interface Selection {
  review?: boolean
  count?: number
}

/**
 * `--review`: only the questions whose last answer was wrong. Otherwise what is due first (missed ones and
 * those whose day has come, oldest first), then new ones in file order; questions not yet due are left alone.
 */
export function select(items: PoolItem[], options: Selection): PoolItem[] {
  const byDue = (a: PoolItem, b: PoolItem) => Date.parse(a.due!) - Date.parse(b.due!)
  const chosen = options.review
    ? items.filter((i) => i.state === 'missed').sort(byDue)
    : [...items.filter((i) => i.state === 'missed' || i.state === 'due').sort(byDue), ...items.filter((i) => i.state === 'new')]
  return options.count === undefined ? chosen : chosen.slice(0, options.count)
}

export interface LabStats {
  lab: string
  questions: number
  /** Questions answered at least once (since their right answer last changed). */
  answered: number
  /** Questions whose last answer was right. */
  correct: number
  /** Questions to ask now: missed ones and those whose day has come (new ones not counted). */
  due: number
}

export function stats(quizzes: LoadedQuiz[], items: PoolItem[]): LabStats[] {
  return quizzes.map(({ quiz }) => {
    const mine = items.filter((i) => i.lab === quiz.lab)
    return {
      lab: quiz.lab,
      questions: mine.length,
      answered: mine.filter((i) => i.state !== 'new').length,
      correct: mine.filter((i) => i.state === 'due' || i.state === 'later').length,
      due: mine.filter((i) => i.state === 'due' || i.state === 'missed').length,
    }
  })
}

/** The next time anything answered becomes due (for "nothing to ask now"). */
export function nextDue(items: PoolItem[]): string | undefined {
  return items.filter((i) => i.state === 'later').map((i) => i.due!).sort()[0]
}
