/**
 * @module `--endpoint URL`: any AWS-compatible endpoint. A local cloud of this project found there is treated as
 * `--target local` treats it (stack outputs in local URL styles); any other endpoint keeps the outputs as they
 * are, with a warning, since they name AWS hosts that the checks cannot reach in its place.
 */
import { isLoopbackHost } from '../common/localhost.js'
import { LabError } from '../runner/errors.js'
import { t } from '../ui/i18n.js'
import { probeEndpoint, type EndpointProbe } from './endpoint-probe.js'
import { parseEndpoint } from './target-options.js'
import { REQUEST_HANDLER } from './timeouts.js'
import { installCredentials } from './install-credentials.js'
import { cloudPaths } from './local-cloud.js'
import { labHome } from '../runner/paths.js'
import type { Target, TargetOptions } from './types.js'

export const LOCAL_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' }
export const DEFAULT_REGION = 'us-east-1'

export async function endpointTarget(endpoint: string, opts: TargetOptions & { labHome?: string }): Promise<Target> {
  const url = parseEndpoint(endpoint)
  const region = opts.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? DEFAULT_REGION
  // Only loopback is probed (signed with this LAB_HOME's credentials, so that our own cloud says where its data is): a lab cloud listens on 127.0.0.1 alone, and a remote endpoint need not see our probe.
  const loopback = isLoopbackHost(url.hostname)
  const probe: EndpointProbe = loopback ? await probeEndpoint(url, undefined, installCredentials(cloudPaths(opts.labHome ?? labHome()).dir, { optional: true })) : { kind: 'other' }
  // Said now, in a few seconds: the SDK would wait a minute per attempt, and retry.
  if (probe.kind === 'silent') throw new LabError(t('deploy.noAnswer', { endpoint, seconds: probe.seconds }))
  const labCloud = probe.kind === 'lab-cloud'
  return {
    kind: 'endpoint',
    region,
    endpoint,
    ...(labCloud ? { localPort: probe.port } : { outputsWarning: t('deploy.endpointOutputsAsIs', { endpoint }) }),
    clientConfig: {
      endpoint,
      region,
      // A lab cloud whose files we can read is called with its own credentials, as `--target local` does.
      credentials: (labCloud && probe.dataDir && installCredentials(probe.dataDir, { optional: true })) || (await endpointCredentials(opts, loopback)),
      forcePathStyle: true,
      requestHandler: REQUEST_HANDLER,
    },
    describe: t(labCloud ? 'deploy.target.endpointLabCloud' : 'deploy.target.endpoint', { endpoint, region }),
  }
}

/**
 * The endpoint's credentials: what the learner configured, else the conventional `test`/`test`, since such
 * endpoints rarely check them. On loopback only the environment and the shared files are asked: the full chain
 * would first probe the EC2 instance metadata service (169.254.169.254), traffic leaving the machine for an
 * answer that cannot matter here. A remote endpoint keeps the full chain (it may sit beside instance credentials).
 */
async function endpointCredentials(opts: TargetOptions, loopback: boolean) {
  // Loaded here: the local target (the common case) never needs the credential providers.
  const { fromEnv, fromIni, fromNodeProviderChain } = await import('@aws-sdk/credential-providers')
  const profile = opts.profile ? { profile: opts.profile } : {}
  const providers = loopback ? [fromEnv(), fromIni(profile)] : [fromNodeProviderChain(profile)]
  // Each client memoizes what this returns (until it expires), as it does for the SDK's own chain.
  return async () => {
    for (const provider of providers) {
      try {
        return await provider()
      } catch {
        // not configured this way: try the next
      }
    }
    return LOCAL_CREDENTIALS
  }
}
