/**
 * @module `lab cloud env [--json]`: this install's credentials and the cloud's endpoint as environment variables,
 * so other tools sign requests the cloud accepts: `eval "$(lab cloud env)"`. It starts the cloud when none runs,
 * as every other command does (the endpoint's port is then known, and a first start makes the credentials).
 * `AWS_SESSION_TOKEN` is unset: a token left from real AWS credentials would be sent with the local key and refused.
 * @see https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-envvars.html
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
 */
import { SECOND_ACCOUNT_CREDENTIALS_FILE, SECOND_ACCOUNT_ID } from '../../common/install-credentials.js'
import { shellQuote } from '../../common/shell-quote.js'
import { DEFAULT_REGION } from '../../deployer/endpoint-target.js'
import { installCredentials } from '../../deployer/install-credentials.js'
import { cloudPaths, ensureLocalCloud } from '../../deployer/local-cloud.js'
import { LabError } from '../../runner/errors.js'
import { t } from '../../ui/i18n.js'
import type { Output } from '../../ui/output.js'

/** `account`: `main` (this install's account) or `second` (the second local account, for cross-account cases). */
export async function cloudEnv(home: string, out: Output, json: boolean, account = 'main'): Promise<void> {
  if (account !== 'main' && account !== 'second') throw new LabError(t('cloud.env.unknownAccount', { name: account }))
  const cloud = await ensureLocalCloud(home)
  const credentials = installCredentials(cloudPaths(home).dir, { file: account === 'second' ? SECOND_ACCOUNT_CREDENTIALS_FILE : undefined })
  const vars = {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_REGION: DEFAULT_REGION,
    // AWS CLI v1 (and older SDKs) read only AWS_DEFAULT_REGION.
    AWS_DEFAULT_REGION: DEFAULT_REGION,
    AWS_ENDPOINT_URL: cloud.endpoint,
  }
  if (json) {
    out.json(vars)
    return
  }
  out.info(`# ${t('cloud.env.comment', { endpoint: cloud.endpoint }).replace(/\n/g, ' ')}`)
  if (account === 'second') out.info(`# ${t('cloud.env.secondComment', { account: SECOND_ACCOUNT_ID })}`)
  for (const [name, value] of Object.entries(vars)) out.info(`export ${name}=${shellQuote(value)}`)
  out.info('unset AWS_SESSION_TOKEN')
}
