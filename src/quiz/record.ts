/** @module Recording answers: the schedule in quiz.json, then each lab's score in progress.json for `lab list`. */
import type { ProgressStore } from '../runner/progress.js'
import type { GivenAnswer } from './answers.js'
import type { LoadedQuiz } from './load.js'
import { schedule, type ScheduleEntry } from './schedule.js'
import { pool, stats } from './session.js'
import { historyKey, type QuizHistory, type QuizStore } from './store.js'

export interface Recorded {
  answer: GivenAnswer
  next: ScheduleEntry
}

export function recordAnswers(store: QuizStore, progress: ProgressStore, quizzes: LoadedQuiz[], answers: GivenAnswer[], now: Date): Recorded[] {
  const recorded: Recorded[] = []
  const history = store.update((h) => {
    for (const answer of answers) {
      const key = historyKey(answer.lab, answer.question.id)
      h.questions[key] = schedule(h.questions[key], answer.question, answer.correct, now)
      recorded.push({ answer, next: h.questions[key] })
    }
  })
  updateScores(progress, quizzes.filter((q) => answers.some((a) => a.lab === q.quiz.lab)), history, now)
  return recorded
}

/** `lab list` reads the score from progress.json (it must not load YAML): questions whose last answer was right. */
export function updateScores(progress: ProgressStore, quizzes: LoadedQuiz[], history: QuizHistory, now: Date): void {
  const perLab = stats(quizzes, pool(quizzes, history, now))
  progress.update((p) => {
    for (const s of perLab) (p.labs[s.lab] ??= {}).quiz = { correct: s.correct, total: s.questions }
  })
}
