/** @module The check report: ✓ passed, ✗ failed, – skipped; failure details indented under the failing check. */
import type { CheckResult } from '../checks/types.js'
import type { ChalkInstance } from './colors.js'
import { t } from './i18n.js'
import { printable } from './terminal-text.js'

/** Lines for one run of a lab's checks, ending with the summary line. */
export function renderCheckReport(results: CheckResult[], colors: ChalkInstance): string[] {
  const lines: string[] = []
  // The stale-deployment note is the same for every check on that stage: say it once, under the first.
  const notesSaid = new Set<string>()
  for (const r of results) {
    if (r.skipped) {
      const label = r.couldNotRun ? colors.red(`(${t('cli.check.couldNotRunLabel')})`) : colors.dim(`(${t('cli.check.skipped')})`)
      lines.push(`${r.couldNotRun ? colors.red('!') : colors.dim('–')} ${r.title} ${label}`)
      if (r.message) lines.push(indent(colors.dim(r.message)))
    } else if (r.passed) {
      lines.push(`${colors.green('✓')} ${r.title}`)
    } else {
      lines.push(`${colors.red('✗')} ${colors.bold(r.title)}`)
      // A failure quotes what the API, a function's log or a peer sent: none of it may steer the terminal.
      if (r.message) lines.push(indent(colors.red(printable(r.message))))
      for (const [key, value] of [
        ['cli.check.expected', r.expected],
        ['cli.check.request', r.request],
        ['cli.check.response', r.response],
        ['cli.check.why', r.why],
      ] as const) {
        if (value) lines.push(...labelled(t(key), printable(value), colors))
      }
      if (r.functionLog?.length) lines.push(...labelled(t('cli.check.functionLog'), printable(r.functionLog.join('\n')), colors))
      if (r.staleDeployment && !notesSaid.has(r.staleDeployment)) {
        notesSaid.add(r.staleDeployment)
        lines.push(indent(colors.yellow(r.staleDeployment)))
      }
    }
  }
  lines.push('', summaryLine(results, colors))
  return lines
}

export function summaryLine(results: CheckResult[], colors: ChalkInstance): string {
  const passed = results.filter((r) => r.passed && !r.skipped).length
  const failed = results.filter((r) => !r.passed && !r.skipped).length
  const skipped = results.filter((r) => r.skipped && !r.couldNotRun).length
  const couldNotRun = results.filter((r) => r.couldNotRun).length
  const text = t(couldNotRun ? 'cli.check.summaryCouldNotRun' : 'cli.check.summary', { passed, failed, skipped, couldNotRun, total: results.length })
  return failed > 0 || couldNotRun > 0 ? colors.red(text) : colors.green(text)
}

/** A multi-line value (e.g. an HTTP exchange) under its label, indented twice. */
function labelled(label: string, value: string, colors: ChalkInstance): string[] {
  const [first, ...rest] = value.split('\n')
  return [indent(`${colors.dim(label + ':')} ${first}`), ...rest.map((l) => indent(indent(l)))]
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => '    ' + l)
    .join('\n')
}
