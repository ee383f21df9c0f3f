/**
 * The bytes of invocations waiting for a sandbox are bounded, all functions together: past the bound an invocation
 * is refused at once with Lambda's throttling answer (429 TooManyRequestsException, Reason
 * ConcurrentInvocationLimitExceeded, "Rate Exceeded."), and the bytes come back as the waiting ones run.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { AwsError } from '../../src/cloud/core/aws-error.js'
import type { CloudContext } from '../../src/cloud/core/types.js'
import { renderError } from '../../src/cloud/protocols/errors.js'
import { storeZip } from '../../src/cloud/services/lambda/code.js'
import type { FunctionRecord } from '../../src/cloud/services/lambda/model.js'
import { Runtimes } from '../../src/cloud/services/lambda/runtimes/index.js'
import { SandboxPool } from '../../src/cloud/services/lambda/runtimes/pool.js'
import { QUEUED_INVOCATION_OVERHEAD, QueueBudget, throttled } from '../../src/cloud/services/lambda/runtimes/queue-budget.js'
import { CredentialAuthority } from '../../src/cloud/services/sts/sessions.js'
import { loadOrCreateInstallCredentials } from '../../src/common/install-credentials.js'
import { zip } from '../fixtures/lambda/zip.js'

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-queue-'))
const credentials = new CredentialAuthority(loadOrCreateInstallCredentials(dataDir), '000000000000', dataDir)
const ctx = { dataDir, endpoint: 'http://localhost:9', accountId: '000000000000', defaultRegion: 'us-east-1', credentials, log: () => {} } as unknown as CloudContext
const runtimes = new Runtimes(ctx)
runtimes.start()
afterAll(() => runtimes.stop())

const fn: FunctionRecord = {
  region: 'us-east-1', account: '000000000000', name: 'queued', runtime: 'nodejs22.x', role: 'arn:aws:iam::000000000000:role/r',
  handler: 'index.handler', description: '', timeout: 5, memorySize: 128, architectures: ['x86_64'],
  code: storeZip(dataDir, zip({ 'index.js': 'exports.handler = async (e) => e.size ?? 0' })),
  lastModified: '', revisionId: 'q1', tags: {}, policy: [],
}
const request = (n: number, event = '{}') => ({ requestId: `req-${n}`, event, invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:queued' })

describe('the invocation queue is bounded in bytes', { timeout: 60_000 }, () => {
  it("refuses what would pass the bound with Lambda's throttling error, and frees the bytes as the waiting ones run", async () => {
    const budget = new QueueBudget(3000)
    // One sandbox, no pipelining (every function counts as slow): while the first runs, the others wait in the pool.
    const pool = new SandboxPool(1, 0, 1, budget)
    const spec = runtimes.spec(fn)
    const first = pool.run(spec, request(1))
    const big = `{"size":1500,"pad":"${'x'.repeat(1480)}"}`
    const waiting = pool.run(spec, request(2, big))
    expect(budget.queuedBytes).toBe(Buffer.byteLength(big) + QUEUED_INVOCATION_OVERHEAD)
    const refused = await pool.run(spec, request(3, '{"size":3}')).catch((err) => err)
    expect(refused).toBeInstanceOf(AwsError)
    expect([refused.code, refused.status, refused.message, refused.extra]).toEqual(['TooManyRequestsException', 429, 'Rate Exceeded.', { Reason: 'ConcurrentInvocationLimitExceeded' }])
    expect((await first).ok).toBe(true)
    expect((await waiting).payload).toBe('1500')
    expect(budget.queuedBytes).toBe(0)
    // With the bytes back, the same invocation waits and runs.
    const again = [pool.run(spec, request(4)), pool.run(spec, request(5, '{"size":3}'))]
    expect((await Promise.all(again)).map((o) => o.payload)).toEqual(['0', '3'])
    pool.close()
  })

  it('gives the bytes back when the pool closes under waiting invocations', async () => {
    const budget = new QueueBudget(10_000)
    const pool = new SandboxPool(1, 0, 1, budget)
    const spec = runtimes.spec(fn)
    const first = pool.run(spec, request(1))
    const waiting = pool.run(spec, request(2))
    expect(budget.queuedBytes).toBeGreaterThan(0)
    pool.close()
    await expect(waiting).rejects.toThrow(/stopping/)
    await first.catch(() => undefined)
    expect(budget.queuedBytes).toBe(0)
  })

  it("renders as Lambda's REST-JSON throttling answer", () => {
    const answer = renderError(throttled(), 'rest-json', 'req-1', 'lambda')
    expect(answer.status).toBe(429)
    expect(answer.headers['x-amzn-errortype']).toBe('TooManyRequestsException')
    expect(JSON.parse(answer.body as string)).toEqual({ Type: 'User', message: 'Rate Exceeded.', Reason: 'ConcurrentInvocationLimitExceeded' })
  })
})
