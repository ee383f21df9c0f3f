/** @module `lab reset [id] [--yes]`: back up the workspace, then restore the starter files. */
import { selectLab } from '../../runner/select.js'
import { workspaceOf } from '../../runner/session.js'
import { backupWorkspace, restoreStarter } from '../../runner/workspace.js'
import { t } from '../../ui/i18n.js'
import { confirmOrFail } from '../confirm.js'
import type { CommandContext } from '../context.js'

export interface ResetOptions {
  id?: string
  yes?: boolean
}

export async function reset(ctx: CommandContext, options: ResetOptions): Promise<void> {
  const lab = await selectLab(ctx, options.id)
  const dir = workspaceOf(ctx, lab)
  await confirmOrFail(ctx.out, options.yes, t('cli.reset.confirm', { lab: lab.manifest.id, dir }), 'lab reset')
  const backup = backupWorkspace(ctx.labHome, lab.manifest.id, dir)
  ctx.out.info(t('cli.backup.done', { dir: backup }))
  restoreStarter(lab, dir)
  ctx.progress.updateLab(lab.manifest.id, (p) => void (p.workspace ??= dir))
  ctx.out.info(t('cli.reset.done', { dir, lab: lab.manifest.id }))
}
