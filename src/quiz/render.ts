/** @module How a question, a verdict with every option's explanation, and a score look in the terminal. */
import path from 'node:path'
import { t } from '../ui/i18n.js'
import type { Output } from '../ui/output.js'
import type { QuizLanguage, QuizQuestion } from './format.js'

/** `labs/350-cors/guide.en.md#3-what-the-browser-actually-does` or `labs/350-cors/lab.yaml (step make-it-live)`. */
export function pointerText(question: QuizQuestion, labDir: string, contentDir: string): string {
  const dir = path.relative(contentDir, labDir) || labDir
  const { kind, target } = question.pointer
  return kind === 'guide' ? `${dir}/guide.en.md#${target}` : t('quiz.render.step', { file: `${dir}/lab.yaml`, step: target })
}

export function renderQuestion(out: Output, question: QuizQuestion, lang: QuizLanguage, n: number, total: number, lab: string): void {
  const c = out.colors
  const pick = question.choose === 1 ? t('quiz.render.chooseOne') : t('quiz.render.chooseN', { n: question.choose })
  out.info()
  out.info(c.bold(t('quiz.render.header', { n, total, lab })) + c.dim(`  ${question.id} · ${pick}`))
  out.info(question.stem[lang])
}

export function renderVerdict(out: Output, question: QuizQuestion, keys: string[], lang: QuizLanguage, where: string): void {
  const c = out.colors
  const right = keys.length === question.correct.length && keys.every((k) => question.correct.includes(k))
  out.info(right ? c.green(t('quiz.render.right')) : c.red(t('quiz.render.wrong', { answer: question.correct.join(' + ') })))
  for (const option of question.options) {
    const isRight = question.correct.includes(option.key)
    const chosen = keys.includes(option.key)
    const mark = isRight ? c.green('✔') : chosen ? c.red('✘') : ' '
    const yours = chosen ? c.dim(`  ${t('quiz.render.yours')}`) : ''
    out.info(`${mark} ${option.key}) ${option.text[lang]}${yours}`)
    out.info(`     ${c.dim(option.why[lang])}`)
  }
  out.info(c.dim(t('quiz.render.learnMore', { where, docs: question.docs })))
}

export function renderScore(out: Output, right: number, total: number): void {
  out.info()
  out.info(out.colors.bold(t('quiz.render.score', { right, total })))
}
