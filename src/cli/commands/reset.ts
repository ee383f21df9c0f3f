/** @module `lab reset [id] [--yes]`: back up the workspace, then restore the starter files. */
import { selectLab } from '../../runner/select.js'
import { workspaceOf } from '../../runner/session.js'
import { restoreStarter } from '../../runner/workspace.js'
import { t } from '../../ui/i18n.js'
import { overwriteWorkspace } from '../confirm.js'
import type { CommandContext } from '../context.js'

export interface ResetOptions {
  id?: string
  yes?: boolean
}

export async function reset(ctx: CommandContext, options: ResetOptions): Promise<void> {
  const lab = await selectLab(ctx, options.id)
  const dir = workspaceOf(ctx, lab)
  const question = t('cli.reset.confirm', { lab: lab.manifest.id, dir })
  await overwriteWorkspace(ctx, lab, dir, { yes: options.yes, question, command: 'lab reset' }, () => restoreStarter(lab, dir))
  ctx.out.info(t('cli.reset.done', { dir, lab: lab.manifest.id }))
}
