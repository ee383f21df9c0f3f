/**
 * @module `lab check [id] [--json] [--browser]`: run the lab's checks against what is deployed.
 * Exit 0 iff every check passed; skipped browser checks fail the run only when `--browser` was given.
 */
import { LabError } from '../../runner/errors.js'
import { selectLab, targetOptionsFor, type TargetFlags } from '../../runner/select.js'
import { checkLab, checkRunJson, printCheckRun, workspaceOf } from '../../runner/session.js'
import { changedSinceDeploy } from '../../runner/workspace-changes.js'
import { t } from '../../ui/i18n.js'
import type { CommandContext } from '../context.js'

export interface CheckOptions extends TargetFlags {
  id?: string
  json?: boolean
  browser?: boolean
}

export async function check(ctx: CommandContext, options: CheckOptions): Promise<number> {
  const lab = await selectLab(ctx, options.id)
  const target = targetOptionsFor(options, ctx.progress.lab(lab.manifest.id))
  const browser = Boolean(options.browser)
  const entry = ctx.progress.lab(lab.manifest.id)
  const changed = entry.deployedAt && !entry.tornDownAt ? changedSinceDeploy(workspaceOf(ctx, lab), entry) : []
  // First, before a report of failures that only say the edit is not live yet (stderr: --json stays one document).
  if (changed.length > 0) {
    const files = changed.slice(0, 5).join(', ') + (changed.length > 5 ? ', …' : '')
    ctx.out.warn(t('learner.check.undeployed', { files, lab: lab.manifest.id }))
  }
  let run
  try {
    run = await checkLab({ ...ctx, quiet: options.json }, lab, { target, browser })
  } catch (err) {
    // --json promises one JSON document, also when there is nothing to check (the lab is not deployed).
    if (!options.json || !(err instanceof LabError)) throw err
    ctx.out.json({ lab: lab.manifest.id, passed: false, error: err.message, details: err.details, checks: [] })
    for (const line of [err.message, ...err.details.map((d) => `  ${d}`)]) ctx.out.note(line)
    return 1
  }
  if (options.json) ctx.out.json(checkRunJson(run))
  else printCheckRun(ctx, run, browser)
  return run.passed ? 0 : 1
}
