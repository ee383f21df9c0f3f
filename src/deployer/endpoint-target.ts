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
import type { Target, TargetOptions } from './types.js'

export const LOCAL_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' }
export const DEFAULT_REGION = 'us-east-1'

export async function endpointTarget(endpoint: string, opts: TargetOptions): Promise<Target> {
  const url = parseEndpoint(endpoint)
  const region = opts.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? DEFAULT_REGION
  // Only loopback is probed: a lab cloud listens on 127.0.0.1 alone, and a remote endpoint need not see our probe.
  const probe: EndpointProbe = isLoopbackHost(url.hostname) ? await probeEndpoint(url) : { kind: 'other' }
  // Said now, in a few seconds: the SDK would wait a minute per attempt, and retry.
  if (probe.kind === 'silent') throw new LabError(t('deploy.noAnswer', { endpoint, seconds: probe.seconds }))
  const labCloud = probe.kind === 'lab-cloud'
  return {
    kind: 'endpoint',
    region,
    endpoint,
    ...(labCloud ? { localPort: probe.port } : { outputsWarning: t('deploy.endpointOutputsAsIs', { endpoint }) }),
    clientConfig: { endpoint, region, credentials: await endpointCredentials(opts), forcePathStyle: true, requestHandler: REQUEST_HANDLER },
    describe: t(labCloud ? 'deploy.target.endpointLabCloud' : 'deploy.target.endpoint', { endpoint, region }),
  }
}

/**
 * The standard chain when it finds credentials, else the conventional `test`/`test`, since such endpoints
 * rarely check them.
 */
async function endpointCredentials(opts: TargetOptions) {
  // Loaded here: the local target (the common case) never needs the credential chain.
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers')
  const chain = fromNodeProviderChain(opts.profile ? { profile: opts.profile } : {})
  return async () => {
    try {
      return await chain()
    } catch {
      return LOCAL_CREDENTIALS
    }
  }
}
