/**
 * An attacker's functions, deployed through the local cloud's Lambda, try to leave their sandbox: read the
 * install's credentials, another function's code, the cloud's state or the project; change the SDK other
 * functions load; keep working (or allocating) while idle; read a parent's environment; learn the cloud's
 * internals from its health check. On a machine that gives sandboxes a private root (Linux with user
 * namespaces, or root: this one) every attempt must fail; elsewhere `lab doctor` must say what is not isolated.
 */
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { sandboxIsolation } from '../../src/common/sandbox-isolation.js'
import { startTestCloud, type TestCloud } from '../helpers/cloud.js'
import { ROLE, zip } from '../fixtures/lambda/zip.js'
import { createLambdaRole } from '../helpers/lambda-role.js'
import { ensureBuilt, lab } from '../deployer/built-cli.js'

const linux = process.platform === 'linux'
const privateRoot = sandboxIsolation().filesystem === 'private-root'
const text = (p?: Uint8Array) => Buffer.from(p ?? []).toString('utf8')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const repo = path.resolve(import.meta.dirname, '../..')

let cloud: TestCloud
let lambda: LambdaClient
const ready = (async () => {
  cloud = await startTestCloud()
  await createLambdaRole(cloud)
  lambda = new LambdaClient(cloud.sdk)
})()
afterAll(() => cloud?.close())

const create = (name: string, files: Record<string, string>, extra: Record<string, unknown> = {}) =>
  lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs22.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zip(files) }, ...extra }))
const invoke = async (name: string, payload: unknown = {}, client = lambda) => {
  const out = await client.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(payload)) }))
  return { error: out.FunctionError, json: JSON.parse(text(out.Payload) || 'null') }
}

/** Try to read (or list) each path: what each attempt got. */
const READER = `
const fs = require('fs')
exports.handler = async (e) => e.paths.map((p) => {
  try { return p + ' READ ' + (fs.statSync(p).isDirectory() ? fs.readdirSync(p).join(',') : fs.readFileSync(p, 'utf8')) } catch (err) { return p + ' ' + err.code }
})`

const PY_READER = `
import os
def handler(event, context):
    out = []
    for p in event['paths']:
        try:
            out.append(p + ' READ ' + (','.join(os.listdir(p)) if os.path.isdir(p) else open(p).read()))
        except OSError as err:
            out.append(p + ' ' + type(err).__name__)
    return out
`

it('on Linux as root, sandboxes get every isolation: a PID namespace and a root of their own', () => {
  // This machine (the project's CI and the security review run as root on Linux) must enforce everything.
  if (linux && process.getuid?.() === 0) expect([sandboxIsolation().mode, sandboxIsolation().filesystem]).toEqual(['pid-namespace', 'private-root'])
  else expect(['pid-namespace', 'process-group']).toContain(sandboxIsolation().mode)
})

describe.runIf(!privateRoot)('without a root of their own, lab doctor says what a function can reach', () => {
  it('names the credentials file and the SDK as reachable, and why', async () => {
    ensureBuilt()
    const doctor = JSON.parse((await lab(['doctor', '--json'], { LAB_HOME: cloud?.home ?? repo, LAB_CLOUD_PORT: '0' })).stdout) as { checks: { id: string; status: string; detail: string }[] }
    const sandbox = doctor.checks.find((c) => c.id === 'sandbox')!
    expect(sandbox.status).toBe('warn')
    expect(sandbox.detail).toContain('credentials.json')
    expect(sandbox.detail).toContain(sandboxIsolation().filesystemReason!)
  }, 60_000)
})

