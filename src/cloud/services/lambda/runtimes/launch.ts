/**
 * @module Start and stop one sandbox's runtime process: in a PID namespace where the machine allows it (see
 * src/common/sandbox-isolation.ts), always in a process group of its own, with its memory limits. A timeout,
 * a crash or an out-of-memory kill ends the whole group (and namespace): nothing a function started outlives it.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process'
import fs from 'node:fs'
import { launcherEnvironment, sandboxIsolation } from '../../../../common/sandbox-isolation.js'
import type { SandboxSpec } from './sandbox-types.js'

/** What starting a runtime needs of a sandbox's spec. */
export type RuntimeCommand = Pick<SandboxSpec, 'family' | 'bootstrap' | 'python' | 'node' | 'taskRoot' | 'rootPlan' | 'env' | 'memoryMb'>

/**
 * The share of MemorySize given to V8's old generation: the rest is for the runtime itself, code and buffers
 * (the RSS watch covers the whole process).
 */
const HEAP_SHARE = 0.85

/** The runtime process, started detached (its own process group, so that one kill reaches all it started). */
export function launchRuntime(cmd: RuntimeCommand): ChildProcess {
  const runtime =
    cmd.family === 'nodejs'
      ? [cmd.node ?? process.execPath, `--max-old-space-size=${Math.max(16, Math.floor(cmd.memoryMb * HEAP_SHARE))}`, cmd.bootstrap]
      : [cmd.python!, '-u', cmd.bootstrap]
  // Node: output pipes and the IPC channel (fd 3). Python: output pipes and the control pipes (fds 3 and 4).
  const stdio: StdioOptions = cmd.family === 'nodejs' ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe', 'pipe', 'pipe']
  // Any other descriptor the cloud holds is closed before the runtime starts.
  const [command, ...args] = sandboxIsolation().wrap(runtime, cmd.rootPlan, stdio.length)
  // In a namespace the launchers run first, on the machine: they get a PATH of the cloud's, the function its own variables.
  const env = sandboxIsolation().mode === 'pid-namespace' ? launcherEnvironment(cmd.env) : cmd.env
  return spawn(command, args, { cwd: cmd.taskRoot, env, detached: true, stdio, serialization: 'json' })
}

/** SIGKILL the runtime's process group: the runtime, whatever it started, and (in a namespace) the namespace. */
export function killRuntime(child: ChildProcess): void {
  if (child.pid === undefined) return
  try {
    // Safe after the leader exited: Linux does not reuse a pid while a process group of that id still exists.
    process.kill(-child.pid, 'SIGKILL')
  } catch {
    // the group is gone already
  }
}

const SIGNAL_NAMES: Record<string, string> = { SIGKILL: 'killed', SIGABRT: 'aborted', SIGSEGV: 'segmentation fault', SIGTERM: 'terminated' }
const SIGNAL_NUMBERS: Record<number, string> = { 6: 'SIGABRT', 9: 'SIGKILL', 11: 'SIGSEGV', 15: 'SIGTERM' }

/**
 * Lambda's wording for a runtime that ended. In a namespace the init reports a signal `N` as exit status
 * `128 + N`; only the signals a runtime really dies of are read back that way (a runtime's own `exit(129)`
 * after an uncaught exception stays an exit status).
 */
export function exitReason(code: number | null, signal: NodeJS.Signals | null): string {
  const viaInit = sandboxIsolation().mode === 'pid-namespace' && code !== null && code > 128 ? SIGNAL_NUMBERS[code - 128] : undefined
  const name = signal ?? viaInit
  if (name) return `Runtime exited with error: signal: ${SIGNAL_NAMES[name] ?? name}`
  if (code) return `Runtime exited with error: exit status ${code}`
  return 'Runtime exited without providing a reason'
}

const PAGE = 4096

function childrenOf(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number)
  } catch {
    return []
  }
}

function residentBytes(pid: number): number {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE
  } catch {
    return 0
  }
}

/**
 * Resident memory of the runtime and what it started (Linux; 0 elsewhere), without the namespace's helpers
 * (unshare and the init), which are not the function's.
 */
export function runtimeRss(child: ChildProcess): number {
  if (child.pid === undefined || process.platform !== 'linux') return 0
  let roots = [child.pid]
  if (sandboxIsolation().mode === 'pid-namespace') roots = childrenOf(child.pid).flatMap(childrenOf)
  let total = 0
  const walk = (pid: number, depth: number) => {
    total += residentBytes(pid)
    if (depth < 8) for (const c of childrenOf(pid)) walk(c, depth + 1)
  }
  for (const root of roots) walk(root, 0)
  return total
}
