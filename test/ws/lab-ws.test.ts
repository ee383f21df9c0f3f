/**
 * `lab ws` as a learner runs it (the built CLI in a child process) against a real WebSocket server on loopback:
 * sent and received frames, JSON pretty-printed, the close code and reason, a refused handshake's HTTP status and
 * body, header and query options, a handshake signed with SigV4 (checked by the cloud's own verifier), the
 * `*.localhost` names Node cannot resolve, piped stdin, and bad input.
 */
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { verifySigV4 } from '../../src/cloud/edge/sigv4.js'
import { AwsError } from '../../src/cloud/core/aws-error.js'
import { closeSocket, openSocket } from '../../src/checks/ws/socket.js'
import { labCli, type LabCli } from '../e2e/helpers.js'

const KEY = { accessKeyId: 'AKIALABWSTEST0000001', secretAccessKey: 'lab-ws-test-secret-key-0000000000000000000' }
let server: http.Server
let port: number
let cli: LabCli
/** What the last handshake carried. */
let lastHandshake: { url: string; headers: http.IncomingHttpHeaders } | undefined

beforeAll(async () => {
  // Plain requests get a 404: `--endpoint` probes the endpoint before using it.
  server = http.createServer((_req, res) => res.writeHead(404).end())
  const wss = new WebSocketServer({ noServer: true })
  server.on('upgrade', (req, socket, head) => {
    lastHandshake = { url: req.url ?? '', headers: req.headers }
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname === '/endless-refusal') {
      // A 403 whose body never ends: the client must stop waiting for it (and then resets the connection).
      socket.on('error', () => {})
      socket.write('HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked\r\n\r\n')
      const chunk = 'x'.repeat(16 * 1024)
      const drip = setInterval(() => (socket.destroyed ? clearInterval(drip) : socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`)), 5)
      return
    }
    if (url.pathname === '/refuse') {
      socket.end('HTTP/1.1 403 Forbidden\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n{"message":"Forbidden"}')
      return
    }
    if (url.pathname === '/iam') {
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v
      const verdict = verifySigV4(
        { method: 'GET', rawPath: url.pathname, query: url.searchParams, headers },
        {
          service: 'execute-api',
          now: Date.now(),
          lookupSecret: (id) =>
            id === KEY.accessKeyId ? { secretAccessKey: KEY.secretAccessKey, identity: { accessKeyId: id, arn: 'arn:aws:iam::000000000000:root', userId: '000000000000', account: '000000000000' } } : undefined,
        },
      )
      if (verdict instanceof AwsError) {
        socket.end(`HTTP/1.1 403 Forbidden\r\nconnection: close\r\n\r\n{"message":"${verdict.message}"}`)
        return
      }
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (url.pathname === '/hostile') return hostile(ws)
      ws.on('message', (data) => {
        const text = data.toString()
        if (text === 'bye') return ws.close(1001, 'Going away')
        if (text === 'who') return ws.send(JSON.stringify({ query: Object.fromEntries(url.searchParams), token: req.headers['x-token'] ?? null }))
        ws.send(JSON.stringify({ echo: text, nested: { ok: true } }))
        ws.send('plain text')
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
  cli = await labCli({ AWS_ACCESS_KEY_ID: KEY.accessKeyId, AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey, AWS_REGION: 'us-east-1' })
})

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

/** Terminal control sequences a hostile server (or chat member) could send: clipboard write, clear screen, title, CSI. */
const ESCAPES = ['\u001b]52;c;ZWNobyBwd25lZA==\u0007', '\u001b[2J', '\u001b]0;title\u0007', '\u009b31m', '\r', '\u202e', '\u0008']

/** A server that answers every message with control sequences, a 2 MB message, then closes with an escape in the reason. */
function hostile(ws: import('ws').WebSocket): void {
  ws.on('message', (data) => {
    if (data.toString() === 'huge') return ws.send('h'.repeat(2 * 1024 * 1024))
    ws.send(`plain${ESCAPES.join('')}end`)
    ws.send(JSON.stringify({ text: `json${ESCAPES.join('')}end` }))
    ws.close(4000, '\u001b[31mred\u001b[0m')
  })
}

describe('lab ws', () => {
  it('sends --execute messages, prints answers (JSON pretty-printed) and the close', async () => {
    const r = await cli.run(['ws', `ws://localhost:${port}/prod`, '--execute', 'hello', '--wait', '1'])
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toContain('Connected')
    expect(r.stdout).toContain('> hello')
    expect(r.stdout).toContain('< {\n    "echo": "hello",\n    "nested": {\n      "ok": true\n    }\n  }')
    expect(r.stdout).toContain('< plain text')
    expect(r.stdout).toMatch(/Disconnected \(code: 1000 Normal Closure\)/)
  })

  it('shows the code and reason when the server closes', async () => {
    const r = await cli.run(['ws', `ws://localhost:${port}/prod`, '-x', 'bye', '-w', '5'])
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toContain('Disconnected (code: 1001 Going Away, reason: "Going away")')
  })

  it('shows the HTTP status and body of a refused handshake, and exits 1', async () => {
    const r = await cli.run(['ws', `ws://localhost:${port}/refuse`, '-x', 'hello'])
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain('error: Unexpected server response: 403 Forbidden')
    expect(r.stderr).toContain('"message": "Forbidden"')
    expect(r.stderr).toContain('$connect')
    // On AWS a wrong API id or stage is refused with 403 too, before any route runs.
    expect(r.stderr).toContain('an API id or stage that does not exist gets 403 too')
    expect(r.stderr).toContain('`lab outputs 354`')
    expect(r.stdout).not.toContain('Connected')
  })

  it('adds --header and --query to the handshake and resolves *.localhost to loopback', async () => {
    const r = await cli.run(['ws', `ws://abc123.execute-api.localhost:${port}/prod`, '-H', 'X-Token: secret 1', '--query', 'name=alice', '-x', 'who', '-w', '1'])
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toContain('"name": "alice"')
    expect(r.stdout).toContain('"token": "secret 1"')
    expect(lastHandshake?.url).toBe('/prod?name=alice')
  })

  it('sends a User-Agent naming apigw-labs and its version (GET @connections shows it); a -H User-Agent wins', async () => {
    const { version } = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
    const r = await cli.run(['ws', `ws://localhost:${port}/prod`, '-x', 'who', '-w', '1'])
    expect(r.exitCode).toBe(0)
    expect(lastHandshake?.headers['user-agent']).toBe(`apigw-labs/${version} lab-ws`)
    await cli.run(['ws', `ws://localhost:${port}/prod`, '-H', 'User-Agent: mine/1', '-x', 'who', '-w', '1'])
    expect(lastHandshake?.headers['user-agent']).toBe('mine/1')
    // The checks' clients share openSocket.
    const socket = await openSocket(`ws://localhost:${port}/prod`)
    await closeSocket(socket)
    expect(lastHandshake?.headers['user-agent']).toBe(`apigw-labs/${version} lab-ws`)
  })

  it('signs the handshake with SigV4 (execute-api) so a verifier accepts it; unsigned it is refused', async () => {
    const signed = await cli.run(['ws', `ws://abc123.execute-api.localhost:${port}/iam`, '--sign', '--endpoint', `http://127.0.0.1:${port}`, '-x', 'hi', '-w', '1'])
    expect(signed.stderr).toBe('')
    expect(signed.stdout).toContain('"echo": "hi"')
    expect(lastHandshake?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIALABWSTEST0000001\/\d{8}\/us-east-1\/execute-api\/aws4_request/)
    const unsigned = await cli.run(['ws', `ws://abc123.execute-api.localhost:${port}/iam`, '-x', 'hi'])
    expect(unsigned.exitCode).toBe(1)
    expect(unsigned.stderr).toContain('403')
  })

  it('never lets what a server sends steer the terminal: control characters are shown escaped', async () => {
    const r = await cli.run(['ws', `ws://localhost:${port}/hostile`, '-x', 'hi', '-w', '5'])
    expect(r.exitCode).toBe(0)
    for (const escape of ESCAPES) expect(r.stdout + r.stderr).not.toContain(escape)
    expect(r.stdout).toContain('< plain\\u001b]52;c;ZWNobyBwd25lZA==\\u0007\\u001b[2J')
    expect(r.stdout).toContain('"text": "json\\u001b]52;c;')
    expect(r.stdout).toContain('\\u009b31m\\u000d\\u202e\\u0008end')
    expect(r.stdout).toContain('reason: "\\u001b[31mred\\u001b[0m"')
  })

  it('takes no message over 1 MB from a server, and stops reading a refusal whose body never ends', async () => {
    const huge = await cli.run(['ws', `ws://localhost:${port}/hostile`, '-x', 'huge', '-w', '5'])
    expect(huge.exitCode).toBe(0)
    expect(huge.stderr).toContain('error: Max payload size exceeded')
    expect(huge.stdout).toMatch(/Disconnected \(code: 1006/)
    expect(huge.stdout).not.toContain('hhhhhhhhhh')
    // Without a bound on what is kept, this waits for an end that never comes.
    const endless = await cli.run(['ws', `ws://localhost:${port}/endless-refusal`, '-x', 'hi'])
    expect(endless.exitCode).toBe(1)
    expect(endless.stderr).toContain('Unexpected server response: 403')
    expect(endless.stderr.length).toBeLessThan(200 * 1024)
  })

  it('sends each line piped on stdin', async () => {
    const r = await cli.run(['ws', `ws://localhost:${port}/prod`, '-w', '1'], { input: 'one\n\ntwo\n' })
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toContain('"echo": "one"')
    expect(r.stdout).toContain('"echo": "two"')
    expect(r.stdout.match(/"echo"/g)).toHaveLength(2)
  })

  it('refuses bad input with a message and a non-zero exit, never a stack trace', async () => {
    for (const args of [['ftp://x/y'], [`ws://localhost:${port}/prod`, '-H', 'no-colon'], [`ws://localhost:${port}/prod`, '--query', '=x'], [`ws://localhost:${port}/prod`, '-w', 'soon']]) {
      const r = await cli.run(['ws', ...args])
      expect(r.exitCode, args.join(' ')).not.toBe(0)
      expect(r.stderr).not.toMatch(/\n\s+at /)
    }
    const closed = await cli.run(['ws', 'ws://localhost:1/prod', '-x', 'x'])
    expect(closed.exitCode).not.toBe(0)
    expect(closed.stderr).toContain('ECONNREFUSED')
  })
})