describe.runIf(privateRoot)('in a root of its own, a function cannot reach', () => {
  it("the install's credentials, the cloud's state or the project (Node.js and Python)", async () => {
    await ready
    const secret = JSON.stringify(cloud.sdk.credentials.secretAccessKey)
    const paths = [path.join(cloud.dataDir, 'credentials.json'), cloud.dataDir, cloud.home, repo, path.join(repo, 'package.json'), '/proc/1/root' + cloud.dataDir, '/proc/1/cwd/credentials.json']
    await create('reader', { 'index.js': READER })
    await lambda.send(new CreateFunctionCommand({ FunctionName: 'pyreader', Runtime: 'python3.12', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zip({ 'index.py': PY_READER }) } }))
    for (const name of ['reader', 'pyreader']) {
      const out = await invoke(name, { paths })
      expect(out.error).toBeUndefined()
      const answers = out.json as string[]
      expect(answers).toHaveLength(paths.length)
      expect(answers.filter((a) => a.includes(' READ '))).toEqual([])
      expect(JSON.stringify(answers)).not.toContain(cloud.sdk.credentials.secretAccessKey.slice(1, -1))
      expect(secret.length).toBeGreaterThan(10)
    }
  })

  it("another function's task root, or any task root but its own at /var/task", async () => {
    await ready
    await create('victim', { 'index.js': 'exports.handler = async () => "victim"', 'secret.txt': 'victim-secret' })
    expect((await invoke('victim')).json).toBe('victim')
    const tasks = path.join(cloud.dataDir, 'lambda', 'tasks')
    const victimRoot = fs.readdirSync(tasks).map((d) => path.join(tasks, d)).find((d) => fs.existsSync(path.join(d, 'secret.txt')))!
    await create('snooper', { 'index.js': READER })
    const out = await invoke('snooper', { paths: [victimRoot, path.join(victimRoot, 'secret.txt'), tasks, '/var', '/var/task', '/tmp'] })
    const answers = out.json as string[]
    expect(answers.slice(0, 3).every((a) => !a.includes(' READ '))).toBe(true)
    expect(answers[3]).toBe('/var READ node_modules,runtime,task')
    expect(answers[4]).toBe('/var/task READ index.js')
    expect(answers[5]).toBe('/tmp READ ')
    expect(JSON.stringify(answers)).not.toContain('victim-secret')
  })

  it('the SDK other functions load: NODE_PATH libraries are read-only, and unchanged on disk', async () => {
    await ready
    const target = fs.realpathSync(path.join(repo, 'node_modules/@aws-sdk/client-s3/package.json'))
    const before = createHash('sha256').update(fs.readFileSync(target)).digest('hex')
    const source = `
const fs = require('fs'), path = require('path')
exports.handler = async () => {
  const file = require.resolve('@aws-sdk/client-s3/package.json')
  const tries = []
  for (const attempt of [() => fs.appendFileSync(file, ' '), () => fs.chmodSync(file, 0o666), () => fs.writeFileSync(path.join(path.dirname(file), 'planted.js'), 'x'), () => fs.rmSync(path.dirname(file), { recursive: true })]) {
    try { attempt(); tries.push('CHANGED') } catch (err) { tries.push(err.code) }
  }
  return { file, nodePath: process.env.NODE_PATH, tries }
}`
    await create('libwriter', { 'index.js': source })
    const out = (await invoke('libwriter')).json as { file: string; nodePath: string; tries: string[] }
    expect(out.nodePath.split(':')).toContain('/var/runtime/node_modules')
    expect(out.file.startsWith('/var/runtime/')).toBe(true)
    expect(out.tries).toEqual(['EROFS', 'EROFS', 'EROFS', 'EROFS'])
    expect(createHash('sha256').update(fs.readFileSync(target)).digest('hex')).toBe(before)
    expect(fs.existsSync(path.join(path.dirname(target), 'planted.js'))).toBe(false)
  })

  it('a read-only mount made writable again, or unmounted to see below', async () => {
    await ready
    // mount(2) straight from perl: remount /var/task read-write, unmount it, mount a fresh /proc over the host's.
    const source = `
const { execFileSync } = require('child_process')
exports.handler = async () => execFileSync('perl', ['-e', 'my ($n,$t,$p)=("","/var/task","proc"); print syscall(165,$n,$t,$n,4096|32,0), " $!\\\\n"; print syscall(166,$t,2), " $!\\\\n"; my $r="/"; print syscall(165,$n,$r,$n,4096|32|16384,0), " $!\\\\n"'], { encoding: 'utf8' }).trim().split('\\n')`
    await create('remounter', { 'index.js': source })
    const out = (await invoke('remounter')).json as string[]
    expect(out).toHaveLength(3)
    for (const line of out) expect(line).toMatch(/^-1 (Operation not permitted|Invalid argument)$/)
  })
})

