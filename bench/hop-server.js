// Ceiling for any process-isolated sandbox: the bare server, but each request's handler runs in one of a few
// child processes (as many as the cloud keeps per function) over Node's IPC channel — no API Gateway, no Lambda
// emulation. The cloud's proxy cannot beat this on the same machine; the gap to it is the emulation's own cost.
import { fork } from 'node:child_process'
import http from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { MAX_SANDBOXES_PER_FUNCTION } from '../dist/cloud/services/lambda/runtimes/index.js'

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/hop-child.js')
const idle = []
const waiting = []
const pending = new Map()
let nextId = 0
for (let i = 0; i < MAX_SANDBOXES_PER_FUNCTION; i++) {
  const sandbox = fork(child, [], { serialization: 'json' })
  sandbox.on('message', ({ id, payload }) => {
    pending.get(id)(payload)
    pending.delete(id)
    const next = waiting.shift()
    if (next) next(sandbox)
    else idle.push(sandbox)
  })
  idle.push(sandbox)
}

const server = http.createServer(async (req, res) => {
  const chunks = []
  for await (const chunk of req) chunks.push(chunk)
  const sandbox = idle.pop() ?? (await new Promise((resolve) => waiting.push(resolve)))
  const event = JSON.stringify({ path: req.url, httpMethod: req.method, body: Buffer.concat(chunks).toString() })
  const payload = await new Promise((resolve) => {
    const id = ++nextId
    pending.set(id, resolve)
    sandbox.send({ id, event })
  })
  const result = JSON.parse(payload)
  res.writeHead(result.statusCode, result.headers)
  res.end(result.body)
})
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }))
process.on('SIGTERM', () => process.exit(0))
