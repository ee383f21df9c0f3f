/**
 * @module The token `lab call --token id|access` sends: the one `lab login <lab>` saved in
 * `LAB_HOME/tokens/<lab>.json` (`{version: 1, lab, …, expiresAt, idToken, accessToken}`), refused with the way
 * to get a fresh one when it is missing or expired.
 */
import fs from 'node:fs'
import path from 'node:path'
import { t } from '../ui/i18n.js'
import { LabError } from './errors.js'

export type CallTokenKind = 'id' | 'access'

export function callToken(home: string, lab: string, kind: CallTokenKind, now = Date.now()): string {
  if (!/^[\w-]+$/.test(lab)) throw new LabError(t('call.token.none', { lab }))
  const file = path.join(home, 'tokens', `${lab}.json`)
  let saved: Record<string, unknown>
  try {
    saved = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new LabError(t('call.token.none', { lab }), [t('call.token.loginHint', { lab })])
    throw new LabError(t('call.token.damaged', { file }), [t('call.token.loginHint', { lab })])
  }
  const token = kind === 'id' ? saved?.idToken : saved?.accessToken
  const expiresAt = typeof saved?.expiresAt === 'string' ? Date.parse(saved.expiresAt) : NaN
  if (typeof token !== 'string' || !token || Number.isNaN(expiresAt)) throw new LabError(t('call.token.damaged', { file }), [t('call.token.loginHint', { lab })])
  if (expiresAt <= now) throw new LabError(t('call.token.expired', { lab, time: new Date(expiresAt).toLocaleString() }), [t('call.token.loginHint', { lab })])
  return token
}