describe.runIf(linux)('between invocations a sandbox is frozen', () => {
  /** Host processes of one function (by its name in their environment) and their state and resident memory. */
  function processesOf(functionName: string): { pid: number; state: string; rssBytes: number }[] {
    const found = []
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue
      try {
        if (!fs.readFileSync(`/proc/${entry}/environ`, 'utf8').includes(`AWS_LAMBDA_FUNCTION_NAME=${functionName}\0`)) continue
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        found.push({ pid: Number(entry), state: fields[0], rssBytes: Number(fields[21]) * 4096 })
      } catch {
        // gone, or not ours to read
      }
    }
    return found
  }

  it("a handler's timers and child processes (a detached one included) make no progress while it is idle", async () => {
    await ready
    const source = `
const { spawn } = require('child_process'), fs = require('fs')
const id = Math.random().toString(36).slice(2)
let ticks = 0
exports.handler = async (e) => {
  if (e.start) {
    setInterval(() => ticks++, 10)
    spawn('sh', ['-c', 'while :; do echo x >> "$0"; sleep 0.02; done', require('os').tmpdir() + '/beats'], { detached: true, stdio: 'ignore' }).unref()
  }
  let beats = 0
  try { beats = fs.readFileSync(require('os').tmpdir() + '/beats', 'utf8').length / 2 } catch {}
  return { id, ticks, beats }
}`
    await create('busybody', { 'index.js': source })
    const first = (await invoke('busybody', { start: true })).json as { id: string; ticks: number; beats: number }
    await sleep(1500)
    // Frozen: every process of the sandbox is stopped (T), the detached shell too.
    const states = processesOf('busybody')
    expect(states.length).toBeGreaterThanOrEqual(2)
    expect(states.map((p) => p.state)).toEqual(states.map(() => 'T'))
    const second = (await invoke('busybody')).json as { id: string; ticks: number; beats: number }
    expect(second.id).toBe(first.id)
    // Running, 1.5 s of a 10 ms timer and a 20 ms loop would be ~150 and ~75.
    expect(second.ticks - first.ticks).toBeLessThan(20)
    expect(second.beats - first.beats).toBeLessThan(10)
    // Back-to-back and concurrent invocations of a frozen sandbox all answer.
    const many = await Promise.all(Array.from({ length: 8 }, () => invoke('busybody')))
    expect(many.every((r) => r.error === undefined)).toBe(true)
  })

  it('a background allocation cannot grow past MemorySize while idle, and the limit holds for the whole life', async () => {
    await ready
    const source = `
const keep = []
exports.handler = async (e) => {
  if (e.arm) setInterval(() => { if (keep.length < 40) keep.push(Buffer.alloc(16 * 1024 * 1024, 1)) }, 20)
  return { heldMb: keep.length * 16 }
}`
    await create('hoarder', { 'index.js': source }, { MemorySize: 128 })
    expect((await invoke('hoarder', { arm: true })).json).toEqual({ heldMb: 0 })
    await sleep(1500)
    for (const p of processesOf('hoarder')) expect(p.rssBytes).toBeLessThan(128 * 1048576)
    // Continued: the allocation resumes, and the sandbox is stopped at MemorySize with Lambda's error.
    const next = await invoke('hoarder')
    if (next.error) expect(next.json.errorType).toBe('Runtime.OutOfMemory')
    else expect(next.json.heldMb).toBeLessThanOrEqual(128)
    let over: { rssBytes: number }[] = []
    for (let i = 0; i < 40; i++) {
      await sleep(100)
      over = processesOf('hoarder').filter((p) => p.rssBytes > 160 * 1048576)
      if (!over.length && i > 10) break
    }
    expect(over).toEqual([])
  })
})

