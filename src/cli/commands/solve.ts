/** @module `lab solve [id] [--yes]`: back up the learner's workspace, copy the solution over it, redeploy. */
import { selectLab, targetOptionsFor, type TargetFlags } from '../../runner/select.js'
import { deployWorkspace, workspaceOf } from '../../runner/session.js'
import { applySolution, backupWorkspace } from '../../runner/workspace.js'
import { t } from '../../ui/i18n.js'
import { confirmOrFail } from '../confirm.js'
import type { CommandContext } from '../context.js'

export interface SolveOptions extends TargetFlags {
  id?: string
  yes?: boolean
}

export async function solve(ctx: CommandContext, options: SolveOptions): Promise<void> {
  const lab = await selectLab(ctx, options.id)
  const dir = workspaceOf(ctx, lab)
  await confirmOrFail(ctx.out, options.yes, t('cli.solve.confirm', { lab: lab.manifest.id, dir }), 'lab solve')
  const backup = backupWorkspace(ctx.labHome, lab.manifest.id, dir)
  ctx.out.info(t('cli.backup.done', { dir: backup }))
  applySolution(lab, dir)
  ctx.progress.updateLab(lab.manifest.id, (p) => void (p.workspace ??= dir))
  ctx.out.info(t('cli.solve.applied', { dir }))
  ctx.out.info()
  await deployWorkspace(ctx, lab, { target: targetOptionsFor(options, ctx.progress.lab(lab.manifest.id)), dir })
  ctx.out.info()
  ctx.out.info(t('cli.solve.next', { lab: lab.manifest.id }))
}
