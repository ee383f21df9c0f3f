/**
 * @module Several WebSocket clients of one API, as the learner's terminals are: each keeps every frame it
 * received and how it was closed, and (given the connections table) learns its own connectionId from the item
 * its `$connect` wrote. Used by the `websocket` check kind and the chat bench.
 */
import type WebSocket from 'ws'
import { t } from '../../ui/i18n.js'
import { printableLine } from '../../ui/terminal-text.js'
import { closeSocket, frameText, openSocket, type OpenOptions } from './socket.js'
import { hashKeyOf, scanTable, type ClientConfig } from './aws-calls.js'

export interface Frame {
  text: string
  at: number
}

export interface Client {
  /** 1-based, as the reports name them ("client 2"). */
  number: number
  socket: WebSocket
  frames: Frame[]
  /** Its connectionId, when the table told it. */
  connectionId?: string
  closed?: { code: number; reason: string }
}

export interface TableView {
  name: string
  config: ClientConfig
  key: string
}

export async function tableView(name: string, config: ClientConfig): Promise<TableView> {
  return { name, config, key: await hashKeyOf(name, config) }
}

/** The key values in the table now. */
export async function tableIds(table: TableView): Promise<Set<string>> {
  return new Set((await scanTable(table.name, table.config)).map((item) => String(item[table.key])))
}

/** Poll until `done()` holds or `timeoutMs` passes; the last value of `done()`. */
export async function until(done: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await done()) return true
    if (Date.now() >= deadline) return false
    await new Promise((resolve) => setTimeout(resolve, stepMs))
  }
}

/** Open a client and keep what it receives. */
export async function openClient(number: number, url: string, options: OpenOptions = {}): Promise<Client> {
  const socket = await openSocket(url, options)
  const client: Client = { number, socket, frames: [] }
  socket.on('message', (data, isBinary) => client.frames.push({ text: frameText(data, isBinary), at: Date.now() }))
  socket.once('close', (code, reason) => (client.closed = { code, reason: reason.toString('utf8') }))
  return client
}

/**
 * Open `count` clients one after another. With a table, each client's connectionId is the one new key that
 * appeared after it connected (`$connect` finished writing before the handshake completed); other clients (the
 * learner's own terminals) may come and go meanwhile, so only a single new key is taken as the client's.
 */
export async function openClients(count: number, url: string, table: TableView | undefined, options: OpenOptions = {}, settleMs = 2000): Promise<Client[]> {
  const clients: Client[] = []
  try {
    let known = table ? await tableIds(table) : new Set<string>()
    for (let n = 1; n <= count; n++) {
      const client = await openClient(n, url, options)
      clients.push(client)
      if (!table) continue
      let fresh: string[] = []
      await until(async () => {
        const now = await tableIds(table)
        fresh = [...now].filter((id) => !known.has(id))
        return fresh.length > 0
      }, settleMs)
      if (fresh.length === 1) client.connectionId = fresh[0]
      known = new Set([...known, ...fresh])
    }
  } catch (error) {
    await closeClients(clients)
    throw error
  }
  return clients
}

export async function closeClients(clients: Client[]): Promise<void> {
  await Promise.all(clients.map((c) => closeSocket(c.socket)))
}

/** What each client received, for a report. */
export function describeFrames(clients: Client[]): string {
  return clients
    .map((c) => {
      const frames = c.frames.length ? c.frames.map((f) => `    < ${printableLine(f.text.length > 300 ? `${f.text.slice(0, 300)}…` : f.text)}`).join('\n') : `    ${t('checks.ws.response.nothing')}`
      return `${t('checks.ws.response.client', { client: c.number, id: c.connectionId ? ` (${c.connectionId})` : '' })}\n${frames}`
    })
    .join('\n')
}
