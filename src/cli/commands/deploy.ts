/** @module `lab deploy [id]`: redeploy the workspace (a stack update), with the live event view. */
import { selectLab, targetOptionsFor, type TargetFlags } from '../../runner/select.js'
import { deployWorkspace } from '../../runner/session.js'
import type { CommandContext } from '../context.js'

export interface DeployOptions extends TargetFlags {
  id?: string
}

export async function deploy(ctx: CommandContext, options: DeployOptions): Promise<void> {
  const lab = await selectLab(ctx, options.id)
  const target = targetOptionsFor(options, ctx.progress.lab(lab.manifest.id))
  await deployWorkspace(ctx, lab, { target })
}
