/**
 * @module The parts of a `websocket` check after the clients connected: what they received, a stale connection
 * in the table, the `@connections` API on client 1, and the table after the clients closed. Each returns the
 * failure's message, or undefined when its part holds.
 */
import { randomBytes } from 'node:crypto'
import { t } from '../../ui/i18n.js'
import { readJsonPath } from './http.js'
import { closeClients, tableIds, until, type Client } from '../ws/clients.js'
import { deleteItem, describeAwsError, managementClient, putItem } from '../ws/aws-calls.js'
import type { WsRun } from './websocket.js'

const seconds = (ms: number) => Math.round(ms / 100) / 10

/** API Gateway's answer to a message no route took (no `$default`): `{"message": "Forbidden", …}`. */
function forbiddenFrame(client: Client): string | undefined {
  return client.frames.find((f) => {
    try {
      return (JSON.parse(f.text) as { message?: unknown }).message === 'Forbidden'
    } catch {
      return false
    }
  })?.text
}

function matchesSender(text: string, want: { contains?: string; jsonPath?: string }): boolean {
  if (want.contains !== undefined && !text.includes(want.contains)) return false
  if (want.jsonPath !== undefined) {
    try {
      if (!readJsonPath(JSON.parse(text), want.jsonPath).found) return false
    } catch {
      return false
    }
  }
  return true
}

/** everyClientReceives, senderReceives and noFrameContains. */
export async function receiptSteps(run: WsRun): Promise<string | undefined> {
  const { clients, expect, waitMs } = run
  const every = typeof expect.everyClientReceives === 'string' ? expect.everyClientReceives : undefined
  const sender = expect.senderReceives as { contains?: string; jsonPath?: string } | undefined
  const forbidden = typeof expect.noFrameContains === 'string' ? expect.noFrameContains : undefined
  const got = (c: Client) => every === undefined || c.frames.some((f) => f.text === every)
  const senderGot = () => !sender || clients[0].frames.some((f) => matchesSender(f.text, sender))
  const bad = () => (forbidden === undefined ? undefined : clients.find((c) => c.frames.some((f) => f.text.includes(forbidden))))
  if (every !== undefined || sender) await until(() => (clients.every(got) && senderGot()) || Boolean(bad()), waitMs)
  // An error frame comes after the function ends, so give it a moment once the rest arrived.
  if (forbidden !== undefined) await until(() => Boolean(bad()), Math.min(1500, waitMs))

  for (const client of clients) {
    const frame = forbiddenFrame(client)
    if (frame && (every !== undefined || (sender && client.number === 1))) return t('checks.ws.forbidden', { client: client.number, frame })
  }
  const wrong = bad()
  if (wrong) return t('checks.ws.badFrame', { client: wrong.number, frame: wrong.frames.find((f) => f.text.includes(forbidden!))!.text })
  const missing = clients.find((c) => !got(c))
  if (missing) return t('checks.ws.noReceipt', { client: missing.number, text: every!, seconds: seconds(waitMs) })
  if (!senderGot()) return t('checks.ws.noAnswer', { seconds: seconds(waitMs) })
  return undefined
}

/**
 * Put an item for a connection that does not exist (a client that vanished without `$disconnect`); `verify`
 * after the send: it must be gone and every open client's item still there.
 */
export async function staleStep(run: WsRun): Promise<{ verify(): Promise<string | undefined>; cleanup(): Promise<void> }> {
  const table = run.table!
  // Shaped like API Gateway's ids (16 characters, base64url with one '='), so only "gone" sets it apart.
  const staleId = `${randomBytes(11).toString('base64url')}=`
  await putItem(table.name, { [table.key]: staleId, name: 'vanished', connectedAt: new Date(Date.now() - 60_000).toISOString() }, table.config)
  return {
    async verify() {
      let ids = new Set<string>()
      await until(async () => {
        ids = await tableIds(table)
        return !ids.has(staleId) || run.clients.some((c) => c.connectionId && !ids.has(c.connectionId))
      }, run.waitMs, 200)
      const deleted = run.clients.find((c) => c.connectionId && !ids.has(c.connectionId))
      if (deleted) return t('checks.ws.liveDeleted', { client: deleted.number, id: deleted.connectionId!, table: table.name })
      if (ids.has(staleId)) return t('checks.ws.staleKept', { id: staleId, table: table.name, seconds: seconds(run.waitMs) })
      return undefined
    },
    async cleanup() {
      await deleteItem(table.name, { [table.key]: staleId }, table.config).catch(() => undefined)
    },
  }
}

/** GET, POST and DELETE @connections/{client 1}, then GET again: 410. */
export async function managementStep(run: WsRun, callbackUrl: string): Promise<string | undefined> {
  const client = run.clients[0]
  if (!client.connectionId) return t('checks.ws.noItem', { client: 1, table: run.table!.name })
  const id = client.connectionId
  const sdk = await import('@aws-sdk/client-apigatewaymanagementapi')
  const api = await managementClient(callbackUrl, { ...run.ctx.aws })
  const call = async <T>(what: string, send: () => Promise<T>): Promise<T | string> => {
    try {
      return await send()
    } catch (error) {
      return t('checks.ws.mgmt.failed', { call: `${what} ${callbackUrl}/@connections/${id}`, error: describeAwsError(error).text })
    }
  }
  try {
    const got = await call('GET', () => api.send(new sdk.GetConnectionCommand({ ConnectionId: id })))
    if (typeof got === 'string') return got
    if (!got.ConnectedAt) return t('checks.ws.mgmt.noConnectedAt', { url: callbackUrl })
    const text = `lab check ${run.nonce}`
    const posted = await call('POST', () => api.send(new sdk.PostToConnectionCommand({ ConnectionId: id, Data: Buffer.from(text) })))
    if (typeof posted === 'string') return posted
    if (!(await until(() => client.frames.some((f) => f.text === text), run.waitMs))) return t('checks.ws.noReceipt', { client: 1, text, seconds: seconds(run.waitMs) })
    const deleted = await call('DELETE', () => api.send(new sdk.DeleteConnectionCommand({ ConnectionId: id })))
    if (typeof deleted === 'string') return deleted
    if (!(await until(() => client.closed !== undefined, run.waitMs))) return t('checks.ws.mgmt.notClosed', { seconds: seconds(run.waitMs) })
    const again = await call('GET', () => api.send(new sdk.GetConnectionCommand({ ConnectionId: id })))
    if (typeof again !== 'string') return t('checks.ws.mgmt.notGone', { id })
    if (!again.includes('410')) return again
    return undefined
  } finally {
    api.destroy()
  }
}

/** Close every client; their items must leave the table ($disconnect). */
export async function goneAfterCloseStep(run: WsRun): Promise<string | undefined> {
  const table = run.table!
  const unknown = run.clients.find((c) => !c.connectionId)
  if (unknown) return t('checks.ws.noItem', { client: unknown.number, table: table.name })
  await closeClients(run.clients)
  let left: string[] = []
  await until(async () => {
    const ids = await tableIds(table)
    left = run.clients.map((c) => c.connectionId!).filter((id) => ids.has(id))
    return left.length === 0
  }, run.waitMs, 200)
  if (left.length) return t('checks.ws.itemKept', { ids: left.join(', '), table: table.name, seconds: seconds(run.waitMs) })
  return undefined
}
