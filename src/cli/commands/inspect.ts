/**
 * @module `lab inspect table [id] [--table LogicalId] [--json]`: scan the lab stack's DynamoDB table and print its
 * items as a table (the key first, then the other attributes by name), e.g. the chat's open connections.
 */
import { scanTable, describeAwsError, hashKeyOf } from '../../checks/ws/aws-calls.js'
import { LabError } from '../../runner/errors.js'
import type { TargetFlags } from '../../runner/select.js'
import { t } from '../../ui/i18n.js'
import type { CommandContext } from '../context.js'
import { cell, deployedLab, labTable } from './lab-stack.js'

export interface InspectTableOptions extends TargetFlags {
  id?: string
  table?: string
  json?: boolean
}

export async function inspectTable(ctx: CommandContext, options: InspectTableOptions): Promise<void> {
  const deployed = await deployedLab(ctx, options.id, options)
  const table = await labTable(deployed, options.table)
  let items: Record<string, unknown>[]
  let key: string
  try {
    key = await hashKeyOf(table, deployed.target.clientConfig)
    items = await scanTable(table, deployed.target.clientConfig)
  } catch (error) {
    throw new LabError(t('ws.table.failed', { table, error: describeAwsError(error).text }))
  }
  if (options.json) return ctx.out.json({ table, items })
  ctx.out.info(ctx.out.colors.bold(t('ws.table.title', { table, count: items.length })))
  if (items.length === 0) return ctx.out.info(t('ws.table.empty'))
  const others = [...new Set(items.flatMap((item) => Object.keys(item)))].filter((name) => name !== key).sort()
  const columns = [key, ...others]
  const rows = items.map((item) => columns.map((name) => cell(item[name])))
  rows.sort((a, b) => a[0].localeCompare(b[0]))
  ctx.out.table(rows, columns)
}
