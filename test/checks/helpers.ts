/** A tiny loopback HTTP server whose answers a test scripts, recording what it received. */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  body: string
}

export interface Answer {
  status?: number
  headers?: Record<string, string | string[]>
  body?: string
}

export interface ScriptedServer {
  port: number
  received: Received[]
  /** Set how the server answers (per request). */
  answer: (req: Received) => Answer
  close(): Promise<void>
}

export async function startScriptedServer(): Promise<ScriptedServer> {
  const state: ScriptedServer = {
    port: 0,
    received: [],
    answer: () => ({ status: 200 }),
    close: async () => undefined,
  }
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => {
      const received = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() }
      state.received.push(received)
      const answer = state.answer(received)
      res.writeHead(answer.status ?? 200, answer.headers ?? {})
      res.end(answer.body ?? '')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  state.port = (server.address() as AddressInfo).port
  state.close = () => new Promise((resolve) => server.close(() => resolve()))
  return state
}
