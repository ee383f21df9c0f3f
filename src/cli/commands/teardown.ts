/** @module `lab teardown [id] | --all [--yes]`: delete what a lab deployed; report anything left, exit non-zero. */
import { LabError } from '../../runner/errors.js'
import { loadAllLabs } from '../../runner/lab-manifest.js'
import { selectLab, targetOptionsFor, type TargetFlags } from '../../runner/select.js'
import { teardownLabSession } from '../../runner/session.js'
import { findLab } from '../../runner/suggest.js'
import { t } from '../../ui/i18n.js'
import { confirmOrFail } from '../confirm.js'
import type { CommandContext } from '../context.js'

export interface TeardownOptions extends TargetFlags {
  id?: string
  all?: boolean
  yes?: boolean
}

export async function teardown(ctx: CommandContext, options: TeardownOptions): Promise<number> {
  if (options.all && options.id) throw new LabError(t('cli.teardown.idAndAll'))
  const labs = options.all ? await deployedLabs(ctx) : [await selectLab(ctx, options.id)]
  if (labs.length === 0) {
    ctx.out.info(t('cli.teardown.nothing'))
    return 0
  }
  const names = labs.map((l) => l.manifest.id).join(', ')
  await confirmOrFail(ctx.out, options.yes, t('cli.teardown.confirm', { labs: names }), 'lab teardown')
  let remaining = 0
  for (const lab of labs) {
    const target = targetOptionsFor(options, ctx.progress.lab(lab.manifest.id))
    const { result, target: resolved } = await teardownLabSession(ctx, lab, { target })
    if (result.remaining.length === 0) {
      ctx.out.info(ctx.out.colors.green(t('cli.teardown.clean', { lab: lab.manifest.id, target: resolved.describe })))
    } else {
      remaining += result.remaining.length
      ctx.out.error(t('cli.teardown.remaining', { lab: lab.manifest.id, count: result.remaining.length }))
      for (const r of result.remaining) ctx.out.note(`  ${r.type}  ${r.arn}`)
    }
  }
  if (remaining > 0) ctx.out.note(t('cli.teardown.remainingHint'))
  return remaining > 0 ? 1 : 0
}

/** Labs with a deploy on record and no teardown since. */
async function deployedLabs(ctx: CommandContext) {
  const all = await loadAllLabs(ctx.contentDir)
  const progress = ctx.progress.read()
  return Object.entries(progress.labs)
    .filter(([, p]) => p.deployedAt && !p.tornDownAt)
    .map(([id]) => findLab(all, id))
}
