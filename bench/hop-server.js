// The cost of process isolation alone: the bare server, but each request's handler runs in one of a few child
// processes over Node's IPC channel, dispatched as the cloud's sandbox pool does (as many children as it keeps
// per function; an idle one first, else a busy one's pipe up to the same depth, else wait) — no API Gateway,
// no Lambda emulation. The gap between this row and the cloud's is the emulation's own cost.
// With the argument `proxy-event` each request carries API Gateway's real payload 1.0 event (1.3 KB of JSON, from
// fixtures/proxy-event-1.0.json, with this request's path, id and time) instead of a three-field one: the cost of
// isolating the handler from the server with the payload a faithful emulation must send, and nothing else.
import { fork } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { MAX_SANDBOXES_PER_FUNCTION } from '../dist/cloud/services/lambda/runtimes/index.js'
import { PIPELINE_DEPTH } from '../dist/cloud/services/lambda/runtimes/pool.js'

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures')
const child = path.join(fixtures, 'hop-child.js')
const proxyEvent = process.argv[2] === 'proxy-event' ? JSON.parse(fs.readFileSync(path.join(fixtures, 'proxy-event-1.0.json'), 'utf8')) : undefined
const sandboxes = []
const waiting = []
const pending = new Map()
let nextId = 0

for (let i = 0; i < MAX_SANDBOXES_PER_FUNCTION; i++) {
  const sandbox = { process: fork(child, [], { serialization: 'json' }), inflight: 0 }
  sandbox.process.on('message', ({ id, payload }) => {
    sandbox.inflight--
    pending.get(id)(payload)
    pending.delete(id)
    if (waiting.length) dispatch(waiting.shift())
  })
  sandboxes.push(sandbox)
}

function pick() {
  let best
  for (const sandbox of sandboxes) if (sandbox.inflight < PIPELINE_DEPTH && (!best || sandbox.inflight < best.inflight)) best = sandbox
  return best
}

function dispatch(job) {
  const sandbox = pick()
  if (!sandbox) return waiting.push(job)
  sandbox.inflight++
  const id = ++nextId
  pending.set(id, job.resolve)
  sandbox.process.send({ id, event: job.event })
}

const server = http.createServer(async (req, res) => {
  const chunks = []
  for await (const chunk of req) chunks.push(chunk)
  const body = Buffer.concat(chunks).toString()
  const event = JSON.stringify(
    proxyEvent
      ? { ...proxyEvent, path: req.url, body: body || null, requestContext: { ...proxyEvent.requestContext, requestId: randomUUID(), requestTimeEpoch: Date.now() } }
      : { path: req.url, httpMethod: req.method, body },
  )
  const payload = await new Promise((resolve) => dispatch({ event, resolve }))
  const result = JSON.parse(payload)
  res.writeHead(result.statusCode, result.headers)
  res.end(result.body)
})
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }))
process.on('SIGTERM', () => process.exit(0))
