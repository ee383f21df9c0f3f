/**
 * @module `kind: websocket`: open clients to a WebSocket API (as several terminals would), optionally send a
 * message from client 1, and compare what arrived, the connections table and the `@connections` API with
 * lab.yaml's expectations. `{nonce}` in `send` and the expected texts is one fresh value per run.
 *
 * ```yaml
 * url: "${outputs.WebSocketURL}"
 * clients: 3
 * table: "${outputs.ConnectionsTableName}"   # for the table expectations, stale items and the @connections steps
 * callbackUrl: "${outputs.CallbackURL}"      # for expect.management
 * send: '{"action":"sendmessage","data":"hello {nonce}"}'
 * staleConnection: true                      # before sending: an item for a connection that no longer exists
 * waitMs: 5000
 * expect:
 *   handshake: 101                           # or the status a refused handshake must carry
 *   itemWhileOpen: true                      # every client has an item while it is open
 *   itemGoneAfterClose: true                 # and none once it closed ($disconnect)
 *   everyClientReceives: "hello {nonce}"     # each client gets a frame with exactly this text
 *   senderReceives: { contains: "…", jsonPath: "$.connectionId" }
 *   noFrameContains: "Internal server error"
 *   management: true                         # GET / POST / DELETE @connections on client 1, then 410
 * ```
 */
import { randomBytes } from 'node:crypto'
import { t } from '../../ui/i18n.js'
import type { CheckContext, CheckSpec } from '../types.js'
import { HandshakeRefused, ConnectFailed } from '../ws/socket.js'
import { closeClients, describeFrames, openClients, tableView, type Client, type TableView } from '../ws/clients.js'
import { expectField, field, type CheckKind, type KindResult } from './kind.js'
import { staleStep, managementStep, goneAfterCloseStep, receiptSteps } from './websocket-steps.js'

const EXPECT_FIELDS: [string, 'number' | 'boolean' | 'string' | 'mapping'][] = [
  ['expect.handshake', 'number'],
  ['expect.itemWhileOpen', 'boolean'],
  ['expect.itemGoneAfterClose', 'boolean'],
  ['expect.everyClientReceives', 'string'],
  ['expect.senderReceives', 'mapping'],
  ['expect.senderReceives.contains', 'string'],
  ['expect.senderReceives.jsonPath', 'string'],
  ['expect.noFrameContains', 'string'],
  ['expect.management', 'boolean'],
]

function validate(spec: CheckSpec): string[] {
  const errors: string[] = []
  expectField(errors, spec, 'url', 'string', true)
  expectField(errors, spec, 'clients', 'number')
  expectField(errors, spec, 'table', 'string')
  expectField(errors, spec, 'callbackUrl', 'string')
  expectField(errors, spec, 'send', 'string')
  expectField(errors, spec, 'staleConnection', 'boolean')
  expectField(errors, spec, 'waitMs', 'number')
  expectField(errors, spec, 'expect', 'mapping', true)
  for (const [path, type] of EXPECT_FIELDS) expectField(errors, spec, path, type)
  const clients = field(spec, 'clients')
  if (clients !== undefined && (typeof clients !== 'number' || !Number.isInteger(clients) || clients < 1 || clients > 10)) {
    errors.push(t('checks.spec.badValue', { id: spec.id, field: 'clients', problem: 'must be a whole number from 1 to 10' }))
  }
  const needsTable = ['expect.itemWhileOpen', 'expect.itemGoneAfterClose', 'expect.management', 'staleConnection'].filter((path) => field(spec, path) === true)
  if (needsTable.length && typeof spec.table !== 'string') {
    errors.push(t('checks.spec.badValue', { id: spec.id, field: 'table', problem: `is needed by ${needsTable.join(', ')}` }))
  }
  if (field(spec, 'expect.management') === true && typeof spec.callbackUrl !== 'string') {
    errors.push(t('checks.spec.badValue', { id: spec.id, field: 'callbackUrl', problem: 'is needed by expect.management' }))
  }
  return errors
}

