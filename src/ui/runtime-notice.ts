/**
 * @module Telling the learner, once per deploy, which functions run on another interpreter version locally
 * than the one they declare (python3.13 on the machine's Python 3.11…), in words they can act on.
 */
import { inexactRuntimes } from '../common/interpreters.js'
import { t } from './i18n.js'

export interface FunctionRuntime {
  name: string
  runtime: string
}

/** `pyenv install 3.13` / `nvm install 22` advice for a runtime. */
export function installHint(runtime: string): string {
  const python = /^python(3\.\d+)$/.exec(runtime)
  if (python) return t('runtimes.hintPython', { version: python[1] })
  return t('runtimes.hintNode', { version: /^nodejs(\d+)/.exec(runtime)?.[1] ?? runtime })
}

/** One line per declared runtime the machine runs on another version; none when every one is exact. */
export function olderRuntimeNotices(functions: FunctionRuntime[]): string[] {
  const byRuntime = new Map<string, { names: string[]; local: string }>()
  for (const f of inexactRuntimes(functions)) {
    const entry = byRuntime.get(f.runtime) ?? { names: [], local: f.local }
    entry.names.push(f.name)
    byRuntime.set(f.runtime, entry)
  }
  return [...byRuntime].map(([runtime, { names, local }]) =>
    t(names.length === 1 ? 'runtimes.olderOne' : 'runtimes.older', { functions: names.join(', '), runtime, local, hint: installHint(runtime) }))
}

/** The Lambda functions of a parsed template and their runtimes. */
export function templateFunctions(template: { Resources?: Record<string, { Type?: string; Properties?: Record<string, unknown> }> }): FunctionRuntime[] {
  return Object.entries(template.Resources ?? {})
    .filter(([, r]) => r?.Type === 'AWS::Lambda::Function' && typeof r.Properties?.Runtime === 'string')
    .map(([name, r]) => ({ name, runtime: String(r.Properties!.Runtime) }))
}
