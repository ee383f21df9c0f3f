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
    lines.push('', colors.yellow(colors.bold(t(ws ? 'loop.stale.headlineWs' : 'loop.stale.headline', { stage: s.stage, api: s.apiId, deployment: s.deploymentId, at: s.deployedAt.slice(0, 19).replace('T', ' ') }))))
    for (const m of s.added) lines.push(`  + ${m}  ${colors.dim(t('loop.stale.added'))}`)
    for (const m of s.changed) lines.push(`  ~ ${m}  ${colors.dim(t('loop.stale.changed'))}`)
    for (const m of s.removed) lines.push(`  - ${m}  ${colors.dim(t('loop.stale.removed'))}`)
    lines.push(`  ${t(ws ? 'loop.stale.whyWs' : 'loop.stale.why')}`)
    lines.push(`  ${t('loop.stale.fix', { current, next: nextDeploymentId(current) })}`)
  }
  return lines
}

/** The note under a failing check whose answer came from a stale stage. */
export function staleCheckNote(s: StaleStage): string {
  const methods = [...s.added, ...s.changed, ...s.removed].join(', ')
  return t(s.kind === 'websocket' ? 'loop.stale.checkWs' : 'loop.stale.check', { stage: s.stage, deployment: s.deploymentId, methods, next: nextDeploymentId(s.deploymentLogicalId) })
}
