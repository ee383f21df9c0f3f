/**
 * @module What answers at a loopback `--endpoint`: a local cloud of this project (its stack outputs then get
 * local URLs, as on `--target local`), some other AWS-compatible server (LocalStack…), or something that takes
 * the connection and never says a word (which would otherwise leave a command hanging with no output).
 */
import type { InstallCredentials } from '../common/install-credentials.js'
import { fetchHealth, readHealth } from './health.js'

/** A lab cloud answers in milliseconds and LocalStack in well under a second; a silent peer gets this long. */
export const PROBE_TIMEOUT_MS = 5_000

export type EndpointProbe =
  | { kind: 'lab-cloud'; port: number; /** Its LAB_HOME/cloud, when it accepted this LAB_HOME's credentials. */ dataDir?: string }
  /** Answered, refused or failed in some other way: the SDK calls that follow report it in their own words. */
  | { kind: 'other' }
  | { kind: 'silent'; seconds: number }

/**
 * GET /_lab/health on the endpoint's host, with a deadline for the whole answer; signed with `credentials`
 * (this LAB_HOME's) when given, so that this LAB_HOME's cloud says where its data is.
 */
export function probeEndpoint(endpoint: URL, timeoutMs = PROBE_TIMEOUT_MS, credentials?: InstallCredentials): Promise<EndpointProbe> {
  const port = Number(endpoint.port || (endpoint.protocol === 'https:' ? 443 : 80))
  return new Promise((resolve) => {
    let settled = false
    let request: { destroy(): void } | undefined
    const settle = (probe: EndpointProbe) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      request?.destroy()
      resolve(probe)
    }
    // A whole-answer deadline rather than a socket idle timeout: a peer that trickles bytes is silent too.
    const timer = setTimeout(() => settle({ kind: 'silent', seconds: timeoutMs / 1000 }), timeoutMs)
    fetchHealth({ url: endpoint, credentials, onRequest: (req) => (settled ? req.destroy() : (request = req)) }).then((answer) => {
      const health = answer && readHealth(answer.status, answer.body)
      settle(health ? { kind: 'lab-cloud', port, dataDir: health.dataDir } : { kind: 'other' })
    }, () => settle({ kind: 'other' }))
  })
}
