/**
 * @module The tokens `lab login <lab>` saved, for commands that call the lab's API with them (`lab call --token
 * id|access`). One file per lab: `LAB_HOME/tokens/<lab>.json`, mode 0600 (they are bearer credentials), written
 * atomically. Shape (version 1):
 * `{ version: 1, lab, userPoolId, clientId, username, savedAt, expiresAt, idToken, accessToken, refreshToken? }`
 * (`savedAt`/`expiresAt` ISO 8601; `expiresAt` is when the ID and access tokens expire).
 */
import path from 'node:path'
import { writeFileAtomic } from '../common/atomic-file.js'
import { t } from '../ui/i18n.js'
import { LabError } from './errors.js'
import { readVersionedJson } from './versioned-json.js'

export const SAVED_TOKENS_VERSION = 1

export interface SavedTokens {
  version: number
  lab: string
  userPoolId: string
  clientId: string
  username: string
  savedAt: string
  expiresAt: string
  idToken: string
  accessToken: string
  refreshToken?: string
}

export type TokenKind = 'id' | 'access'

/** `LAB_HOME/tokens/<lab>.json`. */
export function savedTokensFile(home: string, lab: string): string {
  if (!/^[\w.-]+$/.test(lab) || lab.startsWith('.')) throw new LabError(t('login.badLabId', { lab }))
  return path.join(home, 'tokens', `${lab}.json`)
}

export function saveTokens(home: string, tokens: Omit<SavedTokens, 'version'>): string {
  const file = savedTokensFile(home, tokens.lab)
  writeFileAtomic(file, `${JSON.stringify({ version: SAVED_TOKENS_VERSION, ...tokens }, null, 2)}\n`)
  return file
}

const isText = (v: unknown) => typeof v === 'string' && v !== ''

/** The saved tokens of `lab`, or undefined when `lab login` has not saved any. */
export function readSavedTokens(home: string, lab: string): SavedTokens | undefined {
  const messages = { corrupt: 'login.tokens.corrupt', corruptHint: 'login.tokens.corruptHint', newer: 'login.tokens.newer' }
  const valid = (d: any) => ['lab', 'userPoolId', 'clientId', 'username', 'expiresAt', 'idToken', 'accessToken'].every((k) => isText(d[k]))
  return readVersionedJson(savedTokensFile(home, lab), SAVED_TOKENS_VERSION, messages, valid)
}

/**
 * The `kind` token of `lab`, ready for an `Authorization` header: a LabError that says to run `lab login` when
 * there is none or it has expired (`now` for tests).
 */
export function savedToken(home: string, lab: string, kind: TokenKind, now = Date.now()): string {
  const saved = readSavedTokens(home, lab)
  if (!saved) throw new LabError(t('login.tokens.none', { lab }), [t('login.tokens.loginHint', { lab })])
  if (Date.parse(saved.expiresAt) <= now) {
    throw new LabError(t('login.tokens.expired', { lab, time: new Date(saved.expiresAt).toLocaleString() }), [t('login.tokens.loginHint', { lab })])
  }
  return kind === 'id' ? saved.idToken : saved.accessToken
}
