/**
 * Functions stay in their sandbox: no secret of the shell that started the cloud within reach, no rewriting
 * another function's code, nothing left running after a timeout, no memory beyond MemorySize, and (in a PID
 * namespace) no view of the cloud's processes.
 */
import { CreateFunctionCommand, InvokeCommand, LambdaClient, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { sandboxIsolation } from '../../src/common/sandbox-isolation.js'
import { startTestCloud, type TestCloud } from '../helpers/cloud.js'
import { startCloudProcess } from '../helpers/cloud-process.js'
import { ensureBuilt } from '../deployer/built-cli.js'
import { startDetachedCloud } from '../../src/deployer/local-cloud.js'
import { ROLE, zip } from '../fixtures/lambda/zip.js'
import { createLambdaRole } from '../helpers/lambda-role.js'
import { readInstallCredentials } from '../../src/common/install-credentials.js'

const linux = process.platform === 'linux'
const text = (p?: Uint8Array) => Buffer.from(p ?? []).toString('utf8')

/** Host processes whose command line holds `marker` (our sleeps). */
function running(marker: string): number[] {
  const found: number[] = []
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) found.push(Number(entry))
    } catch {
      // gone
    }
  }
  return found
}

async function gone(marker: string): Promise<number[]> {
  for (let i = 0; i < 100 && running(marker).length; i++) await new Promise((r) => setTimeout(r, 50))
  return running(marker)
}

/** A function that reads every environment it can: its parents' up the chain, then every /proc/<pid>/environ. */
const SNOOP = `
const fs = require('fs')
exports.handler = async () => {
  const seen = []
  const read = (pid) => { try { seen.push(pid + ':' + fs.readFileSync('/proc/' + pid + '/environ', 'utf8')) } catch (e) { seen.push(pid + ':' + e.code) } }
  for (let pid = process.ppid, i = 0; pid > 0 && i < 20; i++) {
    read(pid)
    let stat = ''
    try { stat = fs.readFileSync('/proc/' + pid + '/stat', 'utf8') } catch { break }
    pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  }
  for (const entry of fs.readdirSync('/proc')) if (/^\\d+$/.test(entry)) read(Number(entry))
  return { pids: fs.readdirSync('/proc').filter((e) => /^\\d+$/.test(e)).length, text: seen.join('\\n') }
}`

