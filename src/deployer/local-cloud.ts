/**
 * @module Find or start the local cloud as a background process, without importing it: the runner reaches
 * the cloud only over HTTP, so this spawns `bin/lab.js cloud start` and waits for `/_lab/health`.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { scrubbedCloudEnv } from '../common/cloud-env.js'
import { DEFAULT_CLOUD_PORT } from '../common/cloud-port.js'
import { LabError } from '../runner/errors.js'
import { fetchHealth, readHealth } from './health.js'
import { installCredentials } from './install-credentials.js'
import { t } from '../ui/i18n.js'

const START_TIMEOUT_MS = 20_000

/** What `cloud.json` holds while a cloud runs. */
export interface CloudState {
  pid: number
  port: number
  endpoint: string
  startedAt: string
}

export interface LocalCloud {
  port: number
  endpoint: string
  pid: number
  /** True when this call started it. */
  started: boolean
}

export function labHomeDir(): string {
  return process.env.LAB_HOME || path.join(os.homedir(), '.apigw-labs')
}

export function cloudPaths(labHome: string) {
  const dir = path.join(labHome, 'cloud')
  return { dir, pid: path.join(dir, 'cloud.pid'), state: path.join(dir, 'cloud.json'), log: path.join(dir, 'cloud.log') }
}

/** `LAB_CLOUD_PORT`, else 4599; a malformed value is an error rather than a silent default. */
export function configuredCloudPort(): number {
  const raw = process.env.LAB_CLOUD_PORT
  if (raw === undefined || raw === '') return DEFAULT_CLOUD_PORT
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new LabError(t('cloud.badPort', { value: raw }))
  return port
}

export function cloudEndpoint(port: number): string {
  return `http://localhost:${port}`
}

/** bin/lab.js, found from this file whether it runs from src/ (tests) or dist/. */
export function cliEntry(): string {
  return fileURLToPath(new URL('../../bin/lab.js', import.meta.url))
}

export function readCloudState(labHome: string): CloudState | undefined {
  try {
    const state = JSON.parse(fs.readFileSync(cloudPaths(labHome).state, 'utf8')) as CloudState
    return typeof state.port === 'number' && typeof state.pid === 'number' ? state : undefined
  } catch {
    return undefined
  }
}

export function writeCloudState(labHome: string, state: CloudState): void {
  const paths = cloudPaths(labHome)
  fs.mkdirSync(paths.dir, { recursive: true, mode: 0o700 })
  fs.writeFileSync(paths.pid, `${state.pid}\n`, { mode: 0o600 })
  fs.writeFileSync(paths.state, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 })
}

/** Remove the pid files, but only if they still describe `pid` (a newer cloud may have replaced them). */
export function clearCloudState(labHome: string, pid?: number): void {
  const paths = cloudPaths(labHome)
  const current = readCloudState(labHome)
  if (pid !== undefined && current && current.pid !== pid) return
  fs.rmSync(paths.state, { force: true })
  fs.rmSync(paths.pid, { force: true })
}

/**
 * A lab cloud on `port` with its pid and data folder, when it accepts this LAB_HOME's credentials (it answers
 * them to a request signed with them only); undefined for nothing there, something that isn't a lab cloud, or
 * another LAB_HOME's cloud.
 */
export async function healthCheck(port: number, labHome: string, timeoutMs = 1000): Promise<OwnHealth | undefined> {
  const credentials = installCredentials(cloudPaths(labHome).dir, { optional: true })
  if (!credentials) return undefined
  const answer = await fetchHealth({ url: new URL(`http://127.0.0.1:${port}`), credentials, timeoutMs })
  const health = answer && readHealth(answer.status, answer.body)
  return health?.pid !== undefined && health.dataDir !== undefined ? { pid: health.pid, dataDir: health.dataDir } : undefined
}

interface OwnHealth {
  pid: number
  dataDir: string
}

const samePath = (a: string, b: string) => {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p)
    } catch {
      return path.resolve(p)
    }
  }
  return real(a) === real(b)
}

/** This LAB_HOME's cloud? Several learners on one machine each have their own (and their own port). */
const ownedBy = (health: OwnHealth, labHome: string) => samePath(health.dataDir, cloudPaths(labHome).dir)

/** The running cloud for this LAB_HOME (by cloud.json, else by the configured port), cleaning stale files. */
export async function findRunningCloud(labHome: string): Promise<LocalCloud | undefined> {
  const state = readCloudState(labHome)
  if (state) {
    const health = await healthCheck(state.port, labHome)
    if (health && ownedBy(health, labHome)) return { port: state.port, endpoint: cloudEndpoint(state.port), pid: health.pid, started: false }
    if (!isAlive(state.pid)) clearCloudState(labHome, state.pid)
  }
  const port = configuredCloudPort()
  if (port === 0) return undefined
  const health = await healthCheck(port, labHome)
  return health && ownedBy(health, labHome) ? { port, endpoint: cloudEndpoint(port), pid: health.pid, started: false } : undefined
}

