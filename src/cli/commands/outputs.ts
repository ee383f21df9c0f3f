/** @module `lab outputs [id] [--json]`: the deployed stack's outputs (an object with --json). */
import { LabError } from '../../runner/errors.js'
import { defaultDeps } from '../../runner/deps.js'
import { selectLab, targetOptionsFor, type TargetFlags } from '../../runner/select.js'
import { resolveTarget, warnAboutOutputs } from '../../runner/session.js'
import { t } from '../../ui/i18n.js'
import type { CommandContext } from '../context.js'

export interface OutputsOptions extends TargetFlags {
  id?: string
  json?: boolean
}

export async function outputs(ctx: CommandContext, options: OutputsOptions): Promise<void> {
  const lab = await selectLab(ctx, options.id)
  const p = ctx.progress.lab(lab.manifest.id)
  const target = await resolveTarget(ctx, targetOptionsFor(options, p))
  const values = await (await defaultDeps.deployer()).getStackOutputs(target, p.stackName ?? lab.manifest.stackName)
  if (!values) {
    throw new LabError(t('cli.check.notDeployed', { lab: lab.manifest.id, target: target.describe }), [
      t('cli.check.notDeployedHint', { lab: lab.manifest.id }),
    ])
  }
  warnAboutOutputs(ctx, target)
  if (options.json) return ctx.out.json(values)
  ctx.out.table(Object.entries(values).sort(([a], [b]) => a.localeCompare(b)), [t('cli.outputs.key'), t('cli.outputs.value')])
}
