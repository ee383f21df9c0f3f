/**
 * `lab doctor` on a shared machine: when LAB_CLOUD_PORT is taken (by some program, or by another LAB_HOME's cloud),
 * it fails the cloud row and names a port that is free at that moment, in English and in Korean.
 */
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureBuilt, lab } from './built-cli.js'
import { portFree } from '../../src/deployer/local-cloud.js'

const servers: net.Server[] = []
/** A plain TCP listener on a port of the OS's choosing: "some other program". */
const occupy = (port = 0) =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer((socket) => socket.destroy())
    servers.push(server)
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port))
  })

let home: string
beforeAll(() => {
  ensureBuilt()
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-home-'))
}, 300_000)
afterAll(() => {
  for (const server of servers) server.close()
  fs.rmSync(home, { recursive: true, force: true })
})

/** The cloud row of `lab doctor --json`, and the port its hint suggests. */
async function cloudRow(port: number, lang: 'en' | 'ko') {
  const run = await lab(['doctor', '--json', '--lang', lang], { LAB_HOME: home, LAB_CLOUD_PORT: String(port) })
  expect(run.code, run.stderr).toBe(1)
  const row = (JSON.parse(run.stdout).checks as { id: string; status: string; detail: string }[]).find((c) => c.id === 'cloud')!
  const suggested = Number(/LAB_CLOUD_PORT=(\d+)/.exec(row.detail)?.[1])
  return { row, suggested }
}

describe('lab doctor with a taken LAB_CLOUD_PORT', () => {
  it('says the port is taken and suggests one that is free, skipping the taken neighbour', async () => {
    const port = await occupy()
    // The next port taken too (when the OS lets us have it): a "port + 1" guess would be wrong here.
    const neighbourTaken = await occupy(port + 1).then(() => true, () => false)
    const { row, suggested } = await cloudRow(port, 'en')
    expect(row.status).toBe('fail')
    expect(row.detail).toContain(`Port ${port} on 127.0.0.1 is already in use`)
    expect(row.detail).toContain(`export LAB_CLOUD_PORT=${suggested}`)
    expect(suggested).toBeGreaterThan(port)
    if (neighbourTaken) expect(suggested).toBeGreaterThan(port + 1)
    expect(await portFree(suggested)).toBe(true)
  })

  it('says the same in Korean', async () => {
    const port = await occupy()
    const { row, suggested } = await cloudRow(port, 'ko')
    expect(row.status).toBe('fail')
    expect(row.detail).toContain(`포트 ${port}`)
    expect(row.detail).toContain('비어 있습니다')
    expect(await portFree(suggested)).toBe(true)
  })
})
