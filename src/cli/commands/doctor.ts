/**
 * @module `lab doctor [--json] [--target aws]`: is this machine ready? Node ≥ 20, python3, the local cloud (its
 * state private, how function sandboxes are isolated), the cloud's credentials (present, 0600, accepted by the
 * running cloud of this LAB_HOME), Chromium for `--browser`, and AWS credentials (only when asked with `--target aws`).
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { notPrivate } from '../../common/private-state.js'
import { sandboxIsolation } from '../../common/sandbox-isolation.js'
import { inexactRuntimes } from '../../common/interpreters.js'
import { installHint } from '../../ui/runtime-notice.js'
import { defaultDeps } from '../../runner/deps.js'
import { t } from '../../ui/i18n.js'
import { padVisible, visibleLength } from '../../ui/table.js'
import type { CommandContext } from '../context.js'

export interface DoctorOptions {
  json?: boolean
  target?: 'local' | 'aws'
  profile?: string
  region?: string
}

export type Status = 'ok' | 'warn' | 'fail' | 'skipped'
export interface Finding {
  id: string
  status: Status
  detail: string
}

export async function doctor(ctx: CommandContext, options: DoctorOptions): Promise<number> {
  const findings: Finding[] = [nodeVersion(), await python(), runtimes(ctx), await localCloud(ctx), state(ctx), await cloudCredentials(ctx), sandboxes(), await chromium(), await aws(ctx, options)]
  const ok = findings.every((f) => f.status !== 'fail')
  if (options.json) {
    ctx.out.json({ ok, checks: findings })
    return ok ? 0 : 1
  }
  const c = ctx.out.colors
  const mark = { ok: c.green('✓'), warn: c.yellow('!'), fail: c.red('✗'), skipped: c.dim('–') }
  // Labels padded in terminal columns: Korean labels are twice as wide as their length.
  const label = (f: Finding) => t(f.id === 'runtimes' ? 'runtimes.doctorTitle' : `cli.doctor.${f.id}`)
  const width = Math.max(...findings.map((f) => visibleLength(label(f))))
  for (const f of findings) ctx.out.info(`${mark[f.status]} ${padVisible(label(f), width)}  ${f.detail}`)
  return ok ? 0 : 1
}

function nodeVersion(): Finding {
  const major = Number(process.versions.node.split('.')[0])
  return {
    id: 'node',
    status: major >= 20 ? 'ok' : 'fail',
    detail: major >= 20 ? process.version : t('cli.doctor.nodeTooOld', { version: process.version }),
  }
}

async function python(): Promise<Finding> {
  const version = await new Promise<string | undefined>((resolve) =>
    execFile('python3', ['--version'], { timeout: 5000 }, (err, stdout, stderr) =>
      resolve(err ? undefined : (stdout || stderr).trim()),
    ),
  )
  // Only labs with Python functions need it, so its absence is a warning.
  // Whether it is the version a lab's functions declare is the 'runtimes' row's to say.
  return version ? { id: 'python', status: 'ok', detail: version } : { id: 'python', status: 'warn', detail: t('cli.doctor.noPython') }
}

/**
 * The runtimes the installed labs declare, and which of them this machine runs on another version (the local
 * cloud runs functions on the machine's interpreters).
 */
