/**
 * Memory stays flat under large posts the edge refuses: the cloud runs in a process of its own, 24 posts of
 * 60 MB each (from a foreign page, and over a service's size limit) are sent at it four at a time, and its
 * peak resident memory (VmHWM) is compared before and after. Reading those bodies before refusing them took the
 * cloud to 1.8 GB; answering on the headers keeps the growth to what a few sockets' buffers hold.
 */
import fs from 'node:fs'
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCloudProcess, type CloudProcess } from '../helpers/cloud-process.js'

const MiB = 1024 * 1024
let cloud: CloudProcess

beforeAll(async () => {
  cloud = await startCloudProcess('lab-edge-memory-')
}, 60_000)
afterAll(async () => {
  cloud?.child.kill('SIGKILL')
  await cloud?.child.catch(() => {})
  if (cloud) fs.rmSync(cloud.home, { recursive: true, force: true })
})

/** Peak resident memory of a process so far, in MB (Linux). */
function peakRssMb(pid: number): number {
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1])
  return kb / 1024
}

/** Post `size` bytes, streamed from one reused 1 MB buffer, as fast as the server takes them; the status, or 0 if no answer came. */
function bigPost(path: string, headers: Record<string, string>, size: number): Promise<number> {
  return new Promise((resolve) => {
    const url = new URL(path, cloud.endpoint.replace('localhost', '127.0.0.1'))
    let status = 0
    const req = http.request(url, { method: 'POST', headers: { ...headers, 'content-length': String(size) } }, (res) => {
      status = res.statusCode ?? 0
      res.resume().on('end', () => resolve(status))
    })
    req.on('error', () => resolve(status))
    const chunk = Buffer.alloc(MiB, 0x61)
    let sent = 0
    const write = (): void => {
      while (sent < size && !req.destroyed) {
        sent += chunk.length
        if (!req.write(chunk)) return void req.once('drain', write)
      }
      if (!req.destroyed) req.end()
    }
    write()
  })
}

describe('memory under refused large posts', () => {
  it('24 × 60 MB from a foreign page and over a size limit: every one refused, peak memory barely moves', async () => {
    const pid = cloud.child.pid!
    await fetch(`${cloud.endpoint.replace('localhost', '127.0.0.1')}/_lab/health`) // everything the first request loads is loaded
    const before = peakRssMb(pid)
    const attacks = [
      () => bigPost('/?Action=CreateStack&Version=2010-05-15', { origin: 'http://attacker.example', 'content-type': 'application/x-www-form-urlencoded' }, 60 * MiB),
      () => bigPost('/', { referer: 'http://attacker.example/', 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.PutItem' }, 60 * MiB),
      () => bigPost('/2015-03-31/functions/f/invocations', { 'sec-fetch-site': 'cross-site' }, 60 * MiB),
      () => bigPost('/_aws/execute-api/anyapi/prod/upload', {}, 60 * MiB), // a public data plane: over its 10 MB payload limit
    ]
    const statuses: number[] = []
    for (let round = 0; round < 6; round++) statuses.push(...(await Promise.all(attacks.map((attack) => attack()))))
    const growth = peakRssMb(pid) - before
    expect(statuses.length).toBe(24)
    for (const status of statuses) expect([403, 413]).toContain(status)
    // Buffering would take 24 × 60 MB (4 × 60 MB at any moment); the sockets' kernel buffers are not the process's.
    expect(growth).toBeLessThan(100)
    expect((await fetch(`${cloud.endpoint.replace('localhost', '127.0.0.1')}/_lab/health`)).status).toBe(200)
  }, 120_000)
})
