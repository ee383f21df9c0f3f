// The lab 354 chat under load: N clients connected to the deployed solution (every $connect runs a Lambda that
// writes to DynamoDB), then one sendmessage at a time (a Lambda scans the table and POSTs to every connection
// through @connections). Measured side by side with a bare `ws` server that broadcasts in-process, the floor of
// what any WebSocket broadcast costs on this machine.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { WebSocketServer } from 'ws'
import { freePort } from '../dist/common/free-port.js'
import { closeClients, openClient, until } from '../dist/checks/ws/clients.js'

const SENDS = Number(process.env.BENCH_CHAT_SENDS ?? 20)
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]

function lab(root, args, env) {
  const result = spawnSync(process.execPath, [path.join(root, 'bin/lab.js'), ...args], { env: { ...process.env, ...env, NO_COLOR: '1' }, encoding: 'utf8' })
  if (result.status !== 0 && !args.includes('check')) throw new Error(`lab ${args.join(' ')}: ${result.stderr || result.stdout}`)
  return result.stdout
}

/** Open `count` clients, 20 handshakes in flight at a time; the connect rate is clients per second of wall time. */
async function connect(url, count) {
  const clients = []
  const started = performance.now()
  for (let i = 0; i < count; i += 20) {
    const batch = await Promise.all(Array.from({ length: Math.min(20, count - i) }, (_, j) => openClient(i + j + 1, url)))
    clients.push(...batch)
  }
  return { clients, rate: count / ((performance.now() - started) / 1000) }
}

/** Client 1 sends `SENDS` messages one after another; each is timed from the send to its last receipt. */
async function broadcastTimes(clients, message) {
  const times = []
  for (let n = 0; n < SENDS; n++) {
    const text = `bench ${n} ${Math.random().toString(36).slice(2)}`
    // Frames are stamped with Date.now() when they arrive.
    const started = Date.now()
    clients[0].socket.send(message(text))
    const all = await until(() => clients.every((c) => c.frames.some((f) => f.text === text)), 10_000, 1)
    if (!all) throw new Error(`send ${n}: not every client received it within 10 s`)
    const last = Math.max(...clients.map((c) => c.frames.find((f) => f.text === text).at))
    times.push(last - started)
    for (const c of clients) c.frames.length = 0
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) }
}

async function measure(url, count, message) {
  const { clients, rate } = await connect(url, count)
  try {
    return { rate, ...(await broadcastTimes(clients, message)) }
  } finally {
    await closeClients(clients)
  }
}

function bareServer() {
  return new Promise((resolve) => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false })
    wss.on('connection', (ws) => ws.on('message', (data) => { for (const c of wss.clients) c.send(JSON.parse(data).data) }))
    wss.on('listening', () => resolve({ url: `ws://127.0.0.1:${wss.address().port}/prod`, close: () => new Promise((r) => wss.close(r)) }))
  })
}

export async function chatBenchmarks(report, root) {
  console.log('\nWebSocket chat (lab 354 solution)')
  const env = { LAB_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'lab-bench-chat-')), LAB_CLOUD_PORT: String(await freePort()) }
  const bare = await bareServer()
  try {
    lab(root, ['start', '354', '--yes'], env)
    lab(root, ['solve', '354', '--yes'], env)
    const url = JSON.parse(lab(root, ['outputs', '354', '--json'], env)).WebSocketURL
    const send = (text) => JSON.stringify({ action: 'sendmessage', data: text })
    // Warm-up: the functions' first sandboxes start here, not in the measurement.
    await measure(url, 5, send)
    for (const count of [50, 200]) {
      const chat = await measure(url, count, send)
      const floor = await measure(bare.url, count, send)
      const target = count === 200 ? 'p50 ≤ 250 ms' : undefined
      report(
        `chat, ${count} clients: send → last receipt; connect rate`,
        `p50 ${chat.p50.toFixed(0)} ms, p95 ${chat.p95.toFixed(0)} ms; ${chat.rate.toFixed(0)} connects/s ` +
          `(bare ws broadcast: p50 ${floor.p50.toFixed(1)} ms, p95 ${floor.p95.toFixed(1)} ms; ${floor.rate.toFixed(0)} connects/s)`,
        target,
        count === 200 ? chat.p50 <= 250 : undefined,
      )
    }
  } catch (error) {
    report('chat', `could not run: ${error.message.split('\n')[0]}`)
  } finally {
    await bare.close()
    spawnSync(process.execPath, [path.join(root, 'bin/lab.js'), 'teardown', '354', '--yes'], { env: { ...process.env, ...env } })
    spawnSync(process.execPath, [path.join(root, 'bin/lab.js'), 'cloud', 'stop'], { env: { ...process.env, ...env } })
    fs.rmSync(env.LAB_HOME, { recursive: true, force: true })
  }
}
