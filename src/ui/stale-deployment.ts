/** @module The stale-deployment trap in words: which methods are not live on which stage, and the CloudFormation fix. */
import type { StaleStage } from '../deployer/types.js'
import type { ChalkInstance } from './colors.js'
import { t } from './i18n.js'

/** The fix names the stage's Deployment resource: rename `Deployment` to `DeploymentV2` (or add V2 once more). */
export function nextDeploymentId(logicalId = 'Deployment'): string {
  const numbered = /^(.*?)V?(\d+)$/.exec(logicalId)
  return numbered ? `${numbered[1]}V${Number(numbered[2]) + 1}` : `${logicalId}V2`
}

/** Lines for `lab deploy`, one block per stale stage. */
export function renderStaleStages(stages: StaleStage[], colors: ChalkInstance): string[] {
  const lines: string[] = []
  for (const s of stages) {
    const current = s.deploymentLogicalId ?? 'Deployment'
    const ws = s.kind === 'websocket'
    const onlyParallel = Boolean(s.unordered?.length) && !s.added.length && !s.changed.length && !s.removed.length
    const headline = onlyParallel ? 'deploy.stale.headlineParallel' : ws ? 'loop.stale.headlineWs' : 'loop.stale.headline'
    lines.push('', colors.yellow(colors.bold(t(headline, { stage: s.stage, api: s.apiId, deployment: s.deploymentId, at: s.deployedAt.slice(0, 19).replace('T', ' ') }))))
    for (const m of s.added) lines.push(`  + ${m}  ${colors.dim(t('loop.stale.added'))}`)
    for (const m of s.changed) lines.push(`  ~ ${m}  ${colors.dim(t('loop.stale.changed'))}`)
    for (const m of s.unordered ?? []) lines.push(`  ? ${m}  ${colors.dim(t('deploy.stale.unordered'))}`)
    for (const m of s.removed) lines.push(`  - ${m}  ${colors.dim(t('loop.stale.removed'))}`)
    if (!onlyParallel) lines.push(`  ${t(ws ? 'loop.stale.whyWs' : 'loop.stale.why')}`)
    if (s.unordered?.length) {
      lines.push(`  ${t('deploy.stale.whyParallel', { current })}`)
      lines.push(`  ${t('deploy.stale.fixParallel', { ids: (s.unorderedIds ?? []).join(', '), next: nextDeploymentId(current) })}`)
    } else lines.push(`  ${t('loop.stale.fix', { current, next: nextDeploymentId(current) })}`)
  }
  return lines
}

/** The note under a failing check whose answer came from a stale stage. */
export function staleCheckNote(s: StaleStage): string {
  const methods = [...s.added, ...s.changed, ...s.removed].join(', ')
  const next = nextDeploymentId(s.deploymentLogicalId)
  const parallel = s.unordered?.length
    ? t('deploy.stale.checkParallel', { stage: s.stage, deployment: s.deploymentId, methods: s.unordered.join(', '), ids: (s.unorderedIds ?? []).join(', '), next })
    : undefined
  if (!methods && parallel) return parallel
  const changed = t(s.kind === 'websocket' ? 'loop.stale.checkWs' : 'loop.stale.check', { stage: s.stage, deployment: s.deploymentId, methods, next })
  return parallel ? `${changed} ${parallel}` : changed
}
