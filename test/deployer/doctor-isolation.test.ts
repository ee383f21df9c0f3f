import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { sandboxIsolation } from '../../src/common/sandbox-isolation.js'
import { ensureBuilt, lab } from './built-cli.js'

interface Doctor {
  checks: { id: string; status: string; detail: string }[]
}

const doctor = async (home: string): Promise<Doctor> => JSON.parse((await lab(['doctor', '--json'], { LAB_HOME: home, LAB_CLOUD_PORT: '0' })).stdout)

describe.runIf(process.platform !== 'win32')('lab doctor: state privacy and sandbox isolation', () => {
  beforeAll(() => ensureBuilt())

  it('reports state open to other users, with the paths and the fix, then private once fixed', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-doctor-'))
    const dir = path.join(home, 'cloud')
    fs.mkdirSync(path.join(dir, 's3'), { recursive: true })
    fs.chmodSync(dir, 0o755)
    fs.writeFileSync(path.join(dir, 's3', 'buckets.json'), '{}')
    fs.chmodSync(path.join(dir, 's3', 'buckets.json'), 0o644)
    const open = (await doctor(home)).checks.find((c) => c.id === 'state')!
    expect(open.status).toBe('fail')
    expect(open.detail).toContain(path.join(dir, 's3', 'buckets.json'))
    expect(open.detail).toContain('chmod -R go-rwx')
    for (const p of [dir, path.join(dir, 's3')]) fs.chmodSync(p, 0o700)
    fs.chmodSync(path.join(dir, 's3', 'buckets.json'), 0o600)
    expect((await doctor(home)).checks.find((c) => c.id === 'state')).toMatchObject({ status: 'ok' })
  }, 60_000)

  it('says how function sandboxes are isolated, and what a function can reach when not in a root of its own', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-doctor-'))
    const sandbox = (await doctor(home)).checks.find((c) => c.id === 'sandbox')!
    const isolation = sandboxIsolation()
    expect(sandbox.status).toBe(isolation.filesystem === 'private-root' ? 'ok' : 'warn')
    if (isolation.filesystem === 'private-root') expect(sandbox.detail).toMatch(/PID and mount namespace/)
    else expect(sandbox.detail).toContain('credentials.json')
    const off = JSON.parse((await lab(['doctor', '--json'], { LAB_HOME: home, LAB_CLOUD_PORT: '0', LAB_SANDBOX_NAMESPACES: '0' })).stdout) as Doctor
    const group = off.checks.find((c) => c.id === 'sandbox')!
    expect(group).toMatchObject({ status: 'warn', detail: expect.stringContaining('LAB_SANDBOX_NAMESPACES=0') })
    expect(group.detail).toContain('LAB_HOME/cloud/credentials.json')
  }, 60_000)
})
