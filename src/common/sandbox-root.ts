/**
 * @module The file system a function sees where sandboxes get a mount namespace: a minimal root of its own, as
 * a Lambda execution environment has — the task root at `/var/task` and the runtime at `/var/runtime` (both
 * read-only), the machine's system folders and interpreters (read-only), a private writable `/tmp`, a `/dev`
 * with the harmless devices only and a `/proc` of its own PID namespace. Not `LAB_HOME`, not the project, not
 * other functions' task roots, not the rest of the learner's files. This module only describes the root (a
 * plan the namespace's init carries out, see sandbox-isolation.ts); the host's mount table decides which flags
 * a read-only bind must keep.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 * @see https://man7.org/linux/man-pages/man2/pivot_root.2.html
 */
import fs from 'node:fs'
import path from 'node:path'

/** Where a sandbox finds what the runtime gives it (as on Lambda). */
export const SANDBOX_TASK_ROOT = '/var/task'
export const SANDBOX_RUNTIME_DIR = '/var/runtime'
/** The SDK scopes a Node.js handler may import, linked from here into the bound `node_modules`. */
export const SANDBOX_NODE_MODULES = '/var/runtime/node_modules'
const SANDBOX_SDK = '/var/runtime/sdk/node_modules'
/** Lambda's /tmp (ephemeral storage, 512 MB unless configured). */
const TMP_SIZE = '512m'

export interface RootLayout {
  /** The host folder the sandbox mounts the root on (an empty folder that only this cloud uses). */
  mountPoint: string
  /** The function's task root on the host (absent in the probe). */
  taskRoot?: string
  /** Files placed in `/var/runtime` (the bootstraps), by their host paths. */
  runtimeFiles?: string[]
  /** The `node_modules` that holds the provided SDK scopes, and the scopes a handler may import from it. */
  sdk?: { nodeModules: string; scopes: string[] }
  /** Interpreters the sandbox runs (their install is bound read-only when outside the system folders). */
  interpreters?: string[]
  /** Host paths never visible, even when they lie inside a bound folder (LAB_HOME, the project). */
  hidden?: string[]
}

// Not implemented: Lambda's own Amazon Linux image: a sandbox sees this machine's system folders (read-only).
const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']
/** What programs read from /etc (loader, DNS, users, TLS roots, time zone): never /etc as a whole (shadow, keys). */
const ETC = [
  '/etc/ld.so.cache', '/etc/ld.so.conf', '/etc/ld.so.conf.d', '/etc/resolv.conf', '/etc/hosts', '/etc/nsswitch.conf',
  '/etc/passwd', '/etc/group', '/etc/localtime', '/etc/os-release', '/etc/mime.types', '/etc/alternatives',
  '/etc/ssl/certs', '/etc/ssl/openssl.cnf', '/etc/ca-certificates', '/etc/pki/tls/certs', '/etc/pki/ca-trust',
]
const DEVICES = ['/dev/null', '/dev/zero', '/dev/full', '/dev/random', '/dev/urandom']

// Mount flags (linux/mount.h).
const MS = { RDONLY: 1, NOSUID: 2, NODEV: 4, NOEXEC: 8, NOATIME: 1024, NODIRATIME: 2048, RELATIME: 1 << 21, STRICTATIME: 1 << 24 }

const isUnder = (p: string, dir: string) => p === dir || p.startsWith(dir.endsWith('/') ? dir : dir + '/')
const kind = (p: string) => {
  try {
    const s = fs.lstatSync(p)
    return s.isSymbolicLink() ? 'link' : s.isDirectory() ? 'dir' : 'file'
  } catch {
    return undefined
  }
}

/**
 * The flags a read-only remount of a bind of `source` must keep: in a user namespace, nosuid/nodev/noexec and
 * the atime mode of the original mount are locked, and a remount that drops them is refused (EPERM).
 */
function lockedFlags(source: string, mounts: { point: string; options: string[] }[]): number {
  let best: { point: string; options: string[] } | undefined
  for (const m of mounts) if (isUnder(source, m.point) && (!best || m.point.length > best.point.length)) best = m
  let flags = 0
  for (const option of best?.options ?? []) {
    if (option === 'nosuid') flags |= MS.NOSUID
    else if (option === 'nodev') flags |= MS.NODEV
    else if (option === 'noexec') flags |= MS.NOEXEC
    else if (option === 'noatime') flags |= MS.NOATIME
    else if (option === 'nodiratime') flags |= MS.NODIRATIME
    else if (option === 'strictatime') flags |= MS.STRICTATIME
  }
  return flags
}

