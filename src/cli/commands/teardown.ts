/**
 * @module `lab teardown [id] | --all [--yes]`: delete what a lab deployed; report anything left and exit
 * non-zero. `--all` tears down every lab on record, then sweeps each target they used (managed stacks and
 * the shared artifacts bucket).
 */
import type { Target, TargetOptions } from '../../deployer/types.js'
import { LabError } from '../../runner/errors.js'
import { manifestCacheFile } from '../../runner/paths.js'
import { loadAllLabs, type LoadedLab } from '../../runner/lab-manifest.js'
import { selectLab, targetOptionsFor, type TargetFlags } from '../../runner/select.js'
import { teardownEverything, teardownLabSession } from '../../runner/session.js'
import { findLab } from '../../runner/suggest.js'
import type { TeardownResult } from '../../deployer/types.js'
import { deleteCommand } from '../../ui/delete-commands.js'
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
  const names = labs.map((l) => l.manifest.id).join(', ')
  const question = options.all ? t('cli.teardown.confirmAll') : t('cli.teardown.confirm', { labs: names })
  await confirmOrFail(ctx.out, options.yes, question, 'lab teardown')
  let remaining = 0
  for (const lab of labs) {
    const target = targetOptionsFor(options, ctx.progress.lab(lab.manifest.id))
    const { result, target: resolved } = await teardownLabSession(ctx, lab, { target })
    remaining += report(ctx, result, resolved, t('cli.teardown.clean', { lab: lab.manifest.id, target: resolved.describe }), t('cli.teardown.remaining', { lab: lab.manifest.id, count: result.remaining.length }))
  }
  if (options.all) {
    for (const target of sweepTargets(ctx, options)) {
      const { result, target: resolved } = await teardownEverything(ctx, { target })
      remaining += report(ctx, result, resolved, t('cli.teardown.sweepClean', { target: resolved.describe }), t('cli.teardown.sweepRemaining', { target: resolved.describe, count: result.remaining.length }))
    }
  }
  if (remaining > 0) ctx.out.note(t('cli.teardown.remainingHint'))
  return remaining > 0 ? 1 : 0
}

function report(ctx: CommandContext, result: TeardownResult, target: Target, clean: string, left: string): number {
  const groups = result.deletedLogGroups ?? []
  if (groups.length) ctx.out.info(t('loop.teardown.logGroups', { count: groups.length, names: groups.join(', ') }))
  if (result.remaining.length === 0) {
    ctx.out.info(ctx.out.colors.green(clean))
    return 0
  }
  ctx.out.error(left)
  for (const r of result.remaining) {
    ctx.out.note(`  ${r.type}  ${r.arn}`)
    // Often a resource the template keeps on purpose (DeletionPolicy: Retain): say how to delete it.
    const command = deleteCommand(r.arn, target)
    if (command) ctx.out.note(`      ${command}`)
  }
  return result.remaining.length
}

/** Labs with a deploy on record and no teardown since. */
async function deployedLabs(ctx: CommandContext): Promise<LoadedLab[]> {
  const all = await loadAllLabs(ctx.contentDir, { cacheFile: manifestCacheFile(ctx.labHome) })
  const progress = ctx.progress.read()
  return Object.entries(progress.labs)
    .filter(([, p]) => p.deployedAt && !p.tornDownAt)
    .map(([id]) => findLab(all, id))
}

/** The target given by flags, else every distinct target any lab was deployed to (else the local cloud). */
function sweepTargets(ctx: CommandContext, flags: TargetFlags): TargetOptions[] {
  const given = targetOptionsFor(flags, undefined)
  if (flags.target || flags.endpoint || flags.profile || flags.region) return [given]
  const seen = new Map<string, TargetOptions>()
  for (const p of Object.values(ctx.progress.read().labs)) if (p.target) seen.set(JSON.stringify(p.target), p.target)
  return seen.size > 0 ? [...seen.values()] : [given]
}
