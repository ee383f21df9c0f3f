/**
 * @module Answers given as text (`--answers q1=b,q2=a+c`): parse, check against the questions, grade.
 * Everything is checked before anything is recorded, so a typo never records half a session.
 */
import { LabError } from '../runner/errors.js'
import { editDistance } from '../runner/suggest.js'
import { t } from '../ui/i18n.js'
import type { QuizQuestion } from './format.js'

export interface GivenAnswer {
  question: QuizQuestion
  lab: string
  /** Sorted option keys. */
  keys: string[]
  correct: boolean
}

/** Keys as typed (`a+c`, `A + C`) → sorted lower-case keys; problems become LabErrors naming the question. */
export function parseKeys(question: QuizQuestion, typed: string): string[] {
  const keys = typed.split('+').map((k) => k.trim().toLowerCase()).filter((k) => k !== '')
  const valid = question.options.map((o) => o.key)
  for (const key of keys) {
    if (!valid.includes(key)) throw new LabError(t('quiz.answer.unknownKey', { key, id: question.id, keys: valid.join(', ') }))
  }
  if (new Set(keys).size !== keys.length) throw new LabError(t('quiz.answer.repeatedKey', { id: question.id }))
  if (keys.length !== question.choose) {
    throw new LabError(t(question.choose === 1 ? 'quiz.answer.chooseOne' : 'quiz.answer.chooseN', { id: question.id, n: question.choose, got: keys.length }))
  }
  return keys.sort()
}

export function isCorrect(question: QuizQuestion, keys: string[]): boolean {
  return keys.length === question.correct.length && [...keys].sort().every((k, i) => k === question.correct[i])
}

/** `q1=b,q2=a+c` against the questions on offer (id → question and its lab). */
export function parseAnswers(text: string, offered: Map<string, { question: QuizQuestion; lab: string }>): GivenAnswer[] {
  const answers: GivenAnswer[] = []
  const seen = new Set<string>()
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const eq = part.indexOf('=')
    if (eq <= 0) throw new LabError(t('quiz.answer.malformed', { part }), [t('quiz.answer.format')])
    const id = part.slice(0, eq).trim()
    const found = offered.get(id) // a Map: no prototype keys to trip over
    if (!found) {
      const ids = [...offered.keys()]
      const close = ids.filter((other) => editDistance(id, other) <= 3).slice(0, 3)
      throw new LabError(
        close.length ? t('quiz.answer.unknownQuestionSuggest', { id, suggestions: close.join(', ') }) : t('quiz.answer.unknownQuestion', { id }),
        [t('quiz.answer.listHint')],
      )
    }
    if (seen.has(id)) throw new LabError(t('quiz.answer.twice', { id }))
    seen.add(id)
    const keys = parseKeys(found.question, part.slice(eq + 1))
    answers.push({ ...found, keys, correct: isCorrect(found.question, keys) })
  }
  if (answers.length === 0) throw new LabError(t('quiz.answer.none'), [t('quiz.answer.format')])
  return answers
}
