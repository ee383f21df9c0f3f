/**
 * @module `lab status [--json]`: what is deployed where, confirmed live (the stack still exists), with URLs. The
 * targets are asked too: a stack that carries a lab's tag is shown (and recorded) even when progress.json does not
 * know it (a Ctrl-C mid-deploy, a lost or reset progress file).
 */
import type { LabStackInfo, Target, TargetOptions } from '../../deployer/types.js'
import { manifestCacheFile } from '../../runner/paths.js'
import { loadAllLabs, type LoadedLab } from '../../runner/lab-manifest.js'
import { labUrls, resolveTarget } from '../../runner/session.js'
import { defaultDeps } from '../../runner/deps.js'
import { t } from '../../ui/i18n.js'
import type { CommandContext } from '../context.js'

export interface StatusOptions {
  json?: boolean
}

interface StatusRow {
  lab: string
  title: string
  target: string
  stackName: string
  deployedAt: string
  /** `deployed` (stack found), `missing` (recorded but gone), `unknown` (the target could not be asked). */
  state: 'deployed' | 'missing' | 'unknown'
  /** Found on the target by its tag, not known to progress.json (it is recorded now). */
  untracked?: boolean
  stackStatus?: string
  urls: { label: string; url: string }[]
  error?: string
}

export async function status(ctx: CommandContext, options: StatusOptions): Promise<void> {
  const labs = await loadAllLabs(ctx.contentDir, { cacheFile: manifestCacheFile(ctx.labHome) })
  const progress = ctx.progress.read()
  const deployer = await defaultDeps.deployer()
  const rows: StatusRow[] = []
  const asked = new Map<string, { options: TargetOptions; target?: Target }>()
  for (const lab of labs) {
    const p = progress.labs[lab.manifest.id]
    if (!p?.deployedAt || p.tornDownAt) continue
    const stackName = p.stackName ?? lab.manifest.stackName
    const row: StatusRow = { lab: lab.manifest.id, title: lab.manifest.title, target: p.targetDescribe ?? '', stackName, deployedAt: p.deployedAt, state: 'unknown', urls: [] }
    const options = p.target ?? { target: 'local' }
    try {
      const target = await resolveTarget(ctx, options)
      asked.set(target.describe, { options, target })
      row.target = target.describe
      const outputs = await deployer.getStackOutputs(target, stackName)
      row.state = outputs ? 'deployed' : 'missing'
      if (outputs) row.urls = labUrls(lab, outputs)
    } catch (err) {
      row.error = err instanceof Error ? err.message : String(err)
    }
    rows.push(row)
  }
  // The local cloud is asked when it runs, even if no lab records it (it is not started just for this).
  if (![...asked.values()].some((a) => a.target?.kind === 'local')) {
    const running = await deployer.findRunningCloud?.(ctx.labHome)
    if (running) {
      const target = await resolveTarget(ctx, { target: 'local' }).catch(() => undefined)
      if (target) asked.set(target.describe, { options: { target: 'local' }, target })
    }
  }
  for (const { options: targetOptions, target } of asked.values()) {
    if (!target) continue
    const stacks = await deployer.labStacks?.(target).catch(() => [] as (LabStackInfo & { lab: string })[])
    for (const stack of stacks ?? []) {
      if (rows.some((r) => r.lab === stack.lab && r.stackName === stack.stackName && r.target === target.describe)) continue
      const lab = labs.find((l) => l.manifest.id === stack.lab)
      rows.push(untrackedRow(ctx, lab, stack, target, targetOptions))
    }
  }
  if (options.json) return ctx.out.json({ current: progress.current ?? null, deployed: rows })
  if (rows.length === 0) return ctx.out.info(t('cli.status.nothingDeployed'))
  const c = ctx.out.colors
  for (const row of rows) {
    const state =
      row.state === 'deployed' ? c.green(t('cli.status.live')) : row.state === 'missing' ? c.red(t('cli.status.missing')) : c.yellow(t('cli.status.unknown'))
    ctx.out.info(`${c.bold(row.lab)} ${row.title} — ${state}${row.stackStatus ? ` (${row.stackStatus})` : ''}`)
    ctx.out.info(`  ${t('cli.status.where', { stack: row.stackName, target: row.target })}`)
    if (row.untracked) ctx.out.info(`  ${c.yellow(t('loop.status.untracked', { lab: row.lab }))}`)
    if (row.error) ctx.out.info(`  ${c.yellow(row.error)}`)
    for (const u of row.urls) ctx.out.info(`  ${u.label}: ${c.cyan(u.url)}`)
  }
}

/** A stack found by its tag: shown, and recorded so that `check` and `teardown` know where it is. */
function untrackedRow(ctx: CommandContext, lab: LoadedLab | undefined, stack: LabStackInfo & { lab: string }, target: Target, options: TargetOptions): StatusRow {
  const deployedAt = stack.lastUpdated.toISOString()
  if (lab) {
    ctx.progress.updateLab(stack.lab, (entry) => {
      entry.target = options
      entry.targetDescribe = target.describe
      entry.stackName = stack.stackName
      entry.deployedAt = deployedAt
      delete entry.tornDownAt
    })
  }
  return {
    lab: stack.lab,
    title: lab?.manifest.title ?? '',
    target: target.describe,
    stackName: stack.stackName,
    deployedAt,
    state: 'deployed',
    untracked: true,
    stackStatus: stack.status,
    urls: lab ? labUrls(lab, stack.outputs) : [],
  }
}
