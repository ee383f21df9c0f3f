/**
 * @module How function sandboxes are isolated on this machine, decided once per process. Where Linux allows a
 * user namespace (unprivileged, or as root): a PID namespace and a mount namespace of their own, in which the
 * namespace's init builds a minimal root (sandbox-root.ts) and pivots into it, so a function sees only what a
 * Lambda execution environment sees. Where mounts are refused, a PID namespace only; where user namespaces are
 * refused, a process group only. Shared by the cloud (which launches sandboxes) and `lab doctor` (which reports
 * the mode and why).
 * @see https://man7.org/linux/man-pages/man7/pid_namespaces.7.html
 * @see https://man7.org/linux/man-pages/man7/mount_namespaces.7.html
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { rootPlan } from './sandbox-root.js'

export interface Isolation {
  mode: 'pid-namespace' | 'process-group'
  /** `private-root`: a minimal root of its own (mount namespace); `shared`: the machine's files, as the learner's user. */
  filesystem: 'private-root' | 'shared'
  /** The command words that run `runtime` inside the namespaces, its root built from `plan` (private-root only). */
  wrap(runtime: string[], plan?: string, keepFds?: number): string[]
  /** Why the PID namespace is not used (process-group mode only). */
  reason?: string
  /** Why there is no private root (shared file system only). */
  filesystemReason?: string
}

/** Syscall numbers, by Node's name of the architecture: mount, umount2, pivot_root, unshare, close. */
const SYSCALLS: Record<string, [number, number, number, number, number]> = {
  x64: [165, 166, 155, 272, 3],
  arm64: [40, 39, 41, 97, 57],
  riscv64: [40, 39, 41, 97, 57],
}

/**
 * The runtime's environment travels to the init under this prefix, which the init strips before it starts the
 * runtime: `unshare`, `env` and `perl` themselves run on the machine, before any isolation, so a function's
 * environment (`PERL5OPT=-d` with `PERL5DB`, `LD_PRELOAD`, `PATH`) must mean nothing to them.
 */
export const RUNTIME_ENV_PREFIX = 'LAB_SANDBOX_ENV_'

/** What to spawn `wrap(…)`'s command with: the machine's PATH for the launchers, the runtime's variables prefixed. */
export function launcherEnvironment(runtimeEnv: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin' }
  for (const [name, value] of Object.entries(runtimeEnv)) env[RUNTIME_ENV_PREFIX + name] = value
  return env
}

/**
 * The namespace's first process (PID 1) is this small init rather than the runtime: Linux drops signals a PID 1
 * sends itself (a runtime could not be killed by its own abort or `kill -9`), and PID 1 inherits every orphan.
 * It first takes its environment from the prefixed variables only (see RUNTIME_ENV_PREFIX; and Node's IPC channel
 * variables, which Node's spawn adds), and closes every file
 * descriptor it inherited past the runtime's own first `K` (stdio and control pipes): a descriptor the cloud opened without close-on-exec (DynamoDB's LevelDB files, a terminal's pipes) would otherwise
 * reach the function, which could reopen it through /proc/self/fd whatever its root.
 * Given a plan, it then builds the sandbox's root (tmpfs, read-only binds that keep the mount's locked flags,
 * /tmp, /proc) and pivots into it, detaching the machine's root. It runs the runtime in a further user and mount
 * namespace, where every mount is locked (a function with its namespace's capabilities can neither remount a
 * bind read-write nor unmount one to see below), reaps what is reparented to it, and exits with the runtime's
 * status, a signal `N` as `128 + N` (as a shell reports it); 125 when the root cannot be built. When it exits,
 * Linux kills everything left in the namespace. Perl because it starts in a few milliseconds and every Linux
 * has it; `syscall` reaches mount(2) and pivot_root(2) without a helper binary.
 */
