/**
 * @module How function sandboxes are isolated on this machine, decided once per process: in a PID namespace of
 * their own where Linux allows it without privileges (a user namespace: `unshare --user --map-current-user --pid
 * --mount-proc`), else in a process group of their own. Shared by the cloud (which launches sandboxes) and
 * `lab doctor` (which reports the mode).
 * @see https://man7.org/linux/man-pages/man7/pid_namespaces.7.html
 */
import { spawnSync } from 'node:child_process'

export interface Isolation {
  mode: 'pid-namespace' | 'process-group'
  /** The command words that run a program inside the namespace (empty in process-group mode). */
  wrapper: string[]
  /** Why the PID namespace is not used (process-group mode only). */
  reason?: string
}

/**
 * The namespace's first process (PID 1) is this small init rather than the runtime: Linux drops signals a PID 1
 * sends itself (a runtime could not be killed by its own abort or `kill -9`), and PID 1 inherits every orphan.
 * It runs the runtime, reaps what is reparented to it, and exits with the runtime's status, a signal `N` as
 * `128 + N` (as a shell reports it). When it exits, Linux kills everything left in the namespace (a
 * daemonized grandchild included). Perl because it starts in a few milliseconds and every Linux has it.
 */
const INIT = 'delete $ENV{PERL_BADLANG};$p=fork;if(!defined $p){exit 126}if(!$p){exec {$ARGV[0]} @ARGV or exit 127}' +
  'while(($w=waitpid(-1,0))>0){if($w==$p){$s=$?;last}}exit(($s&127)?128+($s&127):$s>>8)'

/**
 * `env PERL_BADLANG=0`: perl would otherwise warn into the function's log (its stderr) on every cold start when
 * the sandbox's LANG names a locale this machine lacks (containers, WSL).
 * `--kill-child`: if unshare itself is killed, so is the namespace's init (and with it the namespace). */
const NAMESPACE = ['unshare', '--user', '--map-current-user', '--pid', '--fork', '--mount-proc', '--kill-child=SIGKILL', '--', 'env', 'PERL_BADLANG=0', 'perl', '-e', INIT]

let decided: Isolation | undefined

/** Probe once (about 20 ms): run `sh -c 'echo $$'` in a namespace and expect it to be PID 2. */
export function sandboxIsolation(): Isolation {
  if (decided) return decided
  if (process.platform !== 'linux') return (decided = { mode: 'process-group', wrapper: [], reason: 'PID namespaces exist on Linux only' })
  if (process.env.LAB_SANDBOX_NAMESPACES === '0') {
    return (decided = { mode: 'process-group', wrapper: [], reason: 'turned off with LAB_SANDBOX_NAMESPACES=0' })
  }
  const probe = spawnSync(NAMESPACE[0], [...NAMESPACE.slice(1), '/bin/sh', '-c', 'echo $$'], { encoding: 'utf8', timeout: 5_000 })
  if (probe.status === 0 && probe.stdout.trim() === '2') return (decided = { mode: 'pid-namespace', wrapper: NAMESPACE })
  const why = probe.error ? probe.error.message : (probe.stderr || `exit status ${probe.status}`).trim().split('\n')[0]
  return (decided = { mode: 'process-group', wrapper: [], reason: `user namespaces are not available (${why})` })
}