describe.runIf(linux)('a function cannot read a parent\'s environment or the cloud\'s internals', () => {
  it("reads no environment but its own sandbox's, and gets no pid or data folder from /_lab/health with its credentials", async () => {
    await ready
    // The test process (the cloud runs in it) was started with vitest's variables: a function must not see them.
    expect(fs.readFileSync('/proc/self/environ', 'utf8')).toContain('VITEST')
    const source = `
const fs = require('fs')
const { SignatureV4 } = require('@smithy/signature-v4')
const crypto = require('crypto')
class Sha256 {
  constructor(secret) { this.hash = secret === undefined ? crypto.createHash('sha256') : crypto.createHmac('sha256', secret) }
  update(data) { this.hash.update(data) }
  async digest() { return this.hash.digest() }
}
exports.handler = async (e) => {
  const seen = []
  for (const pid of new Set([process.ppid, e.cloudPid, ...fs.readdirSync('/proc').filter((p) => /^\\d+$/.test(p))])) {
    try { seen.push(fs.readFileSync('/proc/' + pid + '/environ', 'utf8')) } catch (err) { seen.push(pid + ':' + err.code) }
  }
  const url = new URL('/_lab/health', process.env.AWS_ENDPOINT_URL)
  const signer = new SignatureV4({ service: 'lab', region: 'us-east-1', sha256: Sha256, credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY, sessionToken: process.env.AWS_SESSION_TOKEN } })
  const signed = await signer.sign({ method: 'GET', protocol: 'http:', hostname: url.host, path: url.pathname, headers: { host: url.host }, query: {} })
  const health = await (await fetch(url, { headers: signed.headers })).text()
  return { seen: seen.join('\\n'), health }
}`
    await create('parent-snoop', { 'index.js': source })
    const out = await invoke('parent-snoop', { cloudPid: process.pid })
    expect(out.error).toBeUndefined()
    const { seen, health } = out.json as { seen: string; health: string }
    expect(seen).not.toContain('VITEST')
    expect(seen).toContain('AWS_LAMBDA_FUNCTION_NAME=parent-snoop')
    expect(Object.keys(JSON.parse(health)).sort()).toEqual(['name', 'version'])
  })
})

describe('temporary credentials of a warm sandbox', () => {
  afterEach(() => vi.useRealTimers())

  it('are valid for the life of the sandbox: it is retired, and a new one gets fresh credentials, before they expire', async () => {
    await ready
    const source = `const id = Math.random().toString(36).slice(2)
exports.handler = async () => ({ id, key: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY, token: process.env.AWS_SESSION_TOKEN })`
    await create('long-warm', { 'index.js': source })
    type Seen = { id: string; key: string; secret: string; token: string }
    const start = Date.now()
    const first = (await invoke('long-warm')).json as Seen
    // The cloud's clock (this process's Date) moves on, and the SDK signs with it. A new client each time: an
    // SDK client corrects its clock from the server's Date header (the real time) after its first answer.
    vi.useFakeTimers({ toFake: ['Date'], now: start })
    const at = (offset: number) => {
      vi.setSystemTime(start + offset)
      return new LambdaClient({ ...cloud.sdk, maxAttempts: 1 })
    }
    // Six hours on, the same environment, with the same credentials (valid 12 hours).
    expect((await invoke('long-warm', {}, at(6 * 3_600_000))).json).toEqual(first)
    // Minutes before they expire, no invocation runs with them: a new environment, with new credentials.
    const later = (await invoke('long-warm', {}, at(12 * 3_600_000 - 4 * 60_000))).json as Seen
    expect(later.id).not.toBe(first.id)
    expect(later.key).not.toBe(first.key)
    const expired = 12 * 3_600_000 + 60_000
    at(expired)
    const sts = (credentials: Seen) =>
      new STSClient({ ...cloud.sdk, maxAttempts: 1, credentials: { accessKeyId: credentials.key, secretAccessKey: credentials.secret, sessionToken: credentials.token } }).send(new GetCallerIdentityCommand({}))
    await expect(sts(first)).rejects.toMatchObject({ name: 'ExpiredToken' })
    expect((await sts(later)).Arn).toMatch(/:assumed-role\/lambda-role\/long-warm$/)
  })
})
