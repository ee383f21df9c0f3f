/**
 * @module At start: this install's credentials (made on the first start), the authority that knows every key
 * the cloud accepts, and the any-credentials opt-out, which warns on every start (stderr and cloud.log).
 */
import fs from 'node:fs'
import path from 'node:path'
import { DamagedCredentialsError, loadOrCreateInstallCredentials, SECOND_ACCOUNT_CREDENTIALS_FILE } from '../../common/install-credentials.js'
import { SECOND_ACCOUNT_ID } from '../core/arn.js'
import { CloudStartError } from '../core/start-error.js'
import { CredentialAuthority } from '../services/sts/sessions.js'
import type { EdgeAuth } from './authenticate.js'

export const ANY_CREDENTIALS_WARNING =
  'WARNING: LAB_CLOUD_ANY_CREDENTIALS=1: the local cloud accepts any well-formed signature, from any key, without checking it. ' +
  'Any program on this machine, and any web page that gets a request through, can call its AWS APIs and run code. ' +
  'Unset it and use `eval "$(lab cloud env)"` to give your tools this install\'s credentials.'

export function installAuthority(dataDir: string, accountId: string, anyCredentials: boolean, log: (line: string) => void) {
  let install
  let second
  try {
    install = loadOrCreateInstallCredentials(dataDir)
    second = loadOrCreateInstallCredentials(dataDir, SECOND_ACCOUNT_CREDENTIALS_FILE)
  } catch (err) {
    if (err instanceof DamagedCredentialsError) throw new CloudStartError(err.message)
    throw err
  }
  const authority = new CredentialAuthority(install, accountId, dataDir, { accountId: SECOND_ACCOUNT_ID, credentials: second })
  const edgeAuth: EdgeAuth = { lookupSecret: (id) => authority.lookup(id), homeAccount: accountId }
  if (anyCredentials) {
    edgeAuth.anyCredentials = authority.rootIdentity()
    warnAnyCredentials(dataDir, log)
  }
  return { authority, edgeAuth }
}

/** To stderr, and to cloud.log unless stderr already is cloud.log (a detached cloud). */
function warnAnyCredentials(dataDir: string, log: (line: string) => void): void {
  process.stderr.write(`${ANY_CREDENTIALS_WARNING}\n`)
  const cloudLog = path.join(dataDir, 'cloud.log')
  try {
    const stderr = fs.fstatSync(2)
    const file = fs.statSync(cloudLog, { throwIfNoEntry: false })
    if (file && file.ino === stderr.ino && file.dev === stderr.dev) return
    fs.appendFileSync(cloudLog, `${new Date().toISOString()} ${ANY_CREDENTIALS_WARNING}\n`, { mode: 0o600 })
  } catch {
    log(ANY_CREDENTIALS_WARNING)
  }
}
