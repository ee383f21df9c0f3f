/**
 * @module The lines after a check report that say where the learner is: the current step (with its text when
 * the learner just got there), and at the end of the lab a recap, what to do next and the exam's topics.
 */
import type { LabManifest } from '../runner/lab-types.js'
import type { StepProgress } from '../runner/steps.js'
import { fillStepText } from '../runner/step-text.js'
import { indentText } from './briefing.js'
import type { ChalkInstance } from './colors.js'
import { t } from './i18n.js'

export function renderStepLines(lab: LabManifest, progress: StepProgress, colors: ChalkInstance, outputs?: Record<string, string>): string[] {
  const { current, previous, changed } = progress
  // The last steps just turned green: say so (the recap follows); several at once are named as a range.
  if (!current) {
    if (!changed || !previous) return []
    const last = previous.total
    const done = previous.number === last ? t('cli.check.stepDone', { n: last, title: previous.title }) : t('cli.check.stepsDone', { from: previous.number, to: last })
    return ['', colors.green(`✓ ${done}`)]
  }
  const lines: string[] = ['']
  const advanced = changed && previous !== undefined && previous.number < current.number
  // Back on an earlier step (something that worked broke): its text says what it shows once it works, not now.
  const wentBack = changed && previous !== undefined && previous.number > current.number
  if (wentBack) {
    lines.push(colors.bold(`→ ${t('checks.step.back', { n: current.number, total: current.total, title: current.title })}`))
    lines.push(`  ${t('checks.step.goal')}`)
  } else if (advanced) {
    const several = current.number - previous.number > 1
    const done = several ? t('cli.check.stepsDone', { from: previous.number, to: current.number - 1 }) : t('cli.check.stepDone', { n: previous.number, title: previous.title })
    lines.push(colors.green(`✓ ${done}`))
    lines.push(colors.bold(`→ ${t('cli.check.nextStep', { n: current.number, total: current.total, title: current.title })}`))
  } else lines.push(colors.bold(`→ ${t('cli.check.step', { n: current.number, total: current.total, title: current.title })}`))
  // The text when the learner arrives at a step; later runs on the same step name it only.
  if (changed) lines.push(...indentText(fillStepText(current.text, outputs), '  '))
  lines.push(colors.dim(`  ${t('cli.check.stepGuide', { lab: lab.id, n: current.number })}`))
  return lines
}

/** Shown once every check passes: what was learned, what to do next, where the lab sits in DVA-C02. */
export function renderRecap(lab: LabManifest, options: { quiz: boolean }, colors: ChalkInstance): string[] {
  const lines = ['', colors.bold(t('cli.check.recap'))]
  for (const item of lab.learn) lines.push(`  • ${item}`)
  lines.push('', colors.bold(t('cli.check.whatNext')))
  if (options.quiz) lines.push(`  • ${t('cli.check.nextQuiz', { lab: lab.id })}`)
  lines.push(`  • ${t('cli.check.nextTeardown', { lab: lab.id })}`)
  if (lab.exam.length > 0) {
    lines.push('', colors.bold(t('cli.check.exam')))
    for (const e of lab.exam) lines.push(`  • ${t('cli.check.examTask', { task: e.task, text: e.text })}`)
  }
  return lines
}
