/** `lab cloud start --detach | status --json | stop` as real processes, with a temporary LAB_HOME and port. */
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { bin, ensureBuilt, freePort, lab } from './built-cli.js'
import { ensureLocalCloud } from '../../src/deployer/local-cloud.js'
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { readInstallCredentials } from '../../src/common/install-credentials.js'
import { fetchHealth, readHealth } from '../../src/deployer/health.js'

/** The health check as the runner sends it: signed with the LAB_HOME's install credentials. */
async function signedHealth(port: number, labHome: string) {
  const answer = await fetchHealth({ url: new URL(`http://127.0.0.1:${port}`), credentials: readInstallCredentials(path.join(labHome, 'cloud'))! })
  return answer && readHealth(answer.status, answer.body)
}

let home: string
let env: Record<string, string>

beforeAll(async () => {
  ensureBuilt()
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-home-'))
  env = { LAB_HOME: home, LAB_CLOUD_PORT: String(await freePort()) }
}, 300_000) // a rebuild of dist/ on a busy machine can take minutes

afterAll(async () => {
  // Never leave a detached cloud behind, whatever happened above.
  const state = path.join(home, 'cloud/cloud.json')
  if (fs.existsSync(state)) {
    try {
      process.kill(JSON.parse(fs.readFileSync(state, 'utf8')).pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
})

describe('lab cloud', () => {
  it('reports a stopped cloud in status --json', async () => {
    const run = await lab(['cloud', 'status', '--json'], env)
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ running: false, dataDir: path.join(home, 'cloud') })
  })

  it('starts detached, writes its pid files and answers health checks', async () => {
    const run = await lab(['cloud', 'start', '--detach'], env)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`http://localhost:${env.LAB_CLOUD_PORT}`)
    const state = JSON.parse(fs.readFileSync(path.join(home, 'cloud/cloud.json'), 'utf8'))
    expect(state).toMatchObject({ port: Number(env.LAB_CLOUD_PORT), endpoint: `http://localhost:${env.LAB_CLOUD_PORT}` })
    expect(fs.readFileSync(path.join(home, 'cloud/cloud.pid'), 'utf8').trim()).toBe(String(state.pid))
    // Anyone learns that a lab cloud answers; its pid only this LAB_HOME's signed request.
    const health = await fetch(`http://127.0.0.1:${env.LAB_CLOUD_PORT}/_lab/health`)
    expect(await health.json()).not.toHaveProperty('pid')
    expect(await signedHealth(Number(env.LAB_CLOUD_PORT), home)).toMatchObject({ pid: state.pid, dataDir: path.join(home, 'cloud') })
  })

  it('keeps another LAB_HOME off its port: no status, stop or deploy of someone else\'s cloud', async () => {
    // A workshop machine: a second learner with their own LAB_HOME, on the same (default) port.
    const other = { ...env, LAB_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'lab-home-other-')) }
    const status = await lab(['cloud', 'status', '--json'], other)
    expect(JSON.parse(status.stdout)).toMatchObject({ running: false, dataDir: path.join(other.LAB_HOME, 'cloud') })
    expect((await lab(['cloud', 'stop'], other)).stdout).toMatch(/not running/)
    for (const args of [['cloud', 'start', '--detach'], ['outputs', '--json', '350']]) {
      const run = await lab(args, other)
      expect(run.code).toBe(1)
      expect(run.stderr).toContain(`Port ${env.LAB_CLOUD_PORT} is taken by the local cloud of another LAB_HOME:`)
      expect(run.stderr).not.toContain(home)
      expect(run.stderr).toContain('LAB_CLOUD_PORT')
    }
    // The first learner's cloud is still up.
    expect(JSON.parse((await lab(['cloud', 'status', '--json'], env)).stdout).running).toBe(true)
  })

  it('says so when asked to start again, and exits 0', async () => {
    const run = await lab(['cloud', 'start', '--detach'], env)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/already running/)
  })

  it('reports the running cloud in status --json', async () => {
    const run = await lab(['cloud', 'status', '--json'], env)
    expect(run.code).toBe(0)
    const status = JSON.parse(run.stdout)
    expect(status).toMatchObject({
      running: true,
      endpoint: `http://localhost:${env.LAB_CLOUD_PORT}`,
      port: Number(env.LAB_CLOUD_PORT),
      dataDir: path.join(home, 'cloud'),
    })
    expect(status.pid).toBeGreaterThan(0)
  })

  it('logs one line per request in cloud.log', async () => {
    await fetch(`http://127.0.0.1:${env.LAB_CLOUD_PORT}/_lab/health?from=test`)
    // The log line is written after the response; poll the file rather than sleeping a fixed time.
    let log = ''
    for (let i = 0; i < 100 && !log.includes('/_lab/health'); i++) {
      log = fs.readFileSync(path.join(home, 'cloud/cloud.log'), 'utf8')
      await new Promise((r) => setTimeout(r, 20))
    }
    expect(log).toMatch(/GET .*\/_lab\/health → 200/)
  })

  it('names the AWS operation, and the error code of a failure, in the request log', async () => {
    // The credentials the detached cloud made in its LAB_HOME on its first start.
    const sdk = { endpoint: `http://localhost:${env.LAB_CLOUD_PORT}`, region: 'us-east-1', credentials: readInstallCredentials(path.join(home, 'cloud'))! }
    await new STSClient(sdk).send(new GetCallerIdentityCommand({}))
    await expect(new CloudFormationClient(sdk).send(new DescribeStacksCommand({ StackName: 'no-such-stack' }))).rejects.toThrow(/does not exist/)
    await fetch(`http://127.0.0.1:${env.LAB_CLOUD_PORT}/_aws/execute-api/nosuchapi/prod/pets`)
    let log = ''
    for (let i = 0; i < 100 && !log.includes('nosuchapi'); i++) {
      log = fs.readFileSync(path.join(home, 'cloud/cloud.log'), 'utf8')
      await new Promise((r) => setTimeout(r, 20))
    }
    expect(log).toMatch(/sts\.GetCallerIdentity → 200 \d+ms/)
    expect(log).toMatch(/cloudformation\.DescribeStacks → 400 ValidationError \d+ms/)
    expect(log).toMatch(/GET 127\.0\.0\.1\/_aws\/execute-api\/nosuchapi\/prod\/pets → 404 NotFoundException apigateway \d+ms/)
  })

  it('stops it: the process exits and the pid files are gone', async () => {
    const pid = JSON.parse(fs.readFileSync(path.join(home, 'cloud/cloud.json'), 'utf8')).pid as number
    const run = await lab(['cloud', 'stop'], env)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`pid ${pid}`)
    expect(() => process.kill(pid, 0)).toThrow()
    expect(fs.existsSync(path.join(home, 'cloud/cloud.pid'))).toBe(false)
    expect(fs.existsSync(path.join(home, 'cloud/cloud.json'))).toBe(false)
    expect(JSON.parse((await lab(['cloud', 'status', '--json'], env)).stdout).running).toBe(false)
  })

  it('says the cloud is not running when stopping twice', async () => {
    const run = await lab(['cloud', 'stop'], env)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/not running/)
  })

  it('cleans a stale pid file left by a killed cloud', async () => {
    fs.mkdirSync(path.join(home, 'cloud'), { recursive: true })
    const dead = { pid: 2 ** 22 + 12345, port: Number(env.LAB_CLOUD_PORT), endpoint: 'x', startedAt: '' }
    fs.writeFileSync(path.join(home, 'cloud/cloud.json'), JSON.stringify(dead))
    fs.writeFileSync(path.join(home, 'cloud/cloud.pid'), String(dead.pid))
    const run = await lab(['cloud', 'status', '--json'], env)
    expect(JSON.parse(run.stdout).running).toBe(false)
    expect(fs.existsSync(path.join(home, 'cloud/cloud.json'))).toBe(false)
  })

  it('explains a busy port without a stack trace and exits non-zero', async () => {
    const blocker = net.createServer((socket) => socket.destroy())
    const port = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)))
    try {
      const busyEnv = { ...env, LAB_CLOUD_PORT: String(port) }
      const foreground = await lab(['cloud', 'start'], busyEnv)
      expect(foreground.code).not.toBe(0)
      expect(foreground.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`)
      expect(foreground.stderr).not.toMatch(/\n\s+at /)
      const detached = await lab(['cloud', 'start', '--detach'], busyEnv)
      expect(detached.code).not.toBe(0)
      expect(detached.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`)
    } finally {
      blocker.close()
    }
  })

  it('names a damaged state file and what to do, leaves it untouched, and exits non-zero', async () => {
    const damagedHome = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-home-'))
    const file = path.join(damagedHome, 'cloud/cloudformation/stacks.json')
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, '{"stacks": [')
    const damagedEnv = { LAB_HOME: damagedHome, LAB_CLOUD_PORT: String(await freePort()) }
    for (const args of [['cloud', 'start'], ['cloud', 'start', '--detach']]) {
      const run = await lab(args, damagedEnv)
      expect(run.code).not.toBe(0)
      expect(run.stderr).toContain(`cannot read its saved state in ${file}`)
      expect(run.stderr).toContain(`mv "${file}" "${file}.bad"`)
      expect(run.stderr).not.toMatch(/bug in lab|\n\s+at /)
    }
    expect(fs.readFileSync(file, 'utf8')).toBe('{"stacks": [')
    expect((await lab(['cloud', 'status', '--json'], damagedEnv)).stdout).toContain('"running": false')
  })

  it('runs in the foreground until SIGTERM, then closes cleanly and removes its pid files', async () => {
    const port = String(await freePort())
    const child = spawn(process.execPath, [bin, 'cloud', 'start'], {
      env: { ...process.env, NO_COLOR: '1', LAB_HOME: home, LAB_CLOUD_PORT: port, AWS_SECRET_ACCESS_KEY: 'foreground-canary' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        stdout += d
        if (stdout.includes('listening')) resolve()
      })
      child.on('close', () => reject(new Error(`exited early: ${stdout}`)))
    })
    // The server is the scrubbed re-launch, a child of the command the learner started.
    const serverPid = JSON.parse(fs.readFileSync(path.join(home, 'cloud/cloud.json'), 'utf8')).pid as number
    expect(fs.readFileSync(`/proc/${serverPid}/stat`, 'utf8').split(') ')[1].split(' ')[1]).toBe(String(child.pid))
    expect((await signedHealth(Number(port), home))?.pid).toBe(serverPid)
    // It runs without the shell's variables (a function could read its environment).
    expect(fs.readFileSync(`/proc/${serverPid}/environ`, 'utf8')).not.toContain('foreground-canary')
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(stdout).toMatch(/GET .*\/_lab\/health → 200/)
    expect(fs.existsSync(path.join(home, 'cloud/cloud.json'))).toBe(false)
  })

  it('ensureLocalCloud starts a detached cloud once, then reuses it', async () => {
    const ownHome = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-home-'))
    const saved = process.env.LAB_CLOUD_PORT
    process.env.LAB_CLOUD_PORT = String(await freePort())
    try {
      const first = await ensureLocalCloud(ownHome)
      expect(first).toMatchObject({ started: true, port: Number(process.env.LAB_CLOUD_PORT) })
      const again = await ensureLocalCloud(ownHome)
      expect(again).toMatchObject({ started: false, pid: first.pid, endpoint: first.endpoint })
    } finally {
      await lab(['cloud', 'stop'], { LAB_HOME: ownHome, LAB_CLOUD_PORT: process.env.LAB_CLOUD_PORT! })
      process.env.LAB_CLOUD_PORT = saved
    }
  })
})
