/** @module Run work over a dependency graph: each node starts once what it waits for is done (independent nodes run concurrently). */

export interface GraphRun {
  succeeded: string[]
  failed: string[]
  /** Never started: a failure stopped the run, or something it waits for failed. */
  skipped: string[]
}

/**
 * `waitsFor(id)` lists nodes that must finish first (ids outside `ids` count as done). With `stopOnFailure`,
 * no new node starts after the first failure (stack creates and updates); without it, only nodes waiting on a
 * failed one are held back (deletes).
 */
export function runGraph(
  ids: string[],
  waitsFor: (id: string) => Iterable<string>,
  work: (id: string) => Promise<boolean>,
  stopOnFailure: boolean,
): Promise<GraphRun> {
  const members = new Set(ids)
  const succeeded: string[] = []
  const failed: string[] = []
  const started = new Set<string>()
  let running = 0
  return new Promise((resolve) => {
    const pump = () => {
      if (!(stopOnFailure && failed.length > 0)) {
        for (const id of ids) {
          if (started.has(id)) continue
          const ready = [...waitsFor(id)].every((d) => d === id || !members.has(d) || succeeded.includes(d))
          if (!ready) continue
          started.add(id)
          running++
          work(id)
            .catch(() => false)
            .then((ok) => {
              running--
              ;(ok ? succeeded : failed).push(id)
              pump()
            })
        }
      }
      if (running === 0) resolve({ succeeded, failed, skipped: ids.filter((id) => !started.has(id)) })
    }
    pump()
  })
}
