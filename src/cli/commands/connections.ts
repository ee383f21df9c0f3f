/**
 * @module `lab connections [id] [list | get ID | delete ID | post ID --data D]`: the chat's connections. `list`
 * reads the connection ids from the lab's DynamoDB table and asks the `@connections` management API about each
 * (GET); `get`, `post` and `delete` call it for one id. Every call is SigV4-signed (SDK v3), and AWS's answer is
 * printed as it came, a stale id's `410 GoneException` included.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-how-to-call-websocket-api-connections.html
 */
import type { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi'
import { describeAwsError, hashKeyOf, managementClient, scanTable } from '../../checks/ws/aws-calls.js'
import { LabError } from '../../runner/errors.js'
import type { TargetFlags } from '../../runner/select.js'
import { t } from '../../ui/i18n.js'
import { printableLine } from '../../ui/terminal-text.js'
import type { CommandContext } from '../context.js'
import { callbackUrl, cell, deployedLab, labTable, type DeployedLab } from './lab-stack.js'

export interface ConnectionsOptions extends TargetFlags {
  /** `[id] [action] [connectionId]` as typed: the lab id may be left out. */
  args: string[]
  data?: string
  table?: string
  json?: boolean
}

const ACTIONS = ['list', 'get', 'delete', 'post'] as const
type Action = (typeof ACTIONS)[number]
const isAction = (value: string | undefined): value is Action => (ACTIONS as readonly string[]).includes(value ?? '')

/** `354 get ID`, `get ID`, `354`, nothing: the lab id is whatever comes before the action. */
export function parseConnectionsArgs(args: string[]): { id?: string; action: Action; connectionId?: string } {
  const [first, ...rest] = args
  const hasId = first !== undefined && !isAction(first)
  const [action = 'list', connectionId, ...extra] = hasId ? rest : args
  if (!isAction(action)) throw new LabError(t('ws.connections.badAction', { action, actions: ACTIONS.join(', ') }))
  if (action !== 'list' && !connectionId) throw new LabError(t('ws.connections.needId', { action }))
  if (extra.length || (action === 'list' && connectionId)) throw new LabError(t('ws.connections.extra', { extra: [...(action === 'list' ? [connectionId] : []), ...extra].join(' ') }))
  return { id: hasId ? first : undefined, action, connectionId }
}

export async function connections(ctx: CommandContext, options: ConnectionsOptions): Promise<number> {
  const { id, action, connectionId } = parseConnectionsArgs(options.args)
  if (action === 'post' && options.data === undefined) throw new LabError(t('ws.connections.needData'))
  if (action !== 'post' && options.data !== undefined) throw new LabError(t('ws.connections.dataOnlyPost'))
  const deployed = await deployedLab(ctx, id, options)
  const endpoint = callbackUrl(deployed)
  const api = await managementClient(endpoint, deployed.target.clientConfig)
  try {
    if (action === 'list') return await list(ctx, deployed, api, options)
    return await single(ctx, api, action, connectionId!, endpoint, options)
  } finally {
    api.destroy()
  }
}

async function single(ctx: CommandContext, api: ApiGatewayManagementApiClient, action: Exclude<Action, 'list'>, connectionId: string, endpoint: string, options: ConnectionsOptions): Promise<number> {
  const sdk = await import('@aws-sdk/client-apigatewaymanagementapi')
  const out = ctx.out
  const method = { get: 'GET', delete: 'DELETE', post: 'POST' }[action]
  out.note(out.colors.dim(`${method} ${endpoint}/@connections/${encodeURIComponent(connectionId)}`))
  try {
    if (action === 'get') {
      const answer = await api.send(new sdk.GetConnectionCommand({ ConnectionId: connectionId }))
      const view = { connectedAt: answer.ConnectedAt?.toISOString(), identity: { sourceIp: answer.Identity?.SourceIp, userAgent: answer.Identity?.UserAgent }, lastActiveAt: answer.LastActiveAt?.toISOString() }
      if (options.json) return out.json(view), 0
      out.info(`${answer.$metadata.httpStatusCode ?? 200} OK`)
      out.info(JSON.stringify(view, null, 2))
    } else if (action === 'post') {
      const answer = await api.send(new sdk.PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from(options.data!, 'utf8') }))
      out.info(t('ws.connections.posted', { status: answer.$metadata.httpStatusCode ?? 200, bytes: Buffer.byteLength(options.data!) }))
    } else {
      const answer = await api.send(new sdk.DeleteConnectionCommand({ ConnectionId: connectionId }))
      out.info(t('ws.connections.deleted', { status: answer.$metadata.httpStatusCode ?? 204 }))
    }
    return 0
  } catch (error) {
    const e = describeAwsError(error)
    if (e.status === undefined) throw new LabError(t('ws.connections.unreachable', { endpoint, error: e.text }))
    out.error(e.text)
    const why = e.status === 410 ? 'ws.connections.gone' : e.status === 403 ? 'ws.connections.forbidden' : e.status === 413 ? 'ws.connections.tooLarge' : undefined
    if (why) out.note(t(why))
    return 1
  }
}

async function list(ctx: CommandContext, deployed: DeployedLab, api: ApiGatewayManagementApiClient, options: ConnectionsOptions): Promise<number> {
  const sdk = await import('@aws-sdk/client-apigatewaymanagementapi')
  const table = await labTable(deployed, options.table)
  let ids: string[]
  try {
    const key = await hashKeyOf(table, deployed.target.clientConfig)
    ids = (await scanTable(table, deployed.target.clientConfig)).map((item) => cell(item[key])).filter(Boolean)
  } catch (error) {
    throw new LabError(t('ws.table.failed', { table, error: describeAwsError(error).text }))
  }
  const rows = await Promise.all(
    ids.map(async (connectionId) => {
      try {
        const a = await api.send(new sdk.GetConnectionCommand({ ConnectionId: connectionId }))
        return { connectionId, status: String(a.$metadata.httpStatusCode ?? 200), connectedAt: a.ConnectedAt?.toISOString() ?? '', lastActiveAt: a.LastActiveAt?.toISOString() ?? '', sourceIp: a.Identity?.SourceIp ?? '', userAgent: a.Identity?.UserAgent ?? '' }
      } catch (error) {
        const e = describeAwsError(error)
        if (e.status === undefined) throw new LabError(t('ws.connections.unreachable', { endpoint: callbackUrl(deployed), error: e.text }))
        return { connectionId, status: e.text, connectedAt: '', lastActiveAt: '', sourceIp: '', userAgent: '' }
      }
    }),
  )
  if (options.json) return ctx.out.json({ table, connections: rows }), 0
  ctx.out.info(ctx.out.colors.bold(t('ws.connections.title', { table, count: rows.length })))
  if (rows.length === 0) {
    ctx.out.info(t('ws.connections.none'))
    return 0
  }
  ctx.out.table(
    // Ids come from the table and user agents from whoever connected: neither may steer the terminal.
    rows.map((r) => [r.connectionId, r.status, r.connectedAt, r.lastActiveAt, r.sourceIp, r.userAgent].map(printableLine)),
    ['connectionId', 'GET @connections', 'connectedAt', 'lastActiveAt', 'sourceIp', 'userAgent'],
  )
  if (rows.some((r) => r.status.startsWith('410'))) ctx.out.note(t('ws.connections.staleInTable'))
  return 0
}