const INIT = `$0='lab-sandbox-init';%ENV=map{/^${RUNTIME_ENV_PREFIX}(.+)$/s?($1,$ENV{$_}):/^NODE_CHANNEL_/?($_,$ENV{$_}):()}keys %ENV;
my ($M,$U,$P,$S,$C,$K,$plan)=splice(@ARGV,0,7);
if($C&&opendir(my $d,'/proc/self/fd')){my @f=grep{/^\\d+$/&&$_>=$K}readdir $d;closedir $d;syscall($C+0,$_+0) for @f}
sub fail{print STDERR "lab sandbox: cannot build the function's root ($_[0]): $!\\n";exit 125}
sub str{defined($_[0])?"$_[0]":0}
sub mnt{my @a=(str($_[0]),str($_[1]),str($_[2]),$_[3]+0,str($_[4]));syscall($M+0,@a)==0 or fail("mount $_[1]")}
sub mkp{my $d='';for(grep{length}split m{/},$_[0]){$d.="/$_";mkdir $d}}
sub ro{mnt($_[0],$_[1],undef,20480,undef);mnt(undef,$_[1],undef,4129+$_[2],undef)}
my ($R,$cwd)=('','/');
for(split /\\n/,$plan){my($o,$a,$b,$c)=split /\\t/;
if($o eq 'root'){$R=$a;mnt('tmpfs',$R,'tmpfs',0,'mode=0755,size=1m')}
elsif($o eq 'bind'){mkp("$R$b");ro($a,"$R$b",$c)}
elsif($o eq 'file'){mkp("$R$b");rmdir "$R$b";open(my $f,'>',"$R$b") or fail($b);close $f;ro($a,"$R$b",$c)}
elsif($o eq 'link'){my $d="$R$b";$d=~s{/[^/]*$}{};mkp($d);symlink($a,"$R$b") or fail($b)}
elsif($o eq 'tmpfs'){mkp("$R$a");mnt('tmpfs',"$R$a",'tmpfs',$c,$b)}
elsif($o eq 'proc'){mkp("$R$a");mnt('proc',"$R$a",'proc',14,undef)}
elsif($o eq 'rebind'){ro("$R$a","$R$a",14)}
elsif($o eq 'cwd'){$cwd=$a}}
if(length $R){chdir $R or fail('chdir');my($x,$y)=('.','.');syscall($P+0,$x,$y)==0 or fail('pivot_root');syscall($U+0,$x,2)==0 or fail('umount');chdir '/';mnt(undef,'/',undef,4129,undef)}
$p=fork;if(!defined $p){exit 126}
if(!$p){if(length $R){syscall($S+0,268566528)==0 or fail('unshare');chdir $cwd}exec {$ARGV[0]} @ARGV or exit 127}
while(($w=waitpid(-1,0))>0){if($w==$p){$s=$?;last}}exit(($s&127)?128+($s&127):$s>>8)`

/**
 * `env PERL_BADLANG=0`: perl would otherwise warn into the function's log (its stderr) on every cold start when
 * the sandbox's LANG names a locale this machine lacks (containers, WSL; the init drops it).
 * `--kill-child`: if unshare itself is killed, so is the namespace's init (and with it the namespace). */
const NAMESPACE = ['unshare', '--user', '--map-current-user', '--pid', '--fork', '--mount-proc', '--kill-child=SIGKILL', '--', 'env', 'PERL_BADLANG=0', 'perl', '-e', INIT]

let decided: Isolation | undefined

const firstLine = (probe: ReturnType<typeof spawnSync>) =>
  probe.error ? probe.error.message : (String(probe.stderr || '') || `exit status ${probe.status}`).trim().split('\n')[0]

const groupOnly = (reason: string): Isolation => ({ mode: 'process-group', filesystem: 'shared', wrap: (runtime) => runtime, reason, filesystemReason: reason })

/**
 * Probe once (a few tens of ms): run `sh -c 'echo $$'` in the namespaces, in the root a sandbox gets, and expect
 * it to be PID 2 and to see none of the machine's temporary folder; else try a PID namespace alone.
 */
export function sandboxIsolation(): Isolation {
  if (decided) return decided
  if (process.platform !== 'linux') return (decided = groupOnly('PID and mount namespaces exist on Linux only'))
  if (process.env.LAB_SANDBOX_NAMESPACES === '0') return (decided = groupOnly('turned off with LAB_SANDBOX_NAMESPACES=0'))
  const numbers = SYSCALLS[process.arch]
  const run = (script: string, plan: string, args: string[] = []) =>
    spawnSync(NAMESPACE[0], [...NAMESPACE.slice(1), ...(numbers ?? [0, 0, 0, 0, 0]).map(String), '3', plan, '/bin/sh', '-c', script, 'sh', ...args], { encoding: 'utf8', timeout: 5_000 })
  let filesystemReason = `no system call table for the ${process.arch} architecture`
  if (numbers) {
    const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-sandbox-probe-'))
    try {
      const probe = run('echo $$; test -e "$1" && echo visible; exit 0', rootPlan({ mountPoint }), [mountPoint])
      if (probe.status === 0 && probe.stdout.trim() === '2') return (decided = privateRoot())
      filesystemReason = `mount namespaces are not available (${firstLine(probe)})`
    } catch (err) {
      filesystemReason = `mount namespaces are not available (${(err as Error).message})`
    } finally {
      fs.rmSync(mountPoint, { recursive: true, force: true })
    }
  }
  const probe = run('echo $$', '')
  if (probe.status === 0 && probe.stdout.trim() === '2') {
    const close = String(numbers?.[4] ?? 0)
    return (decided = { mode: 'pid-namespace', filesystem: 'shared', filesystemReason, wrap: (runtime, _plan, keep = 3) => [...NAMESPACE, '0', '0', '0', '0', close, String(keep), '', ...runtime] })
  }
  return (decided = groupOnly(`user namespaces are not available (${firstLine(probe)})`))
}

function privateRoot(): Isolation {
  const numbers = SYSCALLS[process.arch]!.map(String)
  return { mode: 'pid-namespace', filesystem: 'private-root', wrap: (runtime, plan = '', keep = 3) => [...NAMESPACE, ...numbers, String(keep), plan, ...runtime] }
}
