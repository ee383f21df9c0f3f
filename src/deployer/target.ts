/**
 * @module Where a lab deploys: the local cloud (default), any AWS-compatible `--endpoint`, or real AWS with the
 * standard credential chain. A Target is just SDK v3 client configuration plus a description.
 */
import { LabError } from '../runner/errors.js'
import { t } from '../ui/i18n.js'
import { DEFAULT_REGION, endpointTarget } from './endpoint-target.js'
import { installCredentials } from './install-credentials.js'
import { endpointLabel, timeoutError } from './errors.js'
import { cloudPaths, ensureLocalCloud, labHomeDir } from './local-cloud.js'
import { checkTargetOptions } from './target-options.js'
import { REQUEST_HANDLER } from './timeouts.js'
import type { Target, TargetOptions } from './types.js'

export interface CallerIdentity {
  account: string
  arn: string
}

export async function resolveTarget(opts: TargetOptions & { labHome?: string }): Promise<Target> {
  checkTargetOptions(opts)
  if (opts.endpoint !== undefined) return await endpointTarget(opts.endpoint, opts)
  if (opts.target === 'aws') return awsTarget(opts)
  // Load the CloudFormation client while the cloud starts (another process): every command needs it next.
  import('./stacks.js').catch(() => {})
  const home = opts.labHome ?? labHomeDir()
  const cloud = await ensureLocalCloud(home)
  const region = opts.region ?? DEFAULT_REGION
  // The cloud made them on its first start: the learner never handles them.
  const credentials = installCredentials(cloudPaths(home).dir)
  return {
    kind: 'local',
    region,
    endpoint: cloud.endpoint,
    localPort: cloud.port,
    clientConfig: { endpoint: cloud.endpoint, region, credentials, forcePathStyle: true, requestHandler: REQUEST_HANDLER },
    // The region is named when it is not the default: a remembered `--region` applies to later commands too.
    describe: t(region === DEFAULT_REGION ? 'deploy.target.local' : 'deploy.target.localRegion', { endpoint: cloud.endpoint, region }),
  }
}

async function awsTarget(opts: TargetOptions): Promise<Target> {
  const region = opts.region ?? (await profileRegion(opts.profile))
  if (!region) throw new LabError(t('deploy.noRegion'))
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers')
  const credentials = fromNodeProviderChain(opts.profile ? { profile: opts.profile } : {})
  const target: Target = {
    kind: 'aws',
    region,
    profile: opts.profile,
    clientConfig: { region, credentials, requestHandler: REQUEST_HANDLER, ...(opts.profile ? { profile: opts.profile } : {}) },
    describe: t('deploy.target.aws', { region, profile: opts.profile ? `, profile ${opts.profile}` : '' }),
  }
  // Fail here, with the words to fix it, rather than halfway through a deploy; also names the account.
  await checkCredentials(target)
  return target
}

/** AWS_REGION / AWS_DEFAULT_REGION, else the profile's `region` in ~/.aws/config — as the SDK resolves it. */
async function profileRegion(profile?: string): Promise<string | undefined> {
  if (process.env.AWS_REGION) return process.env.AWS_REGION
  if (process.env.AWS_DEFAULT_REGION) return process.env.AWS_DEFAULT_REGION
  const { STSClient } = await import('@aws-sdk/client-sts')
  const sts = new STSClient(profile ? { profile } : {})
  try {
    return await sts.config.region()
  } catch {
    return undefined
  } finally {
    sts.destroy()
  }
}

/**
 * Who the target's credentials belong to (STS GetCallerIdentity); a missing or rejected credential becomes a
 * LabError the learner can act on. On success the target's description names the account.
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 */
export async function checkCredentials(target: Target): Promise<CallerIdentity> {
  const { GetCallerIdentityCommand, STSClient } = await import('@aws-sdk/client-sts')
  const sts = new STSClient(target.clientConfig)
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}))
    if (target.kind === 'aws') target.describe = t('deploy.target.awsAccount', { account: identity.Account ?? '?', region: target.region })
    return { account: identity.Account ?? '', arn: identity.Arn ?? '' }
  } catch (err) {
    throw credentialError(err, target)
  } finally {
    sts.destroy()
  }
}

function credentialError(err: unknown, target: Target): LabError {
  const e = err as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } }
  if (e.name === 'CredentialsProviderError') return new LabError(t('deploy.noCredentials'))
  const timeout = timeoutError(err, target)
  if (timeout) return timeout
  if (e.$metadata?.httpStatusCode !== undefined) {
    const profile = target.profile ? ` --profile ${target.profile}` : ''
    return new LabError(t('deploy.badCredentials', { code: e.name ?? 'Error', message: e.message ?? '' }), [
      t('deploy.badCredentialsHint', { profile }),
    ])
  }
  return new LabError(t('deploy.unreachable', { endpoint: endpointLabel(target), message: e.message ?? String(err) }))
}
