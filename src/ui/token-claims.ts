/**
 * @module A JWT shown to the learner: its header and payload decoded (never verified here: this is for reading,
 * the API verifies), with the times (`exp`, `iat`, `auth_time`) in local time.
 */
import { decodeJwt, decodeProtectedHeader } from 'jose'
import type { ChalkInstance } from './colors.js'
import { t } from './i18n.js'

export interface DecodedToken {
  header: Record<string, unknown>
  payload: Record<string, unknown>
}

export function decodeToken(token: string): DecodedToken {
  return { header: decodeProtectedHeader(token) as Record<string, unknown>, payload: decodeJwt(token) as Record<string, unknown> }
}

/** `2026-12-04 10:15:00`-style local time in the learner's language. */
export function localTime(epochSeconds: number): string {
  // Written out rather than toLocaleString: Node builds without full ICU print "AM" even for ko-KR.
  const d = new Date(epochSeconds * 1000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

const TIME_CLAIMS = ['exp', 'iat', 'auth_time', 'nbf']

/** Lines for one token: title, header, payload (times annotated), and when it expires. */
export function renderToken(title: string, token: string, colors: ChalkInstance, now = Date.now()): string[] {
  const { header, payload } = decodeToken(token)
  const lines = [colors.bold(title), `  ${colors.dim(t('login.claims.header'))} ${JSON.stringify(header)}`, `  ${colors.dim(t('login.claims.payload'))}`]
  const width = Math.max(...Object.keys(payload).map((k) => k.length))
  for (const [name, value] of Object.entries(payload)) {
    const shown = typeof value === 'string' ? value : JSON.stringify(value)
    const time = TIME_CLAIMS.includes(name) && typeof value === 'number' ? colors.dim(`  (${localTime(value)})`) : ''
    lines.push(`    ${colors.cyan(name.padEnd(width))}  ${shown}${time}`)
  }
  if (typeof payload.exp === 'number') {
    const minutes = Math.round((payload.exp * 1000 - now) / 60_000)
    lines.push(`  ${t('login.claims.expires', { time: localTime(payload.exp), minutes })}`)
  }
  return lines
}
