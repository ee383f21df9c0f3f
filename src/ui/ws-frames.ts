/**
 * @module How `lab ws` shows a WebSocket conversation, like wscat: `>` for what was sent, `<` for what came
 * back (JSON pretty-printed, continuation lines indented under the first), and the close code and reason.
 */
import type { ChalkInstance } from './colors.js'
import { t } from './i18n.js'
import { printable, printableLine } from './terminal-text.js'

/** A frame's text, pretty-printed when it is a JSON object or array. */
export function prettyFrame(text: string): string {
  const trimmed = text.trim()
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return text
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2)
  } catch {
    return text
  }
}

/** `< {` / `    "a": 1` …: the marker on the first line, the rest indented to match. */
export function frameLines(marker: '<' | '>', text: string, colors: ChalkInstance): string[] {
  // What was sent is shown as typed; what arrived is laid out when it is JSON. Neither may steer the terminal.
  const lines = printable(marker === '<' ? prettyFrame(text) : text).split('\n')
  const paint = marker === '<' ? colors.cyan : (s: string) => s
  return lines.map((line, i) => paint(i === 0 ? `${marker} ${line}` : `  ${line}`))
}

/** RFC 6455 §7.4.1 names of the close codes a learner meets. */
const CLOSE_NAMES: Record<number, string> = {
  1000: 'Normal Closure',
  1001: 'Going Away',
  1002: 'Protocol Error',
  1003: 'Unsupported Data',
  1005: 'No Status Received',
  1006: 'Abnormal Closure',
  1008: 'Policy Violation',
  1009: 'Message Too Big',
  1011: 'Internal Error',
}

/** `Disconnected (code: 1001 Going Away, reason: "Going away")`. */
export function closeLine(code: number, reason: string): string {
  const name = CLOSE_NAMES[code] ? ` ${CLOSE_NAMES[code]}` : ''
  return reason ? t('ws.closed.reason', { code: `${code}${name}`, reason: printableLine(reason) }) : t('ws.closed', { code: `${code}${name}` })
}
