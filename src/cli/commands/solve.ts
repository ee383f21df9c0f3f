/** @module `lab solve [id] [--yes]`: back up the learner's workspace, copy the solution over it, redeploy. */
import { selectLab, targetOptionsFor, type TargetFlags } from '../../runner/select.js'
import { deployWorkspace, workspaceOf } from '../../runner/session.js'
import { applySolution } from '../../runner/workspace.js'
import { t } from '../../ui/i18n.js'
import { overwriteWorkspace } from '../confirm.js'
import type { CommandContext } from '../context.js'

export interface SolveOptions extends TargetFlags {
  id?: string
  yes?: boolean
}

export async function solve(ctx: CommandContext, options: SolveOptions): Promise<void> {
  const lab = await selectLab(ctx, options.id)
  const dir = workspaceOf(ctx, lab)
  const question = t('cli.solve.confirm', { lab: lab.manifest.id, dir })
  await overwriteWorkspace(ctx, lab, dir, { yes: options.yes, question, command: 'lab solve' }, () => applySolution(lab, dir))
  ctx.out.info(t('cli.solve.applied', { dir }))
  ctx.out.info()
  await deployWorkspace(ctx, lab, { target: targetOptionsFor(options, ctx.progress.lab(lab.manifest.id)), dir })
  ctx.out.info()
  ctx.out.info(t('cli.solve.next', { lab: lab.manifest.id }))
}
