/**
 * @module The runtimes of one cloud: bootstrap files, the AWS SDK made importable from handlers, the environment
 * each sandbox gets, and one sandbox pool per function.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
import os from 'node:os'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { sandboxIsolation } from '../../../../common/sandbox-isolation.js'
import { rootPlan, SANDBOX_NODE_MODULES, SANDBOX_RUNTIME_DIR, SANDBOX_TASK_ROOT } from '../../../../common/sandbox-root.js'
import { writeFileAtomic } from '../../../core/atomic-file.js'
import type { CloudContext } from '../../../core/types.js'
import { lambdaDir, tasksDir } from '../code.js'
import { ensureTaskRoot } from '../task-root.js'
import { arnOf, type FunctionRecord } from '../model.js'
import { invalidParameter } from '../names.js'
import { runtimeFamily } from '../validate.js'
import { interpreterFor, type Interpreter } from '../../../../common/interpreters.js'
import { NODE_AWS_HOSTS, PYTHON_AWS_HOSTS } from './aws-hosts.js'
import { NODE_BOOTSTRAP } from './node-bootstrap.js'
import { PYTHON_BOOTSTRAP } from './python-bootstrap.js'
import { SandboxPool } from './pool.js'
import { QueueBudget } from './queue-budget.js'
import type { InvokeOutcome, InvokeRequest, SandboxSpec } from './sandbox.js'

/**
 * Sandboxes per fast function before invocations queue (the local stand-in for concurrency limits; slow
 * functions get more, see pool.ts). More busy processes than cores only adds contention: on 2 cores,
 * 2 sandboxes serve ~40 % more requests than 4.
 */
export const MAX_SANDBOXES_PER_FUNCTION = Math.min(4, Math.max(2, os.availableParallelism()))
/**
 * How long a function's temporary credentials last. Issued when the spec is built (a new revision, a cloud start,
 * or when they have less than an hour left); a sandbox is retired before they expire (pool.ts), as Lambda
 * replaces execution environments every few hours and their credentials hold for an environment's life.
 */
const CREDENTIALS_SECONDS = 12 * 60 * 60
/** Warm sandboxes idle this long are stopped. */
export const IDLE_REAP_MS = 5 * 60_000
/** The SDK packages the managed Node.js runtime provides. */
const PROVIDED_SCOPES = ['@aws-sdk', '@smithy', '@aws-crypto']

type RoleCredentials = ReturnType<CloudContext['credentials']['issueRoleCredentials']>

export class Runtimes {
  private readonly pools = new Map<string, SandboxPool>()
  /** The bytes of invocations waiting for a sandbox, every function together. */
  private readonly queueBudget = new QueueBudget()
  private readonly specs = new Map<string, SandboxSpec>()
  private readonly warned = new Set<string>()
  private python?: { executable: string; version: string } | null
  private reaper?: NodeJS.Timeout
  private readonly runtimeDir: string

  constructor(private readonly ctx: CloudContext) {
    this.runtimeDir = path.join(lambdaDir(ctx.dataDir), 'runtime')
  }

  start(): void {
    const isolation = sandboxIsolation()
    this.ctx.log(
      isolation.mode === 'pid-namespace'
        ? 'lambda: function sandboxes run in PID namespaces of their own'
        : `lambda: function sandboxes run in process groups only (no PID namespace: ${isolation.reason})`,
    )
    this.ctx.log(
      isolation.filesystem === 'private-root'
        ? 'lambda: function sandboxes see a root of their own (task root, runtime, system folders; no LAB_HOME)'
        : `lambda: function sandboxes see this machine's files as your user (${isolation.filesystemReason})`,
    )
    this.ensureBootstraps()
    this.linkSdk()
    this.reaper = setInterval(() => {
      for (const pool of this.pools.values()) pool.reap(IDLE_REAP_MS)
    }, 30_000)
    this.reaper.unref()
  }

  /**
   * The runtimes' bootstraps, as this cloud wrote them. Checked before every cold start, like task roots: a function
   * runs as the learner's user and could otherwise plant code in the bootstrap every other function starts from.
   */
  private ensureBootstraps(): void {
    for (const [file, text] of [['node-bootstrap.mjs', NODE_AWS_HOSTS + NODE_BOOTSTRAP], ['python-bootstrap.py', PYTHON_AWS_HOSTS + PYTHON_BOOTSTRAP]] as const) {
      const target = path.join(this.runtimeDir, file)
      let current: string | undefined
      try {
        current = fs.readFileSync(target, 'utf8')
      } catch {
        current = undefined
      }
      if (current === text) continue
      if (current !== undefined) this.ctx.log(`lambda: ${target} was changed on disk; writing it again`)
      writeFileAtomic(target, text)
    }
  }

