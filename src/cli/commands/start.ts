/** @module `lab start <id>`: briefing, workspace from the starter, first deploy, and a first check run. */
import { selectLab, targetKindOf, targetOptionsFor, type TargetFlags } from '../../runner/select.js'
import { checkLab, deployWorkspace, prepareWorkspace, printCheckRun, showBriefing } from '../../runner/session.js'
import { t } from '../../ui/i18n.js'
import { confirmOrFail } from '../confirm.js'
import { INSTALL_DIR, labOnPath } from '../on-path.js'
import type { CommandContext } from '../context.js'
import path from 'node:path'

export interface StartOptions extends TargetFlags {
  id: string
  dir?: string
  yes?: boolean
}

export async function start(ctx: CommandContext, options: StartOptions): Promise<void> {
  const lab = await selectLab(ctx, options.id)
  const target = targetOptionsFor(options, undefined)
  const dir = options.dir ? path.resolve(ctx.cwd, options.dir) : undefined
  showBriefing(ctx, lab, target)
  if (targetKindOf(target) === 'aws') {
    // Real AWS costs money: say so and ask before creating anything.
    await confirmOrFail(ctx.out, options.yes, t('cli.start.confirmAws', { cost: lab.manifest.awsCost }), 'lab start')
  }
  const workspace = prepareWorkspace(ctx, lab, { dir })
  ctx.out.info()
  await deployWorkspace(ctx, lab, { target, dir: workspace })
  ctx.out.info()
  ctx.out.info(ctx.out.colors.bold(t('cli.start.firstCheck')))
  const run = await checkLab(ctx, lab, { target, browser: false })
  printCheckRun(ctx, run, false, { next: false })
  ctx.out.info()
  ctx.out.info(t(run.passed ? 'cli.start.alreadyPassing' : 'cli.start.yourTurn', { lab: lab.manifest.id, dir: workspace }))
  // The commands above are `lab …`: say when that would not run from the learner's shell.
  const onPath = labOnPath()
  if (onPath !== 'found') ctx.out.warn(t(onPath === 'missing' ? 'loop.path.missing' : 'loop.path.other', { dir: INSTALL_DIR.replace(/[\\/]$/, '') }))
}