/** Why `port` cannot serve this LAB_HOME: another LAB_HOME's cloud holds it, or some other program does. */
export async function portTakenError(port: number, labHome: string): Promise<LabError> {
  // Unsigned: a lab cloud that is not this LAB_HOME's tells no more than that it is one.
  const answer = await fetchHealth({ url: new URL(`http://127.0.0.1:${port}`), timeoutMs: 500 })
  if (answer && readHealth(answer.status, answer.body)) {
    return new LabError(t('cloud.portOtherLabHome', { port }), [t('cloud.portOtherLabHomeHint', { next: (await nearbyFreePort(port)) ?? '<port>' })])
  }
  const free = await nearbyFreePort(port)
  return new LabError(t('cloud.portInUse', { port }), free === undefined ? [] : [t('cloud.portFreeHint', { free })])
}

/**
 * The first port after `taken` that nothing listens on right now, so a learner on a shared machine is told a port
 * that works rather than one to guess (the next one may be a neighbour's cloud too). A close number is easy to keep.
 */
export async function nearbyFreePort(taken: number, tries = 50): Promise<number | undefined> {
  for (let port = taken + 1; port <= Math.min(taken + tries, 65535); port++) if (await portFree(port)) return port
  return undefined
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Spawn `node bin/lab.js cloud start` detached with output to cloud.log, and wait until it is healthy.
 * The child writes cloud.json itself once it listens (so the pid is the server's own).
 */
export async function startDetachedCloud(labHome: string, port = configuredCloudPort()): Promise<LocalCloud> {
  const paths = cloudPaths(labHome)
  // Say "port in use" directly rather than as the tail of a child's log.
  if (port !== 0 && !(await portFree(port))) throw await portTakenError(port, labHome)
  fs.mkdirSync(paths.dir, { recursive: true, mode: 0o700 })
  rotateLog(paths.log)
  const logStart = fs.existsSync(paths.log) ? fs.statSync(paths.log).size : 0
  // Private from the first byte (the cloud repairs the rest of its folder when it starts).
  const fd = fs.openSync(paths.log, 'a', 0o600)
  let exited: { code: number | null } | undefined
  const child = spawn(process.execPath, [cliEntry(), 'cloud', 'start'], {
    detached: true,
    stdio: ['ignore', fd, fd],
    // None of the shell's variables (secrets included) reach the cloud or the functions it runs.
    env: scrubbedCloudEnv(process.env, { LAB_HOME: labHome, LAB_CLOUD_PORT: String(port), FORCE_COLOR: '0' }),
    windowsHide: true,
  })
  fs.closeSync(fd)
  child.on('exit', (code) => (exited = { code }))
  child.unref()

  const deadline = Date.now() + START_TIMEOUT_MS
  // Probing is a refused connect until the child listens (≈ 0.6 s): cheap, so probe often and answer soon after.
  for (let delay = 25; ; delay = Math.min(delay * 2, 50)) {
    // With port 0 the real port is only known from cloud.json, which the child writes when it listens.
    const state = readCloudState(labHome)
    const probePort = port === 0 ? (state && state.pid === child.pid ? state.port : undefined) : port
    if (probePort !== undefined) {
      const health = await healthCheck(probePort, labHome, 500)
      if (health && ownedBy(health, labHome)) return { port: probePort, endpoint: cloudEndpoint(probePort), pid: health.pid, started: health.pid === child.pid }
    }
    if (exited && probePort !== undefined) {
      // Another `lab` command may have started a cloud on this port a moment before ours gave up on it.
      const health = await healthCheck(probePort, labHome, 500)
      if (health && ownedBy(health, labHome)) return { port: probePort, endpoint: cloudEndpoint(probePort), pid: health.pid, started: false }
    }
    if (exited || Date.now() > deadline) {
      const tail = logTail(paths.log, logStart)
      if (!exited) killQuietly(child.pid)
      const reason = exited ? t('cloud.exitedEarly', { code: String(exited.code) }) : t('cloud.startTimeout', { seconds: START_TIMEOUT_MS / 1000 })
      throw new LabError(reason, tail ? [t('cloud.logTail', { log: paths.log }), ...tail.split('\n')] : [])
    }
    await new Promise((resolve) => setTimeout(resolve, delay))
  }
}

export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
  })
}

/** A running cloud for `labHome`: the one already up, else a freshly started detached one. */
export async function ensureLocalCloud(labHome: string = labHomeDir()): Promise<LocalCloud> {
  return (await findRunningCloud(labHome)) ?? startDetachedCloud(labHome)
}

/** The last lines written to the log since `from` (the child's own output, e.g. a busy-port message). */
export function logTail(file: string, from = 0, lines = 20): string {
  try {
    const text = fs.readFileSync(file).subarray(from).toString('utf8').trimEnd()
    return text.split('\n').slice(-lines).join('\n')
  } catch {
    return ''
  }
}

function rotateLog(file: string): void {
  try {
    if (fs.statSync(file).size > 5 * 1024 * 1024) fs.renameSync(file, `${file}.1`)
  } catch {
    // no log yet
  }
}

function killQuietly(pid: number | undefined): void {
  try {
    if (pid) process.kill(pid, 'SIGKILL')
  } catch {
    // already gone
  }
}
