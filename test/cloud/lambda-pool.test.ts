import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { CloudContext } from '../../src/cloud/core/types.js'
import { storeZip } from '../../src/cloud/services/lambda/code.js'
import type { FunctionRecord } from '../../src/cloud/services/lambda/model.js'
import { Runtimes } from '../../src/cloud/services/lambda/runtimes/index.js'
import { SandboxPool } from '../../src/cloud/services/lambda/runtimes/pool.js'
import { QUEUED_INVOCATION_OVERHEAD, QueueBudget, throttled } from '../../src/cloud/services/lambda/runtimes/queue-budget.js'
import { AwsError } from '../../src/cloud/core/aws-error.js'
import { renderError } from '../../src/cloud/protocols/errors.js'
import { zip } from '../fixtures/lambda/zip.js'
import { loadOrCreateInstallCredentials } from '../../src/common/install-credentials.js'
import { CredentialAuthority } from '../../src/cloud/services/sts/sessions.js'

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-pool-'))
const credentials = new CredentialAuthority(loadOrCreateInstallCredentials(dataDir), '000000000000', dataDir)
const ctx = { dataDir, endpoint: 'http://localhost:9', accountId: '000000000000', defaultRegion: 'us-east-1', credentials, log: () => {} } as unknown as CloudContext
const runtimes = new Runtimes(ctx)
runtimes.start()
afterAll(() => runtimes.stop())

function record(revisionId: string): FunctionRecord {
  return {
    region: 'us-east-1', account: '000000000000', name: 'pooled', runtime: 'nodejs22.x', role: 'arn:aws:iam::000000000000:role/r',
    handler: 'index.handler', description: '', timeout: 5, memorySize: 128, architectures: ['x86_64'],
    code: storeZip(dataDir, zip({ 'index.js': 'exports.handler = async () => (globalThis.ENV ??= Math.floor(Math.random() * 1e9))' })),
    lastModified: '', revisionId, tags: {}, policy: [],
  }
}