  /**
   * Task roots live under `dataDir/lambda/tasks/`, so `dataDir/lambda/node_modules` is on every handler's module
   * search path (CommonJS and ESM alike): link the SDK scopes of this package there.
   */
  private linkSdk(): void {
    const source = findNodeModules(path.dirname(fileURLToPath(import.meta.url)))
    if (!source) return this.ctx.log('lambda: AWS SDK for JavaScript not found; handlers cannot import @aws-sdk/*')
    const target = path.join(lambdaDir(this.ctx.dataDir), 'node_modules')
    fs.mkdirSync(target, { recursive: true })
    for (const scope of PROVIDED_SCOPES) {
      const from = path.join(source, scope)
      const link = path.join(target, scope)
      if (!fs.existsSync(from)) continue
      try {
        if (fs.readlinkSync(link) === from) continue
        fs.rmSync(link, { force: true, recursive: true })
      } catch {
        // no link yet
      }
      fs.symlinkSync(from, link, 'dir')
    }
  }

  /** A missing interpreter fails CreateFunction, not the first invocation. */
  checkAvailable(runtime: string): void {
    if (runtimeFamily(runtime) !== 'python') return
    if (!this.findPython()) {
      throw invalidParameter(
        `The local cloud runs ${runtime} functions with this machine's python3, and none was found on PATH. ` +
          'Install Python 3 (or set LAB_PYTHON to an interpreter) and deploy again.',
      )
    }
  }

  private findPython(): { executable: string; version: string } | null {
    if (this.python !== undefined) return this.python
    const command = process.env.LAB_PYTHON || 'python3'
    const probe = spawnSync(command, ['-c', 'import sys; print(sys.executable); print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8', timeout: 10_000 })
    const [executable, version] = (probe.stdout ?? '').trim().split('\n')
    this.python = probe.status === 0 && executable ? { executable, version } : null
    return this.python
  }

  private warnVersion(runtime: string, interpreter: Interpreter | null): void {
    if (this.warned.has(runtime) || !interpreter || interpreter.exact) return
    this.warned.add(runtime)
    const tool = runtimeFamily(runtime) === 'nodejs' ? `Node.js ${interpreter.version}` : `Python ${interpreter.version}`
    this.ctx.log(`lambda: ${runtime} functions run on this machine's ${tool}; behaviour may differ from AWS's ${runtime}.`)
  }

  /**
   * Not implemented: architectures are not emulated; where the machine gives sandboxes no mount namespace
   * (see `lab doctor`), they share its file system as the learner's user (no private /tmp; the task root is
   * read-only by mode and checked against CodeSha256, see task-root.ts).
   */
  spec(f: FunctionRecord): SandboxSpec {
    // A warm invocation reuses the spec of its revision: no file checks or environment building per request.
    const cached = this.specs.get(arnOf(f))
    // …and while its temporary credentials have an hour left: new sandboxes then get fresh ones.
    if (cached?.revision === f.revisionId && (cached.credentialsExpire ?? 0) > Date.now() + 3_600_000) return cached
    const spec = this.buildSpec(f)
    this.specs.set(arnOf(f), spec)
    return spec
  }

  private buildSpec(f: FunctionRecord): SandboxSpec {
    const family = runtimeFamily(f.runtime)
    if (!family) throw invalidParameter(`The local cloud cannot run runtime ${f.runtime}`)
    // The declared version when the machine has it (python3.13, a Node.js of the major under nvm, fnm…).
    const interpreter = interpreterFor(f.runtime)
    this.warnVersion(f.runtime, interpreter)
    const taskRoot = path.join(tasksDir(this.ctx.dataDir), f.code.hex)
    const dataDir = this.ctx.dataDir
    const log = this.ctx.log
    if (family === 'python' && !interpreter) this.checkAvailable(f.runtime)
    const bootstrap = path.join(this.runtimeDir, family === 'nodejs' ? 'node-bootstrap.mjs' : 'python-bootstrap.py')
    const python = family === 'python' ? (interpreter?.executable ?? this.findPython()?.executable) : undefined
    const node = family === 'nodejs' ? (interpreter?.executable ?? process.execPath) : undefined
    const root = this.privateRoot(taskRoot, bootstrap, (python ?? node)!)
    const credentials = this.ctx.credentials.issueRoleCredentials(f.role, f.name, CREDENTIALS_SECONDS)
    return {
      family,
      bootstrap: root ? path.posix.join(SANDBOX_RUNTIME_DIR, path.basename(bootstrap)) : bootstrap,
      python,
      node,
      taskRoot,
      rootPlan: root,
      env: this.environment(f, credentials, root ? SANDBOX_TASK_ROOT : taskRoot, root ? SANDBOX_RUNTIME_DIR : this.runtimeDir),
      credentialsExpire: credentials.Expiration,
      revision: f.revisionId,
      timeoutMs: f.timeout * 1000,
      memoryMb: f.memorySize,
      // Every cold start checks the task root against the package (CodeSha256) first.
      prepare: () => {
        this.ensureBootstraps()
        ensureTaskRoot(dataDir, f.code.hex, log)
      },
    }
  }