export interface WsRun {
  spec: CheckSpec
  ctx: CheckContext
  url: string
  clients: Client[]
  table?: TableView
  waitMs: number
  nonce: string
  expect: Record<string, unknown>
  /** `request` of a failure: who connected, what was sent. */
  request: string
}

async function run(spec: CheckSpec, ctx: CheckContext): Promise<KindResult> {
  const nonce = randomBytes(4).toString('hex')
  const fill = (text: string) => text.replaceAll('{nonce}', nonce)
  const url = String(spec.url)
  const count = typeof spec.clients === 'number' ? spec.clients : 1
  const expect = (spec.expect ?? {}) as Record<string, unknown>
  const waitMs = typeof spec.waitMs === 'number' ? spec.waitMs : 5000
  const send = typeof spec.send === 'string' ? fill(spec.send) : undefined
  const why = typeof spec.why === 'string' ? spec.why : undefined
  const request = [t('checks.ws.request.clients', { count, url }), ...(send ? [t('checks.ws.request.sent', { message: send })] : [])].join('\n')
  const wantStatus = typeof expect.handshake === 'number' ? expect.handshake : 101

  let table: TableView | undefined
  let clients: Client[] = []
  try {
    if (typeof spec.table === 'string') {
      if (!ctx.aws) return { passed: false, message: t('checks.ws.noAws'), request }
      table = await tableView(spec.table, { ...ctx.aws })
    }
    clients = await openClients(wantStatus === 101 ? count : 1, url, table)
  } catch (error) {
    if (error instanceof HandshakeRefused) {
      if (error.status === wantStatus) return { passed: true, message: t('checks.ws.refusedAsExpected', { status: error.status }) }
      return { passed: false, message: t('checks.ws.refused', { url, status: error.status }), request, response: `${error.status} ${error.statusText}\n${error.body}`.trim(), why: t('ws.refused', { status: error.status }), status: error.status }
    }
    if (error instanceof ConnectFailed) return { passed: false, message: t('ws.connectFailed', { url, reason: error.reason }), request, why: why ?? t('checks.networkError.why') }
    return { passed: false, message: t('ws.table.failed', { table: String(spec.table), error: (error as Error).message }), request, why }
  }
  const state: WsRun = { spec, ctx, url, clients, table, waitMs, nonce, expect: { ...expect, everyClientReceives: typeof expect.everyClientReceives === 'string' ? fill(expect.everyClientReceives) : undefined }, request }
  const fail = (message: string): KindResult => ({ passed: false, message, request, response: describeFrames(clients), why })
  let cleanup: (() => Promise<void>) | undefined
  try {
    if (wantStatus !== 101) return fail(t('checks.ws.notRefused', { url, status: wantStatus }))
    if (expect.itemWhileOpen === true) {
      const missing = clients.find((c) => !c.connectionId)
      if (missing) return fail(t('checks.ws.noItem', { client: missing.number, table: table!.name }))
    }
    const stale = spec.staleConnection === true ? await staleStep(state) : undefined
    cleanup = stale?.cleanup
    if (send) clients[0].socket.send(send)
    // What the clients saw comes first: it is what the learner sees in the terminals.
    const received = await receiptSteps(state)
    if (received) return fail(received)
    const kept = await stale?.verify()
    if (kept) return fail(kept)
    if (expect.management === true) {
      const problem = await managementStep(state, String(spec.callbackUrl))
      if (problem) return fail(problem)
    }
    if (expect.itemGoneAfterClose === true) {
      const problem = await goneAfterCloseStep(state)
      if (problem) return fail(problem)
    }
    return { passed: true, message: t('checks.ws.passed', { count: clients.length, url }) }
  } finally {
    await closeClients(clients)
    await cleanup?.()
  }
}

export const websocketKind: CheckKind = { validate, run }
