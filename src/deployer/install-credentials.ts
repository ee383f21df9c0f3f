/**
 * @module The runner's side of the install's credentials: read from the cloud's folder (the cloud makes them on
 * its first start), a damaged or missing file said in the learner's words.
 */
import { credentialsFile, DamagedCredentialsError, readInstallCredentials, type InstallCredentials } from '../common/install-credentials.js'
import { LabError } from '../runner/errors.js'
import { t } from '../ui/i18n.js'

/** The credentials in `cloudDir` (`file`: another key file there, e.g. the second account's); `optional`: undefined instead of an error when they cannot be read. */
export function installCredentials(cloudDir: string, opts: { optional: true; file?: string }): InstallCredentials | undefined
export function installCredentials(cloudDir: string, opts?: { optional?: false; file?: string }): InstallCredentials
export function installCredentials(cloudDir: string, opts: { optional?: boolean; file?: string } = {}): InstallCredentials | undefined {
  try {
    const found = readInstallCredentials(cloudDir, opts.file)
    if (found || opts.optional) return found
    throw new LabError(t('cloud.credentialsMissing', { file: credentialsFile(cloudDir, opts.file) }), [t('cloud.credentialsMissingHint')])
  } catch (err) {
    if (opts.optional) return undefined
    if (err instanceof DamagedCredentialsError) throw new LabError(t('cloud.credentialsDamaged', { file: err.file }))
    throw err
  }
}
