/** @module How a question, a verdict with every option's explanation, and a score look in the terminal. */
import { readGuide } from '../runner/guide.js'
import type { LoadedLab } from '../runner/lab-manifest.js'
import { t } from '../ui/i18n.js'
import type { Output } from '../ui/output.js'
import type { QuizLanguage, QuizQuestion } from './format.js'
import { markdownHeadings } from './load.js'

/**
 * Where the lab teaches it, as a learner gets there: `lab guide 350 --step 3 (step 3: …)`, or the guide's
 * section by its heading in the quiz's language (`lab guide 350`, section "What the browser actually does").
 */
export function pointerText(question: QuizQuestion, lab: Pick<LoadedLab, 'dir' | 'manifest'>, lang: QuizLanguage): string {
  const { kind, target } = question.pointer
  const id = lab.manifest.id
  if (kind === 'step') {
    const index = lab.manifest.steps.findIndex((s) => s.id === target)
    return t('quiz.render.step', { lab: id, n: index + 1, title: lab.manifest.steps[index]?.title ?? target })
  }
  return t('quiz.render.section', { lab: id, heading: guideHeading(lab, target, lang) })
}

/**
 * The heading a guide anchor (of guide.en.md) names, read from the guide in `lang`: both guides have the same
 * sections in the same order, so the n-th heading of one is the n-th of the other.
 */
function guideHeading(lab: Pick<LoadedLab, 'dir'>, anchor: string, lang: QuizLanguage): string {
  const english = markdownHeadings(readGuide(lab, 'en') ?? '')
  const index = english.findIndex((h) => h.anchor === anchor)
  if (index === -1) return anchor
  const translated = lang === 'en' ? english : markdownHeadings(readGuide(lab, lang) ?? '')
  return (translated.length === english.length ? translated[index] : english[index]).text
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
  out.info(c.dim(t('quiz.render.learnMore', { docs: question.docs[lang] })))
  out.info(c.dim(t('quiz.render.inLab', { where })))
}

export function renderScore(out: Output, right: number, total: number): void {
  out.info()
  out.info(out.colors.bold(t('quiz.render.score', { right, total })))
}
