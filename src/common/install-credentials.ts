/**
 * @module The access key of this install: made once by the local cloud on its first start, kept in
 * `LAB_HOME/cloud/credentials.json` (mode 0600), read by the runner and `lab cloud env`. The cloud verifies
 * every signed request against it, so a web page or another local user that does not hold it cannot call the
 * cloud's AWS APIs.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

export interface InstallCredentials {
  accessKeyId: string
  secretAccessKey: string
}

export const CREDENTIALS_FILE = 'credentials.json'
/** The root key of the second local account (cross-account cases): `lab cloud env --account second`. */
export const SECOND_ACCOUNT_CREDENTIALS_FILE = 'credentials-second-account.json'
/** The second local account's id (the cloud's own account is 000000000000). */
export const SECOND_ACCOUNT_ID = '111111111111'

/** AWS's access key ids: a 4-letter prefix (`AKIA` for long-term keys) and 16 characters of base32. */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const ACCESS_KEY_ID = /^AKIA[A-Z2-7]{16}$/
const SECRET = /^[A-Za-z0-9+/]{40}$/

/** The file exists but is not credentials this project wrote: the user is told which file and what to do. */
export class DamagedCredentialsError extends Error {
  constructor(readonly file: string, why: string) {
    super(
      `The local cloud's credentials in ${file} cannot be read (${why}). ` +
        `Move the file aside (mv "${file}" "${file}.bad") and start the cloud again: it makes new credentials, ` +
        'and `eval "$(lab cloud env)"` gives them to your other tools.',
    )
  }
}

export function credentialsFile(cloudDir: string, name = CREDENTIALS_FILE): string {
  return path.join(cloudDir, name)
}

/** A new AKIA-shaped key id and a 40-character secret, both from the OS's random source. */
export function newInstallCredentials(): InstallCredentials {
  const id = randomBytes(16)
  let suffix = ''
  for (const byte of id) suffix += BASE32[byte & 31]
  // 30 random bytes are exactly 40 base64 characters, without padding.
  return { accessKeyId: `AKIA${suffix}`, secretAccessKey: randomBytes(30).toString('base64') }
}

/** The install's credentials, or `undefined` when the cloud has not made them yet. */
export function readInstallCredentials(cloudDir: string, name = CREDENTIALS_FILE): InstallCredentials | undefined {
  const file = credentialsFile(cloudDir, name)
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new DamagedCredentialsError(file, (err as Error).message)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new DamagedCredentialsError(file, 'it is not JSON')
  }
  const { accessKeyId, secretAccessKey } = (parsed ?? {}) as Record<string, unknown>
  if (typeof accessKeyId !== 'string' || !ACCESS_KEY_ID.test(accessKeyId) || typeof secretAccessKey !== 'string' || !SECRET.test(secretAccessKey)) {
    throw new DamagedCredentialsError(file, 'it does not hold an access key id and secret of the expected shape')
  }
  return { accessKeyId, secretAccessKey }
}

/**
 * Read the credentials, making them first if there are none. Two processes starting at once agree on one
 * pair: the file is written under a temporary name (0600 from its creation) and linked into place, which
 * fails if the other got there first, and then both read the winner's.
 */
export function loadOrCreateInstallCredentials(cloudDir: string, name = CREDENTIALS_FILE): InstallCredentials {
  const existing = readInstallCredentials(cloudDir, name)
  if (existing) return existing
  fs.mkdirSync(cloudDir, { recursive: true, mode: 0o700 })
  const file = credentialsFile(cloudDir, name)
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.new`
  writePrivateFileAtomic(tmp, JSON.stringify({ ...newInstallCredentials(), createdAt: new Date().toISOString() }, null, 2) + '\n')
  try {
    fs.linkSync(tmp, file)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  } finally {
    fs.rmSync(tmp, { force: true })
  }
  return readInstallCredentials(cloudDir, name)!
}

/** The file's permission bits (`0o600` when private), or undefined when there is no file. */
export function credentialsMode(cloudDir: string): number | undefined {
  try {
    return fs.statSync(credentialsFile(cloudDir)).mode & 0o777
  } catch {
    return undefined
  }
}

/** Write `data` to `file` atomically, readable by its owner only from the first byte (secrets). */
export function writePrivateFileAtomic(file: string, data: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 })
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  const fd = fs.openSync(tmp, 'wx', 0o600)
  try {
    fs.writeSync(fd, data)
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  fs.renameSync(tmp, file)
}
