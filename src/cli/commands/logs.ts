/**
 * @module `lab logs [id] [--function LogicalId] [--since 10m] [--follow]`: what the lab stack's Lambda functions wrote
 * to CloudWatch Logs, through the SDK (FilterLogEvents), the same on the local cloud and on AWS — where the AWS CLI
 * on a learner's PATH may be v1, which has no `aws logs tail`. Each line says its function's logical id and time.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
 */
import { printable } from '../../ui/terminal-text.js'
import type { FunctionLogEvent } from '../../deployer/function-logs.js'
import { LabError } from '../../runner/errors.js'
import type { TargetFlags } from '../../runner/select.js'
import { t } from '../../ui/i18n.js'
import type { CommandContext } from '../context.js'
import { deployedLab } from './lab-stack.js'

export interface LogsOptions extends TargetFlags {
  id?: string
  function?: string
  since?: string
  follow?: boolean
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }
/** CloudWatch Logs keeps a function's log as long as its retention says; two weeks back is plenty for a lab. */
const MAX_SINCE_MS = 14 * UNIT_MS.d

/** `10m` → 600000; refuses anything else with the accepted forms. */
export function parseSince(value: string): number {
  const match = /^(\d{1,7})([smhd])$/.exec(value.trim())
  const ms = match ? Number(match[1]) * UNIT_MS[match[2]] : NaN
  if (!(ms > 0) || ms > MAX_SINCE_MS) throw new LabError(t('logs.badSince', { value }))
  return ms
}

/** `SendMessageFunction 2026-12-04 05:40:12  message`; a multi-line message keeps its prefix on every line. */
export function formatLogEvent(e: FunctionLogEvent, width = 0): string[] {
  const time = new Date(e.timestamp).toISOString().slice(0, 19).replace('T', ' ')
  // A function logs what its callers sent (a chat message, a header): shown, never obeyed by the terminal.
  return e.message.split('\n').map((line) => `${e.logicalId.padEnd(width)} ${time}  ${printable(line.replace(/\s+$/, ''))}`)
}

export async function logs(ctx: CommandContext, options: LogsOptions): Promise<number> {
  const since = options.since ?? '10m'
  const sinceMs = parseSince(since)
  const deployed = await deployedLab(ctx, options.id, options)
  const reader = await (await import('../../deployer/index.js')).functionLogReader(deployed.target, deployed.stackName)
  try {
    const functions = (await reader.functions()).map((f) => f.logicalId)
    if (!functions.length) throw new LabError(t('logs.noFunctions', { lab: deployed.id }))
    if (options.function !== undefined && !functions.includes(options.function)) {
      throw new LabError(t('logs.unknownFunction', { lab: deployed.id, name: options.function, functions: functions.join(', ') }))
    }
    const width = Math.max(...(options.function ? [options.function] : functions).map((f) => f.length))
    let from = Date.now() - sinceMs
    const seen = new Set<string>()
    const print = (events: FunctionLogEvent[]) => {
      for (const e of events) {
        if (seen.has(e.eventId)) continue
        seen.add(e.eventId)
        for (const line of formatLogEvent(e, width)) ctx.out.info(line)
        from = Math.max(from, e.timestamp)
      }
    }
    const first = await reader.since(from, options.function)
    print(first)
    if (!options.follow) {
      if (!first.length) ctx.out.note(t('logs.none', { since }))
      return 0
    }
    ctx.out.note(t('logs.following', { functions: options.function ?? functions.join(', ') }))
    await untilInterrupted(deployed.target.kind === 'aws' ? 2000 : 500, async () => print(await reader.since(from, options.function)))
    return 0
  } finally {
    await reader.destroy()
  }
}

/**
 * Poll every `everyMs` until Ctrl+C (SIGINT) or SIGTERM: then stop cleanly (exit 0, no stack trace). Events of the
 * same millisecond as the last one are read again and skipped by id, so none is lost between two polls.
 */
async function untilInterrupted(everyMs: number, poll: () => Promise<void>): Promise<void> {
  let stopped = false
  let wake: () => void = () => {}
  const stop = () => {
    stopped = true
    wake()
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  try {
    while (!stopped) {
      await new Promise<void>((resolve) => {
        wake = resolve
        setTimeout(resolve, everyMs)
      })
      if (!stopped) await poll()
    }
  } finally {
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
  }
}
