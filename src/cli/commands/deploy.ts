/** @module `lab deploy [id]`: redeploy the workspace (a stack update), with the live event view. */
import { selectLab, targetOptionsFor, type TargetFlags } from '../../runner/select.js'
import { deployWorkspace, workspaceOf } from '../../runner/session.js'
import { templateCopyNote } from '../../runner/which-lab.js'
import type { CommandContext } from '../context.js'

export interface DeployOptions extends TargetFlags {
  id?: string
}

export async function deploy(ctx: CommandContext, options: DeployOptions): Promise<void> {
  const lab = await selectLab(ctx, options.id)
  const target = targetOptionsFor(options, ctx.progress.lab(lab.manifest.id))
  const note = templateCopyNote(ctx.contentDir, ctx.cwd, { lab: lab.manifest.id, workspace: workspaceOf(ctx, lab) })
  if (note) ctx.out.warn(note)
  await deployWorkspace(ctx, lab, { target })
}
