/**
 * The validation test over every lab's quiz.yaml in this repository: each file passes the format's rules (ids
 * unique, one right option for single choice, `choose` matching for multiple choice, every option explained,
 * every text in every language, pointers that resolve to a step id in lab.yaml or a heading of guide.en.md),
 * and ids are unique across labs.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadAllLabs } from '../runner/lab-manifest.js'
import { contentDir } from '../runner/paths.js'
import { QUIZ_LANGUAGES } from './format.js'
import { hasQuiz, loadAllQuizzes, loadQuiz } from './load.js'

const root = contentDir({})

describe('every lab quiz in the repository', async () => {
  const labs = await loadAllLabs(root)
  const withQuiz = labs.filter(hasQuiz)

  it('lab 350 has a quiz', () => {
    expect(withQuiz.map((l) => l.manifest.id)).toContain('350')
  })

  for (const lab of withQuiz) {
    it(`${path.relative(root, lab.dir)}/quiz.yaml is valid`, async () => {
      // loadQuiz throws a LabError listing every problem; show them all if it does.
      const loaded = await loadQuiz(root, lab).catch((err) => {
        throw new Error([err.message, ...(err.details ?? [])].join('\n'))
      })
      for (const q of loaded.quiz.questions) {
        for (const lang of QUIZ_LANGUAGES) {
          expect(q.stem[lang].trim(), `${q.id} stem.${lang}`).not.toBe('')
          for (const o of q.options) expect(o.why[lang].trim(), `${q.id} ${o.key}.why.${lang}`).not.toBe('')
        }
      }
    })
  }

  it('question ids are unique across labs', async () => {
    await expect(loadAllQuizzes(root, labs)).resolves.toBeDefined()
  })

  it('lab 350 has at least 12 questions, single and multiple choice, with the right answers spread over the keys', async () => {
    const { quiz } = await loadQuiz(root, labs.find((l) => l.manifest.id === '350')!)
    expect(quiz.questions.length).toBeGreaterThanOrEqual(12)
    expect(quiz.questions.some((q) => q.type === 'multiple')).toBe(true)
    const firstKeys = new Set(quiz.questions.filter((q) => q.type === 'single').map((q) => q.correct[0]))
    expect(firstKeys.size).toBeGreaterThanOrEqual(3)
  })

  it('the Korean texts keep particles off placeholders like 을(를)', () => {
    for (const lab of withQuiz) {
      expect(fs.readFileSync(path.join(lab.dir, 'quiz.yaml'), 'utf8')).not.toMatch(/을\(를\)|이\(가\)|은\(는\)|\(으\)로/)
    }
  })
})
