/** @module `lab status [--json]`: what is deployed where, confirmed live (the stack still exists), with URLs. */
import { manifestCacheFile } from '../../runner/paths.js'
import { loadAllLabs } from '../../runner/lab-manifest.js'
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
  urls: { label: string; url: string }[]
  error?: string
}

export async function status(ctx: CommandContext, options: StatusOptions): Promise<void> {
  const labs = await loadAllLabs(ctx.contentDir, { cacheFile: manifestCacheFile(ctx.labHome) })
  const progress = ctx.progress.read()
  const rows: StatusRow[] = []
  for (const lab of labs) {
    const p = progress.labs[lab.manifest.id]
    if (!p?.deployedAt || p.tornDownAt) continue
    const stackName = p.stackName ?? lab.manifest.stackName
    const row: StatusRow = {
      lab: lab.manifest.id,
      title: lab.manifest.title,
      target: p.targetDescribe ?? '',
      stackName,
      deployedAt: p.deployedAt,
      state: 'unknown',
      urls: [],
    }
    try {
      const target = await resolveTarget(ctx, p.target ?? { target: 'local' })
      row.target = target.describe
      const outputs = await (await defaultDeps.deployer()).getStackOutputs(target, stackName)
      row.state = outputs ? 'deployed' : 'missing'
      if (outputs) row.urls = labUrls(lab, outputs)
    } catch (err) {
      row.error = err instanceof Error ? err.message : String(err)
    }
    rows.push(row)
  }
  if (options.json) return ctx.out.json({ current: progress.current ?? null, deployed: rows })
  if (rows.length === 0) return ctx.out.info(t('cli.status.nothingDeployed'))
  const c = ctx.out.colors
  for (const row of rows) {
    const state =
      row.state === 'deployed' ? c.green(t('cli.status.live')) : row.state === 'missing' ? c.red(t('cli.status.missing')) : c.yellow(t('cli.status.unknown'))
    ctx.out.info(`${c.bold(row.lab)} ${row.title} — ${state}`)
    ctx.out.info(`  ${t('cli.status.where', { stack: row.stackName, target: row.target })}`)
    if (row.error) ctx.out.info(`  ${c.yellow(row.error)}`)
    for (const u of row.urls) ctx.out.info(`  ${u.label}: ${c.cyan(u.url)}`)
  }
}
