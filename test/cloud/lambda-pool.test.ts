import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { CloudContext } from '../../src/cloud/core/types.js'
import { storeZip } from '../../src/cloud/services/lambda/code.js'
import type { FunctionRecord } from '../../src/cloud/services/lambda/model.js'
import { Runtimes } from '../../src/cloud/services/lambda/runtimes/index.js'
import { SandboxPool } from '../../src/cloud/services/lambda/runtimes/pool.js'
import { zip } from '../fixtures/lambda/zip.js'

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-pool-'))
const ctx = { dataDir, endpoint: 'http://localhost:9', accountId: '000000000000', defaultRegion: 'us-east-1', log: () => {} } as unknown as CloudContext
const runtimes = new Runtimes(ctx)
runtimes.start()
afterAll(() => runtimes.stop())

function record(revisionId: string): FunctionRecord {
  return {
    region: 'us-east-1', account: '000000000000', name: 'pooled', runtime: 'nodejs22.x', role: 'arn:aws:iam::000000000000:role/r',
    handler: 'index.handler', description: '', timeout: 5, memorySize: 128, architectures: ['x86_64'],
    code: storeZip(dataDir, zip({ 'index.js': 'exports.handler = async () => process.pid' })),
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
