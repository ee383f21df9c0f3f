/**
 * @module The keys the cloud accepts: the install's long-term key (the account's root user), the second local
 * account's root key (cross-account cases), IAM users' access keys (through the key source IAM registers), and
 * temporary credentials STS issued for a role (a function's execution role, or AssumeRole), each an `ASIA…` key
 * with a secret, a session token and an expiry, as on AWS. Temporary keys are kept in `sts/sessions.json`
 * (mode 0600) so they outlive a restart of the cloud, as they outlive nothing on AWS but their expiry.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp.html
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
 */
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { writePrivateFileAtomic, type InstallCredentials } from '../../../common/install-credentials.js'
import { CloudStartError } from '../../core/start-error.js'
import type { CallerIdentity, SigningSecret } from '../../edge/sigv4.js'
import { presignUrl, type PresignOptions } from '../../edge/sigv4-presign.js'

export interface TemporaryCredentials {
  AccessKeyId: string
  SecretAccessKey: string
  SessionToken: string
  /** Epoch ms. */
  Expiration: number
}

interface StoredSession {
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
  expiresAt: number
  roleArn: string
  sessionName: string
  /** The role's own `AROA…` id, when the issuer knew it (AssumeRole). */
  roleId?: string
}

/** Resolves access keys another part of the cloud owns (IAM users' keys). */
export type KeySource = (accessKeyId: string) => SigningSecret | undefined

/** The second local account: its root key signs cross-account calls (see `lab cloud env --account second`). */
export interface SecondAccount {
  accountId: string
  credentials: InstallCredentials
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const base32 = (bytes: Uint8Array, length: number) => Array.from(bytes.subarray(0, length), (b) => BASE32[b & 31]).join('')

export class CredentialAuthority {
  private readonly sessions = new Map<string, StoredSession>()
  private readonly keySources: KeySource[] = []
  private readonly file: string

  constructor(
    private readonly install: InstallCredentials,
    private readonly accountId: string,
    dataDir: string,
    private readonly second?: SecondAccount,
  ) {
    this.file = path.join(dataDir, 'sts', 'sessions.json')
    for (const session of this.load()) this.sessions.set(session.accessKeyId, session)
  }

  get installKeyId(): string {
    return this.install.accessKeyId
  }

  /** The account's root user, as the install's key signs. */
  rootIdentity(accessKeyId = this.install.accessKeyId): CallerIdentity {
    return { accessKeyId, arn: `arn:aws:iam::${this.accountId}:root`, userId: this.accountId, account: this.accountId }
  }

  /**
   * The secret behind an access key id: the install's, the second account's, an IAM user's active key, or a
   * temporary key's (expired ones included, so they answer ExpiredToken).
   */
  lookup(accessKeyId: string): SigningSecret | undefined {
    if (accessKeyId === this.install.accessKeyId) return { secretAccessKey: this.install.secretAccessKey, identity: this.rootIdentity() }
    const second = this.second
    if (second && accessKeyId === second.credentials.accessKeyId) {
      const identity = { accessKeyId, arn: `arn:aws:iam::${second.accountId}:root`, userId: second.accountId, account: second.accountId }
      return { secretAccessKey: second.credentials.secretAccessKey, identity }
    }
    const session = this.sessions.get(accessKeyId)
    if (session) return { secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken, expiresAt: session.expiresAt, identity: this.sessionIdentity(session) }
    for (const source of this.keySources) {
      const found = source(accessKeyId)
      if (found) return found
    }
    return undefined
  }

  /** IAM registers its users' keys here when it starts (the authority never reads IAM's state itself). */
  addKeySource(source: KeySource): void {
    this.keySources.push(source)
  }

  /** The second local account's id, if this cloud has one. */
  get secondAccountId(): string | undefined {
    return this.second?.accountId
  }

  /** New temporary credentials for `roleArn`, valid `seconds` from now. */
  issueRoleCredentials(roleArn: string, sessionName: string, seconds: number, now = Date.now(), roleId?: string): TemporaryCredentials {
    const session: StoredSession = {
      roleId,
      accessKeyId: `ASIA${base32(randomBytes(16), 16)}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(96).toString('base64'),
      expiresAt: now + seconds * 1000,
      roleArn,
      sessionName,
    }
    // Expired keys are kept a day, so a late caller hears "expired" rather than "unknown".
    for (const [id, old] of this.sessions) if (old.expiresAt < now - 86_400_000) this.sessions.delete(id)
    this.sessions.set(session.accessKeyId, session)
    writePrivateFileAtomic(this.file, JSON.stringify([...this.sessions.values()]))
    return { AccessKeyId: session.accessKeyId, SecretAccessKey: session.secretAccessKey, SessionToken: session.sessionToken, Expiration: session.expiresAt }
  }

  presignUrl(url: string, opts: PresignOptions): string {
    return presignUrl(url, this.install, opts)
  }

  /** `arn:aws:sts::…:assumed-role/{role}/{session}` (AWS drops the role's path), with the role's stable `AROA…` id. */
  private sessionIdentity(session: StoredSession): CallerIdentity {
    const roleName = session.roleArn.slice(session.roleArn.lastIndexOf('/') + 1)
    const roleId = session.roleId ?? `AROA${base32(createHash('sha256').update(session.roleArn).digest(), 17)}`
    const account = /^arn:aws:iam::(\d{12}):/.exec(session.roleArn)?.[1] ?? this.accountId
    return {
      accessKeyId: session.accessKeyId,
      arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${session.sessionName}`,
      userId: `${roleId}:${session.sessionName}`,
      account,
      roleArn: session.roleArn,
    }
  }

  private load(): StoredSession[] {
    let text: string
    try {
      text = fs.readFileSync(this.file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw err
    }
    try {
      const parsed = JSON.parse(text) as unknown
      if (!Array.isArray(parsed)) throw new Error('not a list')
      return parsed.filter((s): s is StoredSession => typeof s?.accessKeyId === 'string' && typeof s.secretAccessKey === 'string' && typeof s.sessionToken === 'string')
    } catch (err) {
      throw new CloudStartError(
        `The local cloud cannot read its temporary credentials in ${this.file} (${(err as Error).message}). ` +
          `Move the file aside (mv "${this.file}" "${this.file}.bad") and start again: functions get new credentials on their next start.`,
      )
    }
  }
}
