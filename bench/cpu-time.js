// CPU time per request, per process: the throughput rows on a small machine are noisy (the bare server alone swings
// by a factor of two between runs), but the CPU each process spends per request is steady, and it says which
// process is the bottleneck. Linux only (/proc); elsewhere the rows are left out.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'

const TICKS_PER_SECOND = 100 // USER_HZ, 100 on every Linux build that matters

/** User + system CPU of one process in microseconds, or undefined (gone, or no /proc). */
function cpuMicros(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / TICKS_PER_SECOND
  } catch {
    return undefined
  }
}

const childrenOf = (pid) =>
  (spawnSync('pgrep', ['-P', String(pid)]).stdout?.toString() ?? '').split(/\s+/).filter(Boolean).map(Number)

/** Every process below `pid`: sandboxes in a PID namespace are grandchildren (under unshare and their init). */
export function descendantsOf(pid) {
  const out = []
  for (const child of childrenOf(pid)) out.push(child, ...descendantsOf(child))
  return out
}

/** `{ own, children }` CPU microseconds of a process and every process below it (the cloud's sandboxes). */
export function cpuOfTree(pid) {
  const own = cpuMicros(pid)
  if (own === undefined) return undefined
  let children = 0
  for (const child of descendantsOf(pid)) children += cpuMicros(child) ?? 0
  return { own, children }
}

/** CPU spent between two `cpuOfTree` readings, per request. Children that exit in between are not counted. */
export function cpuPerRequest(before, after, requests) {
  if (!before || !after || !requests) return undefined
  return { own: (after.own - before.own) / requests, children: Math.max(0, after.children - before.children) / requests }
}