/** This process's mount table (mount point, per-mount options), from /proc/self/mountinfo. */
function mountTable(): { point: string; options: string[] }[] {
  const unescape = (s: string) => s.replace(/\\(\d{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)))
  try {
    return fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter(Boolean).map((line) => {
      const fields = line.split(' ')
      return { point: unescape(fields[4]), options: fields[5].split(',') }
    })
  } catch {
    return []
  }
}

/**
 * The plan for the namespace's init: one operation a line, fields separated by tabs, paths inside the new root
 * absolute. Throws when a path cannot be written in it (a tab or a newline).
 */
export function rootPlan(layout: RootLayout): string {
  const mounts = mountTable()
  const lines: string[] = [`root\t${layout.mountPoint}`]
  const bound: string[] = []
  const bind = (source: string, target: string) => {
    const real = fs.realpathSync(source)
    const type = kind(real)
    if (!type) return
    lines.push(`${type === 'dir' ? 'bind' : 'file'}\t${real}\t${target}\t${lockedFlags(real, mounts)}`)
    if (target === source) bound.push(source)
  }
  for (const dir of SYSTEM_DIRS) {
    const type = kind(dir)
    if (type === 'link') lines.push(`link\t${fs.readlinkSync(dir)}\t${dir}`)
    else if (type === 'dir') bind(dir, dir)
  }
  for (const entry of ETC) if (kind(entry)) bind(entry, entry)
  lines.push(`tmpfs\t/dev\tmode=0755,size=64k\t${MS.NOSUID | MS.NOEXEC}`)
  for (const device of DEVICES) if (kind(device)) bind(device, device)
  lines.push('link\t/proc/self/fd\t/dev/fd', 'link\t/proc/self/fd/0\t/dev/stdin', 'link\t/proc/self/fd/1\t/dev/stdout', 'link\t/proc/self/fd/2\t/dev/stderr')
  lines.push(`tmpfs\t/dev/shm\tmode=1777,size=64m\t${MS.NOSUID | MS.NODEV}`)
  lines.push(`tmpfs\t/tmp\tmode=1777,size=${TMP_SIZE}\t${MS.NOSUID | MS.NODEV}`)
  // The PID namespace's own /proc; its kernel settings and the SysRq trigger read-only (a sandbox of a cloud
  // run as root is root's user on the machine, without its capabilities).
  lines.push('proc\t/proc', 'rebind\t/proc/sys')
  if (kind('/proc/sysrq-trigger')) lines.push('rebind\t/proc/sysrq-trigger')
  for (const interpreter of layout.interpreters ?? []) {
    for (const candidate of new Set([interpreter, fs.realpathSync(interpreter)])) {
      if (bound.some((dir) => isUnder(candidate, dir))) continue
      const prefix = path.dirname(path.dirname(candidate))
      // An install prefix that holds what must stay hidden (a home folder): only the interpreter itself.
      const holdsHidden = prefix === '/' || (layout.hidden ?? []).some((h) => isUnder(h, prefix))
      bind(holdsHidden ? candidate : prefix, holdsHidden ? candidate : prefix)
    }
  }
  // Extracted (again) just before each cold start: bound by its path, not resolved now.
  if (layout.taskRoot) lines.push(`bind\t${layout.taskRoot}\t${SANDBOX_TASK_ROOT}\t${lockedFlags(layout.taskRoot, mounts)}`)
  for (const file of layout.runtimeFiles ?? []) bind(file, path.posix.join(SANDBOX_RUNTIME_DIR, path.basename(file)))
  if (layout.sdk) {
    bind(layout.sdk.nodeModules, SANDBOX_SDK)
    for (const scope of layout.sdk.scopes) {
      if (kind(path.join(layout.sdk.nodeModules, scope))) lines.push(`link\t${SANDBOX_SDK}/${scope}\t${SANDBOX_NODE_MODULES}/${scope}`)
    }
    // ES modules resolve packages from the handler's folders up, not from NODE_PATH.
    lines.push(`link\t${SANDBOX_NODE_MODULES}\t/var/node_modules`)
  }
  for (const hidden of layout.hidden ?? []) {
    if (bound.some((dir) => isUnder(hidden, dir)) && kind(hidden) === 'dir') lines.push(`tmpfs\t${hidden}\tmode=0500,size=4k\t${MS.RDONLY | MS.NOSUID | MS.NODEV | MS.NOEXEC}`)
  }
  lines.push(`cwd\t${layout.taskRoot ? SANDBOX_TASK_ROOT : '/'}`)
  for (const line of lines) if (/[\n\0]/.test(line) || line.split('\t').length > 4) throw new Error(`A path the sandbox needs cannot be mounted: ${JSON.stringify(line)}`)
  return lines.join('\n')
}
