/**
 * @module `lab hint [id] [--all] [--reset]`: progressive hints for the step the learner is on (from the last
 * `lab check`), or the lab's own hints for a step without any; the level reached is remembered per step.
 */
import { LabError } from '../../runner/errors.js'
import { nextHint } from '../../runner/hints.js'
import type { LabManifest, LabStep } from '../../runner/lab-types.js'
import { selectLab } from '../../runner/select.js'
import { t } from '../../ui/i18n.js'
import type { CommandContext } from '../context.js'

export interface HintOptions {
  id?: string
  all?: boolean
  reset?: boolean
}

/** The step whose hints come next: the one the last check stopped at; the first before any check; none once all are done. */
function currentStep(lab: LabManifest, lastStep: string | null | undefined): LabStep | undefined {
  if (lastStep === null) return undefined
  return lab.steps.find((s) => s.id === lastStep) ?? (lastStep === undefined ? lab.steps[0] : undefined)
}

export async function hint(ctx: CommandContext, options: HintOptions): Promise<void> {
  const lab = await selectLab(ctx, options.id)
  const manifest = lab.manifest
  const { id } = manifest
  const c = ctx.out.colors
  const allHints = manifest.hints.length + manifest.steps.reduce((n, s) => n + s.hints.length, 0)
  if (allHints === 0) throw new LabError(t('cli.hint.none', { lab: id }))
  if (options.reset) {
    ctx.progress.updateLab(id, (p) => {
      p.hintLevel = 0
      delete p.stepHintLevels
    })
    return ctx.out.info(t('cli.hint.resetDone', { lab: id }))
  }
  if (options.all) return showAll(ctx, manifest)
  const lastStep = ctx.progress.lab(id).lastCheck?.step
  // Every step was green at the last check: no hint is due; the whole list stays one flag away.
  if (lastStep === null) return ctx.out.info(t('cli.hint.allDone', { lab: id }))
  const step = currentStep(manifest, lastStep)
  const own = step && step.hints.length > 0 ? step : undefined
  const hints = own ? own.hints : manifest.hints.length > 0 ? manifest.hints : manifest.steps.flatMap((s) => s.hints)
  let shown = { index: 0, last: false }
  ctx.progress.updateLab(id, (p) => {
    if (own) {
      const levels = (p.stepHintLevels ??= {})
      shown = nextHint(Object.hasOwn(levels, own.id) ? levels[own.id] : 0, hints.length)
      levels[own.id] = shown.index + 1
    } else {
      shown = nextHint(p.hintLevel ?? 0, hints.length)
      p.hintLevel = shown.index + 1
    }
  })
  const header = t('cli.hint.header', { n: shown.index + 1, total: hints.length })
  const number = own ? manifest.steps.indexOf(own) + 1 : 0
  ctx.out.info(c.bold(own ? `${header} · ${t('cli.hint.forStep', { n: number, title: own.title })}` : header))
  ctx.out.info(hints[shown.index])
  ctx.out.info()
  const next = !shown.last ? 'cli.hint.more' : own ? 'cli.hint.wasLastForStep' : 'cli.hint.wasLast'
  ctx.out.info(c.dim(t(next, { lab: id, n: number })))
}

/** Every hint, step by step, then the lab's own; counts as having seen them all. */
function showAll(ctx: CommandContext, manifest: LabManifest): void {
  const c = ctx.out.colors
  ctx.progress.updateLab(manifest.id, (p) => {
    p.hintLevel = manifest.hints.length
    p.stepHintLevels = Object.fromEntries(manifest.steps.map((s) => [s.id, s.hints.length]))
  })
  manifest.steps.forEach((step, i) => {
    if (step.hints.length === 0) return
    ctx.out.info(c.bold(t('cli.hint.forStep', { n: i + 1, title: step.title })))
    step.hints.forEach((text, j) => ctx.out.info(`${c.dim(t('cli.hint.header', { n: j + 1, total: step.hints.length }))}\n${text}\n`))
  })
  manifest.hints.forEach((text, i) => ctx.out.info(`${c.bold(t('cli.hint.header', { n: i + 1, total: manifest.hints.length }))}\n${text}\n`))
}
