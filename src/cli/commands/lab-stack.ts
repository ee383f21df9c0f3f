/**
 * @module What `lab connections` and `lab inspect table` read from a deployed lab: its target, outputs and
 * DynamoDB tables (from the stack's resources, so any table a learner adds is found too).
 */
import type { Target } from '../../deployer/types.js'
import { defaultDeps } from '../../runner/deps.js'
import { LabError } from '../../runner/errors.js'
import { selectLab, targetOptionsFor, type TargetFlags } from '../../runner/select.js'
import { resolveTarget, warnAboutOutputs } from '../../runner/session.js'
import { t } from '../../ui/i18n.js'
import type { CommandContext } from '../context.js'

export interface DeployedLab {
  id: string
  target: Target
  stackName: string
  outputs: Record<string, string>
}

export async function deployedLab(ctx: CommandContext, id: string | undefined, flags: TargetFlags): Promise<DeployedLab> {
  const lab = await selectLab(ctx, id)
  const p = ctx.progress.lab(lab.manifest.id)
  const target = await resolveTarget(ctx, targetOptionsFor(flags, p))
  const stackName = p.stackName ?? lab.manifest.stackName
  const outputs = await (await defaultDeps.deployer()).getStackOutputs(target, stackName)
  if (!outputs) {
    throw new LabError(t('cli.check.notDeployed', { lab: lab.manifest.id, target: target.describe }), [
      t('cli.check.notDeployedHint', { lab: lab.manifest.id }),
    ])
  }
  warnAboutOutputs(ctx, target)
  return { id: lab.manifest.id, target, stackName, outputs }
}

/** The physical name of the stack's DynamoDB table: the only one, or the one `--table LogicalId` names. */
export async function labTable(deployed: DeployedLab, logicalId?: string): Promise<string> {
  const list = (await defaultDeps.deployer()).listStackResources
  const tables = (await list?.(deployed.target, deployed.stackName, 'AWS::DynamoDB::Table')) ?? []
  const names = tables.map((r) => r.logicalId).join(', ')
  if (logicalId) {
    const table = tables.find((r) => r.logicalId === logicalId)
    if (!table) throw new LabError(t('ws.table.unknown', { table: logicalId, lab: deployed.id, tables: names || '-' }))
    return table.physicalId
  }
  if (tables.length === 0) throw new LabError(t('ws.table.none', { lab: deployed.id }))
  if (tables.length > 1) throw new LabError(t('ws.table.several', { lab: deployed.id, tables: names }))
  return tables[0].physicalId
}

/**
 * The stage's callback URL: the `CallbackURL` output (any output whose name says callback), else derived from the
 * WebSocket URL (`wss://host/stage` → `https://host/stage`: the same host and stage).
 */
export function callbackUrl(deployed: DeployedLab): string {
  const entries = Object.entries(deployed.outputs)
  const named = entries.find(([key]) => /callback/i.test(key))
  if (named) return named[1]
  const socket = entries.find(([, value]) => /^wss?:\/\//.test(value))
  if (socket) return socket[1].replace(/^ws/, 'http')
  throw new LabError(t('ws.connections.noCallback', { lab: deployed.id, outputs: entries.map(([k]) => k).join(', ') || '-' }))
}

/** A cell for a table: strings as they are, anything else as JSON. */
export function cell(value: unknown): string {
  if (value === undefined || value === null) return ''
  return typeof value === 'string' ? value : JSON.stringify(value)
}
