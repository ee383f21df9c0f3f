/** @module `lab reset [id] [--yes]`: back up the workspace, then restore the starter files. */
import { selectLab } from '../../runner/select.js'
import { workspaceOf } from '../../runner/session.js'
import { restoreStarter } from '../../runner/workspace.js'
import { t } from '../../ui/i18n.js'
import { overwriteWorkspace } from '../confirm.js'
import type { CommandContext } from '../context.js'
import type { LabProgress } from '../../runner/progress.js'

/** What a learner earned on the lab (hints seen, check results); where it is deployed stays known. */
export function resetLearning(p: LabProgress): void {
  delete p.hintLevel
  delete p.stepHintLevels
  delete p.lastCheck
  delete p.checksPassedAt
}

export interface ResetOptions {
  id?: string
  yes?: boolean
}

export async function reset(ctx: CommandContext, options: ResetOptions): Promise<void> {
  const lab = await selectLab(ctx, options.id)
  const dir = workspaceOf(ctx, lab)
  // The next learner at a workshop seat must not inherit hint 5 (the full answer) or "checks passed": say so first.
  const question = `${t('cli.reset.confirm', { lab: lab.manifest.id, dir })} ${t('loop.reset.progressToo')}`
  await overwriteWorkspace(ctx, lab, dir, { yes: options.yes, question, command: 'lab reset' }, () => restoreStarter(lab, dir))
  ctx.progress.updateLab(lab.manifest.id, resetLearning)
  ctx.out.info(t('cli.reset.done', { dir, lab: lab.manifest.id }))
  ctx.out.info(t('loop.reset.progressDone', { lab: lab.manifest.id }))
  // A stage keeps serving its deployment: methods the learner added can outlive `lab deploy` of the starter.
  const entry = ctx.progress.lab(lab.manifest.id)
  if (entry.deployedAt && !entry.tornDownAt) ctx.out.warn(t('loop.reset.stillDeployed', { lab: lab.manifest.id }))
}
