/**
 * @module `lab cloud start [--detach] | stop | status [--json] | env [--json]`: the local cloud's lifecycle, and
 * its credentials for other tools. The one runner
 * file allowed to import src/cloud (it starts the server in this process).
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import { SCRUBBED_MARK, scrubbedCloudEnv } from '../../common/cloud-env.js'
import { LabError } from '../../runner/errors.js'
import {
  clearCloudState,
  cliEntry,
  cloudEndpoint,
  cloudPaths,
  configuredCloudPort,
  findRunningCloud,
  portTakenError,
  isAlive,
  labHomeDir,
  readCloudState,
  startDetachedCloud,
  writeCloudState,
} from '../../deployer/local-cloud.js'
import { t } from '../../ui/i18n.js'
import { createOutput, type Output } from '../../ui/output.js'

export interface CloudOptions {
  detach?: boolean
  json?: boolean
  /** `lab cloud env --account main|second`. */
  account?: string
  /** Where to write (tests pass a captured output). */
  out?: Output
  /** LAB_HOME override (tests). */
  labHome?: string
}

const STOP_GRACE_MS = 5000

export async function cloud(args: string[] | string, options: CloudOptions = {}): Promise<number | void> {
  const sub = (Array.isArray(args) ? args[0] : args) ?? 'status'
  const out = options.out ?? createOutput()
  const home = options.labHome ?? labHomeDir()
  switch (sub) {
    case 'start':
      return options.detach ? startDetached(home, out) : startForeground(home, out)
    case 'stop':
      return stop(home, out)
    case 'status':
      return status(home, out, Boolean(options.json))
    case 'env':
      return (await import('./cloud-env.js')).cloudEnv(home, out, Boolean(options.json), options.account)
    default:
      throw new LabError(t('cloud.unknownSubcommand', { name: sub }))
  }
}

async function startDetached(home: string, out: Output): Promise<void> {
  const running = await findRunningCloud(home)
  if (running) {
    out.info(t('cloud.alreadyRunning', { endpoint: running.endpoint, pid: running.pid }))
    return
  }
  const started = await startDetachedCloud(home)
  out.info(t('cloud.startedDetached', { endpoint: started.endpoint, pid: started.pid, log: cloudPaths(home).log }))
}

/** Serve until SIGINT/SIGTERM, one log line per request; resolves once the server has closed. */
async function startForeground(home: string, out: Output): Promise<number | void> {
  const running = await findRunningCloud(home)
  if (running) {
    out.info(t('cloud.alreadyRunning', { endpoint: running.endpoint, pid: running.pid }))
    return
  }
  if (process.env[SCRUBBED_MARK] !== '1') return relaunchScrubbed(home)
  const port = configuredCloudPort()
  const dataDir = cloudPaths(home).dir
  // Loaded lazily: every other `lab` command stays free of the cloud's start-up cost.
  const { startCloud, CloudStartError, PortInUseError } = await import('../../cloud/server.js')
  const log = (line: string) => out.info(`${new Date().toISOString().slice(11, 23)} ${line}`)
  let server: Awaited<ReturnType<typeof startCloud>>
  try {
    server = await startCloud({ port, dataDir, log, logRequests: true })
  } catch (err) {
    if (err instanceof PortInUseError) throw await portTakenError(port, home)
    if (err instanceof CloudStartError) throw new LabError(err.message)
    throw err
  }
  writeCloudState(home, { pid: process.pid, port: server.port, endpoint: server.endpoint, startedAt: new Date().toISOString() })
  out.info(t('cloud.listening', { endpoint: server.endpoint, dataDir }))

  await new Promise<void>((resolve) => {
    let closing = false
    const shutdown = (signal: string) => {
      if (closing) return
      closing = true
      log(t('cloud.stopping', { signal }))
      clearCloudState(home, process.pid)
      server.close().then(resolve, resolve)
    }
    process.once('SIGINT', () => shutdown('SIGINT'))
    process.once('SIGTERM', () => shutdown('SIGTERM'))
    process.once('SIGHUP', () => shutdown('SIGHUP'))
  })
}

/**
 * Run the foreground cloud again as a child with the scrubbed environment (see src/common/cloud-env.ts): this
 * process keeps the terminal, passes signals on, and exits with the child's status.
 */
function relaunchScrubbed(home: string): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, cliEntry(), 'cloud', 'start'], {
    stdio: 'inherit',
    env: scrubbedCloudEnv(process.env, { LAB_HOME: home }),
  })
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal)
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((signal) => [signal, forward(signal)] as const)
  for (const [signal, handler] of handlers) process.on(signal, handler)
  return new Promise((resolve) => {
    child.on('error', () => resolve(1))
    child.on('exit', (code, signal) => {
      for (const [name, handler] of handlers) process.off(name, handler)
      resolve(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1))
    })
  })
}

async function stop(home: string, out: Output): Promise<void> {
  const running = await findRunningCloud(home)
  const state = readCloudState(home)
  // Prefer the pid the server reports about itself; fall back to the pid file for a hung server.
  const pid = running?.pid ?? (state && isAlive(state.pid) && looksLikeCloud(state.pid) ? state.pid : undefined)
  if (pid === undefined) {
    clearCloudState(home)
    out.info(t('cloud.notRunning'))
    return
  }
  process.kill(pid, 'SIGTERM')
  const deadline = Date.now() + STOP_GRACE_MS
  while (isAlive(pid) && Date.now() < deadline) await sleep(50)
  if (isAlive(pid)) {
    process.kill(pid, 'SIGKILL')
    while (isAlive(pid)) await sleep(50)
  }
  clearCloudState(home, pid)
  out.info(t('cloud.stopped', { pid }))
}

async function status(home: string, out: Output, json: boolean): Promise<void> {
  const running = await findRunningCloud(home)
  const dataDir = cloudPaths(home).dir
  if (running) {
    const report = { running: true, endpoint: running.endpoint, port: running.port, pid: running.pid, dataDir }
    if (json) out.json(report)
    else out.info(t('cloud.statusRunning', { endpoint: running.endpoint, pid: running.pid, dataDir }))
    return
  }
  const port = readCloudState(home)?.port ?? safePort()
  if (json) out.json({ running: false, endpoint: port ? cloudEndpoint(port) : null, port: port ?? null, pid: null, dataDir })
  else out.info(t('cloud.statusStopped', { dataDir }))
}

function safePort(): number | undefined {
  try {
    return configuredCloudPort() || undefined
  } catch {
    return undefined
  }
}

/** On Linux, confirm a pid from a stale file is still a `lab cloud start` before signalling it (pids get reused). */
function looksLikeCloud(pid: number): boolean {
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ')
    return cmdline.includes('cloud') && cmdline.includes('start')
  } catch {
    return process.platform !== 'linux'
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