describe.runIf(linux)('a function cannot read the secrets of the shell that started the cloud', () => {
  const CANARY = `canary-${Math.random().toString(36).slice(2)}`
  const started: number[] = []
  afterAll(() => started.forEach((pid) => { try { process.kill(pid, 'SIGKILL') } catch { /* gone */ } }))

  for (const namespaces of [true, false]) {
    it(`${namespaces ? 'in a PID namespace' : 'in a process group only (LAB_SANDBOX_NAMESPACES=0)'}: no canary up the parent chain or in any environ it can see`, async () => {
      ensureBuilt()
      const saved = { ...process.env }
      // The learner's shell: secrets, and (for the fallback) namespaces turned off. The cloud is started as
      // `lab` starts it (detached, from the built CLI).
      process.env.AWS_SECRET_ACCESS_KEY = CANARY
      process.env.GITHUB_TOKEN = CANARY
      if (!namespaces) process.env.LAB_SANDBOX_NAMESPACES = '0'
      const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-canary-'))
      let cloud
      try {
        cloud = await startDetachedCloud(home, 0)
      } finally {
        for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k]
        Object.assign(process.env, saved)
      }
      started.push(cloud.pid)
      const serverPid = cloud.pid
      // The cloud's own environment holds none of it.
      expect(fs.readFileSync(`/proc/${serverPid}/environ`, 'utf8')).not.toContain(CANARY)
      const lambda = new LambdaClient({ endpoint: cloud.endpoint, region: 'us-east-1', credentials: readInstallCredentials(path.join(home, 'cloud'))! })
      await createLambdaRole({ sdk: { endpoint: cloud.endpoint, region: 'us-east-1', credentials: readInstallCredentials(path.join(home, 'cloud'))! } })
      await lambda.send(new CreateFunctionCommand({ FunctionName: 'snoop', Runtime: 'nodejs22.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zip({ 'index.js': SNOOP }) } }))
      const out = await lambda.send(new InvokeCommand({ FunctionName: 'snoop' }))
      expect(out.FunctionError).toBeUndefined()
      const found = JSON.parse(text(out.Payload)) as { pids: number; text: string }
      expect(found.text.length).toBeGreaterThan(0)
      expect(found.text).not.toContain(CANARY)
      // In a namespace the function sees only its init and itself.
      if (namespaces && sandboxIsolation().mode === 'pid-namespace') expect(found.pids).toBe(2)
    }, 120_000)
  }
})

describe('the sandbox boundary of one cloud', () => {
  let cloud: TestCloud
  let lambda: LambdaClient
  afterAll(() => cloud?.close())
  const ready = (async () => {
    cloud = await startTestCloud()
    await createLambdaRole(cloud)
    lambda = new LambdaClient(cloud.sdk)
  })()
  const invoke = async (name: string, payload: unknown = {}) => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(payload)) }))
    return { error: out.FunctionError, json: JSON.parse(text(out.Payload) || 'null') }
  }
  const create = (name: string, files: Record<string, string>, extra: Record<string, unknown> = {}, runtime = 'nodejs22.x') =>
    lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: runtime, Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zip(files) }, ...extra }))

  // In a private root (sandbox-escape.test.ts) no function reaches another's task root or the bootstraps; these
  // checks are for the machines without one, and for any process of the learner's user.
  it('code rewritten on disk never runs: the task root is extracted again on the next cold start', async () => {
    await ready
    await create('victim', { 'index.js': 'exports.handler = async () => "original"', 'lib/data.txt': 'x' })
    expect((await invoke('victim')).json).toBe('original')
    const tasks = path.join(cloud.dataDir, 'lambda', 'tasks')
    const root = fs.readdirSync(tasks).map((d) => path.join(tasks, d)).find((d) => fs.existsSync(path.join(d, 'lib', 'data.txt')))!
    const file = path.join(root, 'index.js')
    expect(`${(fs.statSync(file).mode & 0o777).toString(8)}/${(fs.statSync(root).mode & 0o777).toString(8)}`).toBe('400/500')
    fs.chmodSync(root, 0o755)
    fs.chmodSync(file, 0o644)
    fs.writeFileSync(file, 'exports.handler = async () => "tampered"')
    fs.writeFileSync(path.join(root, 'planted.mjs'), 'export const x = 1')
    // A new configuration means new execution environments: a cold start.
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'victim', Description: 'cold start' }))
    expect((await invoke('victim')).json).toBe('original')
    expect(fs.existsSync(path.join(root, 'planted.mjs'))).toBe(false)
  })

  it("code planted in the runtime's bootstrap never runs: written again before each cold start", async () => {
    await ready
    await create('bystander', { 'index.js': 'exports.handler = async () => process.env.PLANTED ?? "clean"' })
    const bootstrap = path.join(cloud.dataDir, 'lambda', 'runtime', 'node-bootstrap.mjs')
    fs.appendFileSync(bootstrap, '\nprocess.env.PLANTED = "planted"\n')
    expect((await invoke('bystander')).json).toBe('clean')
  })

  it('a package changed on disk (no longer its CodeSha256) is refused with a clear error', async () => {
    await ready
    await create('zipped', { 'index.js': 'exports.handler = async () => "ok"' })
    const codeDir = path.join(cloud.dataDir, 'lambda', 'code')
    const before = new Set(fs.readdirSync(codeDir))
    await create('zipped2', { 'index.js': 'exports.handler = async () => "ok2"' })
    const added = fs.readdirSync(codeDir).filter((f) => !before.has(f) && f.endsWith('.zip'))
    expect(added).toHaveLength(1)
    fs.writeFileSync(path.join(codeDir, added[0]), zip({ 'index.js': 'exports.handler = async () => "swapped"' }))
    const err = await lambda.send(new InvokeCommand({ FunctionName: 'zipped2' })).catch((e) => e)
    expect(err.message).toMatch(/no longer matches the function's CodeSha256/)
    expect((await invoke('zipped')).json).toBe('ok')
  })

  it.runIf(linux)('a timeout ends the whole sandbox: a grandchild and a daemonized double fork included', async () => {
    await ready
    const marker = `98${Math.floor(Math.random() * 1e6)}`
    const source = `
const { spawn, execSync } = require('child_process')
exports.handler = async () => {
  spawn('sleep', ['${marker}1'], { stdio: 'ignore' })
  execSync("sh -c 'setsid sleep ${marker}2 </dev/null >/dev/null 2>&1 &'")
  await new Promise(() => {})
}`
    await create('lingers', { 'index.js': source }, { Timeout: 1 })
    const out = await invoke('lingers')
    expect(out.json.errorType).toBe('Sandbox.Timedout')
    expect(await gone(`sleep ${marker}1`)).toEqual([])
    if (sandboxIsolation().mode === 'pid-namespace') expect(await gone(`sleep ${marker}2`)).toEqual([])
    else for (const pid of running(`sleep ${marker}2`)) process.kill(pid, 'SIGKILL') // Not isolated without namespaces (see README)
  })

  it('a Node.js function over its MemorySize is killed: Runtime.OutOfMemory, then a fresh sandbox', async () => {
    await ready
    const source = `
exports.handler = async (e) => {
  if (!e.grow) return 'fine'
  const keep = []
  for (let i = 0; i < 64; i++) { keep.push(Buffer.alloc(32 * 1024 * 1024, 1)); await new Promise((r) => setTimeout(r, 20)) }
  return 'survived ' + keep.length
}`
    await create('hungry', { 'index.js': source }, { MemorySize: 128, Timeout: 60 })
    const out = await invoke('hungry', { grow: true })
    expect(out.error).toBe('Unhandled')
    expect(out.json.errorType).toBe('Runtime.OutOfMemory')
    expect(out.json.errorMessage).toMatch(/^RequestId: \S+ Error: Runtime exited with error: signal: killed$/)
    expect((await invoke('hungry')).json).toBe('fine')
  })

  it.runIf(linux && fs.existsSync('/usr/bin/python3'))('a Python function over its MemorySize is killed: Runtime.OutOfMemory', async () => {
    await ready
    const source = 'def handler(event, context):\n    if event.get("grow"):\n        block = bytearray(4 * 1024 * 1024 * 1024)\n        return len(block)\n    return "fine"\n'
    await lambda.send(new CreateFunctionCommand({ FunctionName: 'pyhungry', Runtime: 'python3.12', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zip({ 'index.py': source }) }, MemorySize: 128 }))
    const out = await invoke('pyhungry', { grow: true })
    expect(out.json.errorType).toBe('Runtime.OutOfMemory')
    expect(out.json.errorMessage).toMatch(/Error: Runtime exited with error: signal: killed$/)
    expect((await invoke('pyhungry')).json).toBe('fine')
  })

  it.runIf(fs.existsSync('/usr/bin/python3'))('a Python function leaves its task root as extracted (no __pycache__), even as root', async () => {
    await ready
    await lambda.send(new CreateFunctionCommand({ FunctionName: 'pyclean', Runtime: 'python3.12', Role: ROLE, Handler: 'app.handler', Code: { ZipFile: zip({ 'app.py': 'import helper\ndef handler(e, c):\n    return helper.VALUE\n', 'helper.py': 'VALUE = 7\n' }) } }))
    expect((await invoke('pyclean')).json).toBe(7)
    const tasks = path.join(cloud.dataDir, 'lambda', 'tasks')
    const roots = fs.readdirSync(tasks).filter((d) => fs.existsSync(path.join(tasks, d, 'helper.py')))
    expect(roots).toHaveLength(1)
    expect(fs.readdirSync(path.join(tasks, roots[0])).sort()).toEqual(['app.py', 'helper.py'])
  })

  it.runIf(linux && sandboxIsolation().mode === 'pid-namespace')('in its PID namespace a function cannot see (or signal) the cloud', async () => {
    await ready
    const source = `exports.handler = async (e) => { try { process.kill(e.pid, 0); return 'visible' } catch (err) { return err.code } }`
    await create('signals', { 'index.js': source })
    expect((await invoke('signals', { pid: process.pid })).json).toBe('ESRCH')
  })
})

