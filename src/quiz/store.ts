/**
 * @module The learner's quiz history in `LAB_HOME/quiz.json` (versioned, written atomically). A file that
 * cannot be read is kept aside as `quiz.json.bad-<time>` and the learner is told; entries that are still
 * sound are carried over, so one damaged entry never costs the rest of the history.
 */
import fs from 'node:fs'
import path from 'node:path'
import { writeFileAtomic } from '../common/atomic-file.js'
import { LabError } from '../runner/errors.js'
import { t } from '../ui/i18n.js'
import type { ScheduleEntry } from './schedule.js'

export const QUIZ_STORE_VERSION = 1

export interface QuizHistory {
  version: typeof QUIZ_STORE_VERSION
  /** Keyed `<lab>/<question id>`. A null-prototype map: keys come from files. */
  questions: Record<string, ScheduleEntry>
}

export const historyKey = (lab: string, questionId: string) => `${lab}/${questionId}`

function isEntry(v: any): v is ScheduleEntry {
  return (
    typeof v === 'object' && v !== null &&
    Number.isInteger(v.box) && v.box >= 0 && v.box <= 5 &&
    typeof v.due === 'string' && !Number.isNaN(Date.parse(v.due)) &&
    Number.isInteger(v.answered) && Number.isInteger(v.correct) &&
    typeof v.lastAnsweredAt === 'string' && typeof v.lastCorrect === 'boolean' && typeof v.answerHash === 'string'
  )
}

export class QuizStore {
  readonly file: string
  /** Set once a damaged file has been set aside (the caller refreshes what was derived from it). */
  setAsideAs?: string

  constructor(
    labHome: string,
    /** Told once when the file was damaged and set aside. */
    private readonly warn: (message: string) => void,
    private readonly now: () => Date,
  ) {
    this.file = path.join(labHome, 'quiz.json')
  }

  read(): QuizHistory {
    const empty = (): QuizHistory => ({ version: QUIZ_STORE_VERSION, questions: Object.create(null) })
    let text: string
    try {
      text = fs.readFileSync(this.file, 'utf8')
    } catch (err: any) {
      if (err.code === 'ENOENT') return empty()
      throw err
    }
    let data: any
    try {
      data = JSON.parse(text)
    } catch {
      return this.setAside(empty(), t('quiz.store.unreadable'))
    }
    if (typeof data !== 'object' || data === null || typeof data.version !== 'number' || typeof data.questions !== 'object' || data.questions === null) {
      return this.setAside(empty(), t('quiz.store.unreadable'))
    }
    if (data.version > QUIZ_STORE_VERSION) throw new LabError(t('quiz.store.newer', { file: this.file, version: data.version }))
    const history = empty()
    let dropped = 0
    for (const [key, entry] of Object.entries(data.questions)) {
      if (/^[0-9a-z-]+\/[a-z0-9][a-z0-9-]*$/.test(key) && isEntry(entry)) history.questions[key] = entry
      else dropped++
    }
    return dropped > 0 ? this.setAside(history, t('quiz.store.entriesDropped', { count: dropped })) : history
  }

  write(history: QuizHistory): void {
    writeFileAtomic(this.file, JSON.stringify(history, null, 2) + '\n')
  }

  /** Read, change, write in one step. */
  update(change: (history: QuizHistory) => void): QuizHistory {
    const history = this.read()
    change(history)
    this.write(history)
    return history
  }

  private setAside(kept: QuizHistory, reason: string): QuizHistory {
    const backup = `${this.file}.bad-${this.now().toISOString().replace(/[:.]/g, '-')}`
    fs.renameSync(this.file, backup)
    this.setAsideAs = backup
    this.warn(t('quiz.store.setAside', { file: this.file, backup, reason }))
    this.write(kept)
    return kept
  }
}
