/**
 * @module `lab doctor`'s look at the install's credentials: present, private (0600), and accepted by the cloud
 * running for this LAB_HOME (a signed STS GetCallerIdentity: a cloud of another LAB_HOME, or one started before
 * the file changed, refuses them).
 */
import { credentialsFile, credentialsMode, DamagedCredentialsError, readInstallCredentials } from '../../common/install-credentials.js'
import { cloudPaths, findRunningCloud } from '../../deployer/local-cloud.js'
import { t } from '../../ui/i18n.js'
import type { Finding } from './doctor.js'

export async function cloudCredentials(labHome: string): Promise<Finding> {
  const dir = cloudPaths(labHome).dir
  const file = credentialsFile(dir)
  const finding = (status: Finding['status'], detail: string): Finding => ({ id: 'credentials', status, detail })
  let credentials
  try {
    credentials = readInstallCredentials(dir)
  } catch (err) {
    if (err instanceof DamagedCredentialsError) return finding('fail', t('cloud.credentialsDamaged', { file }))
    throw err
  }
  if (!credentials) return finding('ok', t('cli.doctor.credentialsNotYet'))
  const mode = credentialsMode(dir) ?? 0
  if (mode & 0o077) return finding('fail', t('cli.doctor.credentialsOpen', { file, mode: mode.toString(8).padStart(4, '0') }))
  if (process.env.LAB_CLOUD_ANY_CREDENTIALS === '1') return finding('warn', t('cli.doctor.anyCredentials'))
  const running = await findRunningCloud(labHome)
  if (!running) return finding('ok', t('cli.doctor.credentialsOk', { file }))
  const { GetCallerIdentityCommand, STSClient } = await import('@aws-sdk/client-sts')
  const sts = new STSClient({ endpoint: running.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 })
  try {
    await sts.send(new GetCallerIdentityCommand({}))
    return finding('ok', t('cli.doctor.credentialsAccepted', { endpoint: running.endpoint }))
  } catch (err) {
    return finding('fail', t('cli.doctor.credentialsRefused', { endpoint: running.endpoint, code: (err as Error).name }))
  } finally {
    sts.destroy()
  }
}
