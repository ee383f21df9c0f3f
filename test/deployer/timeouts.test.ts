/**
 * A peer that takes the connection and never answers: the SDK clients give up (they used to wait 15 minutes per
 * attempt) and the learner reads who did not answer, for how long. Loopback only.
 */
import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation'
import { asLabError } from '../../src/deployer/errors.js'
import { resolveTarget } from '../../src/deployer/index.js'
import { probeEndpoint } from '../../src/deployer/endpoint-probe.js'
import { CONNECT_TIMEOUT_MS, IDLE_TIMEOUT_MS, REQUEST_HANDLER } from '../../src/deployer/timeouts.js'
import type { Target } from '../../src/deployer/types.js'
import { LabError } from '../../src/runner/errors.js'

let silent: net.Server
let silentUrl: string
const sockets = new Set<net.Socket>()

beforeAll(async () => {
  // Accepts, reads, never writes: what QA reproduced with a bare python socket.
  silent = net.createServer((socket) => void sockets.add(socket.on('data', () => {})))
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
  silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`
})
afterAll(async () => {
  for (const socket of sockets) socket.destroy()
  await new Promise((resolve) => silent.close(resolve))
})

describe('timeouts', () => {
  it('every target gives its clients the connect and idle timeouts', async () => {
    expect(REQUEST_HANDLER).toEqual({ connectionTimeout: CONNECT_TIMEOUT_MS, socketTimeout: IDLE_TIMEOUT_MS })
    const other = http.createServer((_req, res) => res.writeHead(404).end())
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve))
    try {
      const target = await resolveTarget({ endpoint: `http://127.0.0.1:${(other.address() as AddressInfo).port}` })
      expect(target.clientConfig.requestHandler).toBe(REQUEST_HANDLER)
    } finally {
      other.close()
    }
  })

  it('an --endpoint on loopback that never answers is refused within seconds, naming it', async () => {
    const started = Date.now()
    const err = await resolveTarget({ endpoint: silentUrl }).catch((e) => e)
    expect(err).toBeInstanceOf(LabError)
    expect(err.message).toMatch(new RegExp(`^No answer from ${silentUrl} within 5 s: it accepted the connection but did not respond\\.`))
    expect(Date.now() - started).toBeLessThan(8_000)
  })

  it('the probe tells a silent peer from one that refuses', async () => {
    expect(await probeEndpoint(new URL(silentUrl), 200)).toEqual({ kind: 'silent', seconds: 0.2 })
    const closed = net.createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    expect(await probeEndpoint(new URL(`http://127.0.0.1:${port}`), 200)).toEqual({ kind: 'other' })
  })

  it('an SDK call that gets no answer becomes "No answer from <endpoint> within N s"', async () => {
    const target = { kind: 'endpoint', region: 'us-east-1', endpoint: silentUrl, clientConfig: {}, describe: '' } as Target
    // The real handler with a short idle timeout, one attempt: the error the SDK throws after a silent minute.
    const cfn = new CloudFormationClient({
      endpoint: silentUrl,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      requestHandler: { ...REQUEST_HANDLER, socketTimeout: 300 },
      maxAttempts: 1,
    })
    try {
      const err = await cfn.send(new DescribeStacksCommand({})).catch((e) => e)
      expect(err.name).toBe('TimeoutError')
      const mapped = asLabError(err, target) as LabError
      expect(mapped).toBeInstanceOf(LabError)
      expect(mapped.message).toMatch(new RegExp(`^No answer from ${silentUrl} within ${IDLE_TIMEOUT_MS / 1000} s`))
    } finally {
      cfn.destroy()
    }
  })

  it('a connect that does not complete in time says so, and names AWS by region', () => {
    const target = { kind: 'aws', region: 'eu-west-1', clientConfig: {}, describe: '' } as Target
    const err = Object.assign(new Error('@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 5000 ms.'), { name: 'TimeoutError' })
    expect((asLabError(err, target) as LabError).message).toBe(
      'Could not connect to AWS (eu-west-1) within 5 s: check the network (and, for --endpoint, the address and that the server is running).',
    )
  })
})