const request = (n: number) => ({ requestId: `req-${n}`, event: '{}', invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:pooled' })

describe('sandbox pool', () => {
  it('reuses a warm sandbox, replaces it after a revision change, and reaps idle ones', async () => {
    const pool = new SandboxPool(2)
    const v1 = runtimes.spec(record('r1'))
    const a = await pool.run(v1, request(1))
    const b = await pool.run(v1, request(2))
    expect(a.payload).toBe(b.payload)
    expect(a.initDurationMs).toBeDefined()
    expect(b.initDurationMs).toBeUndefined()
    expect(pool.size).toBe(1)
    const c = await pool.run(runtimes.spec(record('r2')), request(3))
    expect(c.payload).not.toBe(a.payload)
    expect(pool.size).toBe(1)
    pool.reap(60_000, Date.now() + 120_000)
    expect(pool.size).toBe(0)
    pool.close()
  })

  it('rejects queued work when closed', async () => {
    const pool = new SandboxPool(1)
    const spec = runtimes.spec(record('r3'))
    const first = pool.run(spec, request(4))
    const queued = pool.run(spec, request(5))
    pool.close()
    await expect(queued).rejects.toThrow(/stopping/)
    expect((await first).ok).toBe(false)
  })
})

describe('sandbox pool: invocations queued in a busy sandbox', () => {
  function fn(name: string, source: string): FunctionRecord {
    return { ...record(name), name, code: storeZip(dataDir, zip({ 'index.js': source })) }
  }
  const handler = `
    exports.handler = async (event, context) => {
      if (event.crash) setTimeout(() => process.exit(3), 5)
      const start = Date.now(), left = context.getRemainingTimeInMillis()
      while (Date.now() - start < (event.busyMs ?? 2)) {}
      if (event.crash) await new Promise((r) => setTimeout(r, 50))
      return { pid: (globalThis.ENV ??= Math.floor(Math.random() * 1e9)), start, end: Date.now(), left }
    }`

  it('runs them one at a time, each with its full timeout', async () => {
    // Every function counts as fast here: a loaded machine must not decide whether the queueing happens.
    const pool = new SandboxPool(1, Infinity)
    const spec = runtimes.spec(fn('fast', handler))
    await pool.run(spec, request(1)) // cold start; the pool learns the function is fast
    await pool.run(spec, request(2))
    // The first one runs for 300 ms: the others wait that long in the sandbox's pipe.
    const outcomes = await Promise.all([3, 4, 5, 6].map((n) => pool.run(spec, { ...request(n), event: n === 3 ? '{"busyMs":300}' : '{}' })))
    expect(pool.pipelined).toBeGreaterThan(0)
    const results = outcomes.map((o) => JSON.parse(o.payload)).sort((a, b) => a.start - b.start)
    expect(new Set(results.map((r) => r.pid)).size).toBe(1)
    for (let i = 1; i < results.length; i++) expect(results[i].start).toBeGreaterThanOrEqual(results[i - 1].end)
    // Timeout 5 s: an invocation that waited in the pipe still starts with (almost) all of it.
    for (const r of results) expect(r.left).toBeGreaterThan(4900)
    pool.close()
  })

  it('runs what waited behind a crashed invocation on a new sandbox', async () => {
    // Every function counts as fast here: a loaded machine must not decide whether the queueing happens.
    const pool = new SandboxPool(1, Infinity)
    const spec = runtimes.spec(fn('crashy', handler))
    await pool.run(spec, request(1))
    await pool.run(spec, request(2))
    const crash = pool.run(spec, { ...request(3), event: '{"crash":true}' })
    const behind = [4, 5].map((n) => pool.run(spec, request(n)))
    expect(pool.pipelined).toBe(2)
    const crashed = await crash
    expect(crashed.ok).toBe(false)
    expect(crashed.errorType).toBe('Runtime.ExitError')
    const first = JSON.parse((await pool.run(spec, request(6))).payload)
    for (const outcome of await Promise.all(behind)) {
      expect(outcome.ok).toBe(true)
      expect(JSON.parse(outcome.payload).pid).toBe(first.pid)
    }
    pool.close()
  })
})

describe('sandbox pool: invocations sent to a sandbox in the same turn share one write', () => {
  it('keeps each Python invocation apart, whether its event follows on a line of its own or travels inside its message', async () => {
    const pool = new SandboxPool(1, Infinity)
    const source = 'import os, random\nENV = random.random()\ndef handler(event, context):\n    return {"n": event["n"], "pid": ENV, "id": context.aws_request_id}\n'
    const spec = runtimes.spec({ ...record('py1'), name: 'py-batched', runtime: 'python3.13', code: storeZip(dataDir, zip({ 'index.py': source })) })
    await pool.run(spec, request(1))
    await pool.run(spec, request(2))
    // Pretty-printed events (line breaks) travel inside their message; the others follow it on a line of their own.
    const events = [3, 4, 5, 6].map((n) => (n % 2 ? JSON.stringify({ n }, null, 2) : JSON.stringify({ n })))
    const outcomes = await Promise.all(events.map((event, i) => pool.run(spec, { ...request(i + 3), event })))
    expect(pool.pipelined).toBe(3)
    const results = outcomes.map((o) => JSON.parse(o.payload))
    expect(results.map((r) => [r.n, r.id])).toEqual([3, 4, 5, 6].map((n) => [n, `req-${n}`]))
    expect(new Set(results.map((r) => r.pid)).size).toBe(1)
    pool.close()
  })
})

describe('sandbox pool: how many sandboxes a function gets', () => {
  const waiting = `exports.handler = async (event) => {
    await new Promise((r) => setTimeout(r, event.waitMs ?? 0))
    return (globalThis.ENV ??= Math.floor(Math.random() * 1e9))
  }`
  const spec = () => runtimes.spec({ ...record('w1'), name: 'waiting', code: storeZip(dataDir, zip({ 'index.js': waiting })) })

  // Slow is 600 ms against a 150 ms line: a loaded machine cannot make a fast invocation look slow.
  it('gives overlapping invocations of a slow function their own sandboxes, as AWS gives them environments', async () => {
    const pool = new SandboxPool(2, 150, 5)
    await pool.run(spec(), { ...request(1), event: '{"waitMs":600}' }) // timed: the function is slow
    const outcomes = await Promise.all([2, 3, 4, 5, 6].map((n) => pool.run(spec(), { ...request(n), event: '{"waitMs":600}' })))
    expect(new Set(outcomes.map((o) => o.payload)).size).toBe(5)
    expect(outcomes.filter((o) => o.initDurationMs !== undefined)).toHaveLength(4) // four new environments
    expect(pool.size).toBe(5)
    expect(pool.pipelined).toBe(0)
    pool.close()
  })

  it('keeps a function not timed yet at the fast limit, and stops the extra sandboxes once it turns out fast', async () => {
    const pool = new SandboxPool(2, 150, 5)
    const first = await Promise.all([1, 2, 3].map((n) => pool.run(spec(), { ...request(n), event: '{"waitMs":600}' })))
    expect(new Set(first.map((o) => o.payload)).size).toBe(2) // the third waited for one of two
    await Promise.all([4, 5, 6, 7, 8].map((n) => pool.run(spec(), { ...request(n), event: '{"waitMs":600}' })))
    expect(pool.size).toBe(5)
    // Fast from now on: the average falls below 150 ms (far above a warm invocation, even on a busy machine), and each extra sandbox stops when it is next released.
    for (let n = 9; n < 80; n++) await pool.run(spec(), request(n))
    expect(pool.size).toBe(2)
    pool.close()
  })
})

/**
 * The bytes of invocations waiting for a sandbox are bounded, all functions together: past the bound an invocation
 * is refused at once with Lambda's throttling answer (429 TooManyRequestsException, Reason
 * ConcurrentInvocationLimitExceeded, "Rate Exceeded."), and the bytes come back as the waiting ones run.
 */
const queued = (): FunctionRecord => ({ ...record('q1'), name: 'queued', code: storeZip(dataDir, zip({ 'index.js': 'exports.handler = async (e) => e.size ?? 0' })) })
const sized = (n: number, event = '{}') => ({ ...request(n), event })

describe('the invocation queue is bounded in bytes', { timeout: 60_000 }, () => {
  it("refuses what would pass the bound with Lambda's throttling error, and frees the bytes as the waiting ones run", async () => {
    const budget = new QueueBudget(3000)
    // One sandbox, no pipelining (every function counts as slow): while the first runs, the others wait in the pool.
    const pool = new SandboxPool(1, 0, 1, budget)
    const spec = runtimes.spec(queued())
    const first = pool.run(spec, request(1))
    const big = `{"size":1500,"pad":"${'x'.repeat(1480)}"}`
    const waiting = pool.run(spec, sized(2, big))
    expect(budget.queuedBytes).toBe(Buffer.byteLength(big) + QUEUED_INVOCATION_OVERHEAD)
    const refused = await pool.run(spec, sized(3, '{"size":3}')).catch((err) => err)
    expect(refused).toBeInstanceOf(AwsError)
    expect([refused.code, refused.status, refused.message, refused.extra]).toEqual(['TooManyRequestsException', 429, 'Rate Exceeded.', { Reason: 'ConcurrentInvocationLimitExceeded' }])
    expect((await first).ok).toBe(true)
    expect((await waiting).payload).toBe('1500')
    expect(budget.queuedBytes).toBe(0)
    // With the bytes back, the same invocation waits and runs.
    const again = [pool.run(spec, request(4)), pool.run(spec, sized(5, '{"size":3}'))]
    expect((await Promise.all(again)).map((o) => o.payload)).toEqual(['0', '3'])
    pool.close()
  })

  it('gives the bytes back when the pool closes under waiting invocations', async () => {
    const budget = new QueueBudget(10_000)
    const pool = new SandboxPool(1, 0, 1, budget)
    const spec = runtimes.spec(queued())
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
