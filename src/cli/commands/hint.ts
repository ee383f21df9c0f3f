/** @module `lab hint [id] [--all] [--reset]`: progressive hints; the level reached is remembered in progress. */
import { LabError } from '../../runner/errors.js'
import { nextHint } from '../../runner/hints.js'
import { selectLab } from '../../runner/select.js'
import { t } from '../../ui/i18n.js'
import type { CommandContext } from '../context.js'

export interface HintOptions {
  id?: string
  all?: boolean
  reset?: boolean
}

export async function hint(ctx: CommandContext, options: HintOptions): Promise<void> {
  const lab = await selectLab(ctx, options.id)
  const { hints, id } = lab.manifest
  if (hints.length === 0) throw new LabError(t('cli.hint.none', { lab: id }))
  const c = ctx.out.colors
  if (options.reset) {
    ctx.progress.updateLab(id, (p) => void (p.hintLevel = 0))
    return ctx.out.info(t('cli.hint.resetDone', { lab: id }))
  }
  if (options.all) {
    ctx.progress.updateLab(id, (p) => void (p.hintLevel = hints.length))
    hints.forEach((text, i) => ctx.out.info(`${c.bold(t('cli.hint.header', { n: i + 1, total: hints.length }))}\n${text}\n`))
    return
  }
  let shown = { index: 0, last: false }
  ctx.progress.updateLab(id, (p) => {
    shown = nextHint(p.hintLevel ?? 0, hints.length)
    p.hintLevel = shown.index + 1
  })
  ctx.out.info(c.bold(t('cli.hint.header', { n: shown.index + 1, total: hints.length })))
  ctx.out.info(hints[shown.index])
  ctx.out.info()
  ctx.out.info(c.dim(t(shown.last ? 'cli.hint.wasLast' : 'cli.hint.more', { lab: id })))
}
