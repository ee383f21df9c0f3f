/**
 * @module What answers at a loopback `--endpoint`: a local cloud of this project (its stack outputs then get
 * local URLs, as on `--target local`), some other AWS-compatible server (LocalStack…), or something that takes
 * the connection and never says a word (which would otherwise leave a command hanging with no output).
 */
import http from 'node:http'
import https from 'node:https'
import { readHealth } from './local-cloud.js'

/** A lab cloud answers in milliseconds and LocalStack in well under a second; a silent peer gets this long. */
export const PROBE_TIMEOUT_MS = 5_000

export type EndpointProbe =
  | { kind: 'lab-cloud'; port: number; /** Its LAB_HOME/cloud, where its credentials are. */ dataDir?: string }
  /** Answered, refused or failed in some other way: the SDK calls that follow report it in their own words. */
  | { kind: 'other' }
  | { kind: 'silent'; seconds: number }

/** GET /_lab/health on the endpoint's host, with a deadline for the whole answer. */
export function probeEndpoint(endpoint: URL, timeoutMs = PROBE_TIMEOUT_MS): Promise<EndpointProbe> {
  const port = Number(endpoint.port || (endpoint.protocol === 'https:' ? 443 : 80))
  const client = endpoint.protocol === 'https:' ? https : http
  return new Promise((resolve) => {
    let settled = false
    const settle = (probe: EndpointProbe) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      req.destroy()
      resolve(probe)
    }
    // A whole-answer deadline rather than a socket idle timeout: a peer that trickles bytes is silent too.
    const timer = setTimeout(() => settle({ kind: 'silent', seconds: timeoutMs / 1000 }), timeoutMs)
    const host = endpoint.hostname.replace(/^\[(.*)\]$/, '$1')
    const req = client.get({ host, port, path: '/_lab/health', agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        // A health answer is tiny; anything large is not ours (and need not be read).
        body += chunk
        if (body.length > 64 * 1024) settle({ kind: 'other' })
      })
      res.on('error', () => settle({ kind: 'other' }))
      res.on('end', () => {
        const health = readHealth(res.statusCode, body)
        settle(health ? { kind: 'lab-cloud', port, dataDir: health.dataDir } : { kind: 'other' })
      })
    })
    req.on('error', () => settle({ kind: 'other' }))
  })
}