  /**
   * The plan of the sandbox's own root where the machine gives sandboxes a mount namespace (see
   * src/common/sandbox-root.ts): what it may see, and what stays hidden even inside a bound folder.
   */
  private privateRoot(taskRoot: string, bootstrap: string, interpreter: string): string | undefined {
    if (sandboxIsolation().filesystem !== 'private-root') return undefined
    const mountPoint = path.join(lambdaDir(this.ctx.dataDir), 'sandbox-root')
    fs.mkdirSync(mountPoint, { recursive: true, mode: 0o700 })
    const nodeModules = findNodeModules(path.dirname(fileURLToPath(import.meta.url)))
    const hidden = [this.ctx.dataDir, path.dirname(this.ctx.dataDir), os.homedir(), ...(nodeModules ? [path.dirname(nodeModules)] : [])]
    return rootPlan({
      mountPoint,
      taskRoot,
      runtimeFiles: [bootstrap],
      sdk: nodeModules ? { nodeModules, scopes: PROVIDED_SCOPES } : undefined,
      interpreters: [interpreter],
      hidden,
    })
  }

  private environment(f: FunctionRecord, credentials: RoleCredentials, taskRoot: string, runtimeDir: string): Record<string, string> {
    return {
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      TZ: 'UTC',
      // Not reserved, so a function may override it: where SDK clients inside handlers send their calls.
      AWS_ENDPOINT_URL: this.ctx.endpoint,
      ...f.environment,
      _HANDLER: f.handler,
      AWS_EXECUTION_ENV: `AWS_Lambda_${f.runtime}`,
      AWS_REGION: f.region,
      AWS_DEFAULT_REGION: f.region,
      AWS_LAMBDA_FUNCTION_NAME: f.name,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(f.memorySize),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${f.name}`,
      // AWS_LAMBDA_LOG_STREAM_NAME is set per sandbox (sandbox.ts).
      // Temporary credentials of the execution role, as Lambda gives them: never the install's own key.
      AWS_ACCESS_KEY_ID: credentials.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.SecretAccessKey,
      AWS_SESSION_TOKEN: credentials.SessionToken,
      // Keep the machine's own ~/.aws files (profiles, real endpoints) out of the sandbox.
      AWS_CONFIG_FILE: path.join(runtimeDir, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(runtimeDir, 'no-aws-credentials'),
      LAMBDA_TASK_ROOT: taskRoot,
      LAMBDA_RUNTIME_DIR: runtimeDir,
      ...(runtimeFamily(f.runtime) === 'nodejs' ? { NODE_PATH: this.nodePath(runtimeDir !== this.runtimeDir) } : {}),
    }
  }

  /** Lambda's NODE_PATH in a private root; on the shared file system, the SDK links beside the task roots. */
  private nodePath(privateRoot: boolean): string {
    if (!privateRoot) return path.join(lambdaDir(this.ctx.dataDir), 'node_modules')
    return ['/opt/nodejs/node_modules', SANDBOX_NODE_MODULES, SANDBOX_RUNTIME_DIR, SANDBOX_TASK_ROOT].join(':')
  }

  async invoke(f: FunctionRecord, req: Omit<InvokeRequest, 'invokedFunctionArn'> & { invokedFunctionArn?: string }): Promise<InvokeOutcome> {
    const spec = this.spec(f)
    const key = arnOf(f)
    let pool = this.pools.get(key)
    if (!pool) this.pools.set(key, (pool = new SandboxPool(MAX_SANDBOXES_PER_FUNCTION, undefined, undefined, this.queueBudget)))
    return pool.run(spec, { ...req, invokedFunctionArn: req.invokedFunctionArn ?? key })
  }

  /** After an update: warm sandboxes of the old code or configuration are not reused. */
  retire(f: FunctionRecord): void {
    this.pools.get(arnOf(f))?.retire()
  }

  remove(f: FunctionRecord): void {
    this.pools.get(arnOf(f))?.close()
    this.pools.delete(arnOf(f))
  }

  sandboxCount(f: FunctionRecord): number {
    return this.pools.get(arnOf(f))?.size ?? 0
  }

  stop(): void {
    if (this.reaper) clearInterval(this.reaper)
    for (const pool of this.pools.values()) pool.close()
    this.pools.clear()
  }
}

function findNodeModules(from: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules')
    if (fs.existsSync(path.join(candidate, '@aws-sdk'))) return candidate
    if (path.dirname(dir) === dir) return undefined
  }
}
