/**
 * @module The local cloud runs Python functions on this machine's python3: when it is older than a lab function's
 * runtime (python3.13 on AWS), code that works on AWS can fail here. `lab doctor` says so.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { LoadedLab } from '../runner/lab-manifest.js'

/** `python3.13` runtimes of each lab's starter template, with the lab id: `[{lab, runtime}]`. */
export function pythonRuntimes(labs: LoadedLab[]): { lab: string; runtime: string }[] {
  const found: { lab: string; runtime: string }[] = []
  for (const lab of labs) {
    let text = ''
    try {
      text = fs.readFileSync(path.join(lab.templatesDir, 'starter', 'template.yaml'), 'utf8')
    } catch {
      continue
    }
    for (const match of text.matchAll(/Runtime:\s*["']?(python3\.\d+)/g)) found.push({ lab: lab.manifest.id, runtime: match[1] })
  }
  return found
}

/** The runtimes newer than `Python 3.11.7` (python3 --version's text); empty when it is as new or the text is odd. */
export function newerRuntimes(versionText: string, runtimes: { lab: string; runtime: string }[]): { lab: string; runtime: string }[] {
  const local = /Python (\d+)\.(\d+)/.exec(versionText)
  if (!local) return []
  const minor = (runtime: string) => Number(/python3\.(\d+)/.exec(runtime)?.[1] ?? 0)
  return runtimes.filter((r) => Number(local[1]) === 3 && minor(r.runtime) > Number(local[2]))
}
