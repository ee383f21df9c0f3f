/** Linux /proc views of a process tree: its descendants, and the sockets they listen on. */
import fs from 'node:fs'

/** `pid` and every process below it (sandboxes in PID namespaces included: /proc shows them with host pids). */
export function processTree(pid: number): number[] {
  const parents = new Map<number, number[]>()
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
      // The command name may hold spaces and parentheses: fields start after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)])
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = []
  const walk = (p: number) => {
    out.push(p)
    for (const child of parents.get(p) ?? []) walk(child)
  }
  walk(pid)
  return out
}

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>()
  let fds: string[] = []
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`)
  } catch {
    return inodes
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))
      if (m) inodes.add(m[1])
    } catch {
      // closed meanwhile
    }
  }
  return inodes
}

export interface Listener {
  pid: number
  proto: string
  /** Local port (TCP/UDP) or path (Unix). */
  where: string
}

/** Sockets that accept connections (TCP LISTEN, bound UDP, listening Unix sockets) held by `pids`. */
export function listeningSockets(pids: number[]): Listener[] {
  const found: Listener[] = []
  for (const pid of pids) {
    const mine = socketInodes(pid)
    if (mine.size === 0) continue
    for (const proto of ['tcp', 'tcp6', 'udp', 'udp6']) {
      let table = ''
      try {
        table = fs.readFileSync(`/proc/${pid}/net/${proto}`, 'utf8')
      } catch {
        continue
      }
      for (const line of table.trim().split('\n').slice(1)) {
        const cols = line.trim().split(/\s+/)
        const [local, state, inode] = [cols[1], cols[3], cols[9]]
        const listening = proto.startsWith('tcp') ? state === '0A' : true
        if (listening && mine.has(inode)) found.push({ pid, proto, where: String(parseInt(local.split(':')[1], 16)) })
      }
    }
    try {
      for (const line of fs.readFileSync(`/proc/${pid}/net/unix`, 'utf8').trim().split('\n').slice(1)) {
        const cols = line.trim().split(/\s+/)
        // Flags 00010000: __SO_ACCEPTCON, a listening socket.
        if (cols[3] === '00010000' && mine.has(cols[6])) found.push({ pid, proto: 'unix', where: cols[7] ?? '(unnamed)' })
      }
    } catch {
      // no unix table
    }
  }
  return found
}