describe.runIf(linux)('without namespaces (LAB_SANDBOX_NAMESPACES=0), a timeout still ends the process group', () => {
  it('kills the grandchild with the runtime', async () => {
    const saved = process.env.LAB_SANDBOX_NAMESPACES
    process.env.LAB_SANDBOX_NAMESPACES = '0'
    const cloud = await startCloudProcess('lab-pgroup-').finally(() => {
      if (saved === undefined) delete process.env.LAB_SANDBOX_NAMESPACES
      else process.env.LAB_SANDBOX_NAMESPACES = saved
    })
    try {
      const marker = `97${Math.floor(Math.random() * 1e6)}`
      await createLambdaRole(cloud)
      const lambda = new LambdaClient(cloud.sdk)
      const source = `exports.handler = async () => { require('child_process').spawn('sleep', ['${marker}'], { stdio: 'ignore' }); await new Promise(() => {}) }`
      await lambda.send(new CreateFunctionCommand({ FunctionName: 'pg', Runtime: 'nodejs22.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zip({ 'index.js': source }) }, Timeout: 1 }))
      const out = await lambda.send(new InvokeCommand({ FunctionName: 'pg' }))
      expect(JSON.parse(text(out.Payload)).errorType).toBe('Sandbox.Timedout')
      expect(await gone(`sleep ${marker}`)).toEqual([])
    } finally {
      cloud.child.kill('SIGKILL')
    }
  }, 120_000)
})