function runtimes(ctx: CommandContext): Finding {
  const declared = new Set<string>()
  const root = path.join(ctx.contentDir, 'templates')
  const files = fs.existsSync(root) ? fs.readdirSync(root, { recursive: true, encoding: 'utf8' }) : []
  for (const file of files.filter((f) => /template\.ya?ml$/.test(f))) {
    for (const m of fs.readFileSync(path.join(root, file), 'utf8').matchAll(/^\s*Runtime:\s*['"]?((?:nodejs|python)[\w.]+)/gm)) declared.add(m[1])
  }
  const older = inexactRuntimes([...declared].sort().map((runtime) => ({ name: runtime, runtime })))
  if (older.length === 0) return { id: 'runtimes', status: 'ok', detail: t('runtimes.doctorAllExact', { runtimes: [...declared].sort().join(', ') }) }
  return { id: 'runtimes', status: 'warn', detail: older.map((o) => t('runtimes.doctorOlder', { runtime: o.runtime, local: o.local, hint: installHint(o.runtime) })).join('; ') }
}

async function localCloud(ctx: CommandContext): Promise<Finding> {
  const { configuredCloudPort, findRunningCloud, portFree, portTakenError } = await import('../../deployer/local-cloud.js')
  try {
    const running = await findRunningCloud(ctx.labHome)
    if (running) return { id: 'cloud', status: 'ok', detail: t('cli.doctor.cloudRunning', { endpoint: running.endpoint, pid: running.pid }) }
    // Not running: it can start only if its port is free.
    const port = configuredCloudPort()
    if (port !== 0 && !(await portFree(port))) {
      // The hint names a port that is free now: on a shared machine the next one may be taken too.
      const taken = await portTakenError(port, ctx.labHome)
      return { id: 'cloud', status: 'fail', detail: [taken.message, ...taken.details].join(' ') }
    }
    return { id: 'cloud', status: 'ok', detail: t('cli.doctor.cloudStopped') }
  } catch (err) {
    return { id: 'cloud', status: 'fail', detail: err instanceof Error ? err.message : String(err) }
  }
}

async function cloudCredentials(ctx: CommandContext): Promise<Finding> {
  return (await import('./doctor-credentials.js')).cloudCredentials(ctx.labHome)
}

/** The cloud's state is private to this user (see src/common/private-state.ts). */
function state(ctx: CommandContext): Finding {
  const dir = path.join(ctx.labHome, 'cloud')
  if (!fs.existsSync(dir)) return { id: 'state', status: 'ok', detail: t('cli.doctor.stateMissing', { dir }) }
  const open = notPrivate(dir)
  return open.length === 0
    ? { id: 'state', status: 'ok', detail: t('cli.doctor.statePrivate', { dir }) }
    : { id: 'state', status: 'fail', detail: t('cli.doctor.stateOpen', { paths: open.join(', '), dir }) }
}

/** How function sandboxes are isolated here (the cloud decides the same way, and logs it in cloud.log). */
function sandboxes(): Finding {
  const isolation = sandboxIsolation()
  if (isolation.mode === 'pid-namespace' && isolation.filesystem === 'private-root') return { id: 'sandbox', status: 'ok', detail: t('cli.doctor.sandboxPrivateRoot') }
  if (isolation.mode === 'pid-namespace') return { id: 'sandbox', status: 'warn', detail: t('cli.doctor.sandboxSharedFiles', { reason: isolation.filesystemReason ?? '' }) }
  return { id: 'sandbox', status: 'warn', detail: t('cli.doctor.sandboxGroup', { reason: isolation.reason ?? '' }) }
}

async function chromium(): Promise<Finding> {
  try {
    const path = (await defaultDeps.checks()).findChromium()
    return path ? { id: 'chromium', status: 'ok', detail: path } : { id: 'chromium', status: 'warn', detail: t('cli.doctor.noChromium') }
  } catch (err) {
    return { id: 'chromium', status: 'warn', detail: err instanceof Error ? err.message : String(err) }
  }
}

async function aws(ctx: CommandContext, options: DoctorOptions): Promise<Finding> {
  if (options.target !== 'aws') return { id: 'aws', status: 'skipped', detail: t('cli.doctor.awsNotChecked') }
  try {
    const deployer = await defaultDeps.deployer()
    const target = await deployer.resolveTarget({ target: 'aws', profile: options.profile, region: options.region, labHome: ctx.labHome })
    const identity = (await deployer.checkCredentials(target)) as { account?: string; arn?: string; Account?: string; Arn?: string } | undefined
    const account = identity?.account ?? identity?.Account
    return { id: 'aws', status: 'ok', detail: account ? t('cli.doctor.awsAccount', { account, region: target.region }) : target.describe }
  } catch (err) {
    return { id: 'aws', status: 'fail', detail: err instanceof Error ? err.message : String(err) }
  }
}
