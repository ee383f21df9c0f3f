/**
 * @module `lab call <url> [--method M] [--header k:v]… [--data D|@file] [--sign [--profile P] [--region R]]
 * [--token id|access|<raw>] [--lab id] [--timeout s] [--verbose]`: one request to an API, shown the way a
 * learner needs to read it. A path such as `/iam` is added to the lab's ApiUrl output. The exit status is 0
 * whenever an answer came back (a 403 is the lesson, not an error) and non-zero when none did.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-control-access-using-iam-policies-to-invoke-api.html
 */
import fs from 'node:fs'
import { isLoopbackHost } from '../../common/localhost.js'
import { DEFAULT_REGION } from '../../deployer/endpoint-target.js'
import type { CredentialSource } from '../../checks/sigv4-sign.js'
import { identityCredentials, labIdentityRef } from '../../runner/call-identity.js'
import { parseCallUrl, parseHeader, parseMethod, parseTimeoutSeconds, regionOfUrl, sendCall, type CallPlan } from '../../runner/call-request.js'
import { defaultDeps } from '../../runner/deps.js'
import { LabError } from '../../runner/errors.js'
import { loadAllLabs, type LoadedLab } from '../../runner/lab-manifest.js'
import { selectLab, targetOptionsFor } from '../../runner/select.js'
import { savedToken } from '../../runner/saved-tokens.js'
import { resolveTarget } from '../../runner/session.js'
import { renderRequest, renderResponse, renderSigning } from '../../ui/call-report.js'
import { t } from '../../ui/i18n.js'
import type { CommandContext } from '../context.js'

export interface CallOptions {
  url: string
  method?: string
  header?: string[]
  data?: string
  sign?: boolean
  profile?: string
  region?: string
  token?: string
  lab?: string
  timeout?: string
  verbose?: boolean
}

/** The fetch to send with (tests pass their own). */
export interface CallDeps {
  fetch?: typeof fetch
  /** The deployed lab's stack outputs (tests pass their own). */
  outputs?: (lab: LoadedLab) => Promise<Record<string, string>>
}

export async function call(ctx: CommandContext, options: CallOptions, deps: CallDeps = {}): Promise<void> {
  const headers = (options.header ?? []).map(parseHeader)
  const method = options.method ? parseMethod(options.method) : options.data !== undefined ? 'POST' : 'GET'
  const timeoutMs = parseTimeoutSeconds(options.timeout) * 1000
  const hasAuthorization = headers.some(([name]) => name.toLowerCase() === 'authorization')
  if (options.token !== undefined && hasAuthorization) throw new LabError(t('call.tokenAndAuthorization'))
  if (options.token !== undefined && options.sign) throw new LabError(t('call.signAndToken'))
  if (options.profile && !options.sign) throw new LabError(t('call.profileWithoutSign'))

  const labs = await loadAllLabs(ctx.contentDir)
  const identity = options.sign ? labIdentityRef(options.profile, labs.map((l) => l.manifest.id)) : undefined
  const relative = options.url.startsWith('/')
  const savedTokenKind = options.token === 'id' || options.token === 'access' ? options.token : undefined
  // The lab matters only for a path, a saved token or a lab identity: a full URL with raw credentials needs none.
  const lab = relative || savedTokenKind || identity ? await selectLab(ctx, identity?.lab ?? options.lab) : undefined
  const outputs = lab && (relative || identity) ? await (deps.outputs ?? ((l: LoadedLab) => labOutputs(ctx, l)))(lab) : undefined

  const url = relative ? resolveOnApi(options.url, lab!, outputs!) : parseCallUrl(options.url)
  if (savedTokenKind) headers.push(['Authorization', savedToken(ctx.labHome, lab!.manifest.id, savedTokenKind)])
  else if (options.token !== undefined) headers.push(['Authorization', options.token])

  const plan: CallPlan = { url, method, headers, body: readBody(options.data), timeoutMs }
  const region = options.region ?? regionOfUrl(url) ?? (lab && ctx.progress.lab(lab.manifest.id).target?.region) ?? DEFAULT_REGION
  if (options.sign) {
    const credentials = identity ? identityCredentials(outputs!, identity) : await signerCredentials(ctx, url, options.profile, region)
    plan.sign = { region, credentials }
  }
  // A path went onto some lab's ApiUrl: say which, so a 403 from the wrong lab's API is not a mystery.
  if (relative && !options.verbose) ctx.out.info(ctx.out.colors.dim(t('learner.call.resolved', { method, url: url.href, lab: lab!.manifest.id })))
  const { createLabFetch } = await import('../../checks/lab-fetch.js')
  const result = await sendCall(plan, deps.fetch ?? createLabFetch())
  const colors = ctx.out.colors
  if (options.verbose) {
    for (const line of renderRequest(method, url, result.sentHeaders, colors)) ctx.out.info(line)
    for (const line of renderSigning(result, region, colors)) ctx.out.info(line)
  }
  for (const line of renderResponse(result, colors)) ctx.out.info(line)
}

async function labOutputs(ctx: CommandContext, lab: LoadedLab): Promise<Record<string, string>> {
  const progress = ctx.progress.lab(lab.manifest.id)
  const target = await resolveTarget(ctx, targetOptionsFor({}, progress))
  const values = await (await defaultDeps.deployer()).getStackOutputs(target, progress.stackName ?? lab.manifest.stackName)
  if (!values) {
    throw new LabError(t('cli.check.notDeployed', { lab: lab.manifest.id, target: target.describe }), [t('cli.check.notDeployedHint', { lab: lab.manifest.id })])
  }
  return values
}

/** `/iam?x=1` on `https://…/prod/` → `https://…/prod/iam?x=1`. */
function resolveOnApi(path: string, lab: LoadedLab, outputs: Record<string, string>): URL {
  const base = outputs.ApiUrl
  if (!base) throw new LabError(t('call.noApiUrl', { lab: lab.manifest.id, path, outputs: Object.keys(outputs).join(', ') || '-' }))
  return parseCallUrl(base.replace(/\/?$/, '/') + path.replace(/^\/+/, ''))
}

function readBody(data: string | undefined): string | Uint8Array | undefined {
  if (data === undefined || !data.startsWith('@')) return data
  const file = data.slice(1)
  try {
    return new Uint8Array(fs.readFileSync(file))
  } catch (error) {
    throw new LabError(t('call.dataFile', { file, error: (error as NodeJS.ErrnoException).code ?? (error as Error).message }))
  }
}

/**
 * The target's credentials, as the runner resolves them for deploying: the local cloud's own for a local URL,
 * the standard chain (or `--profile`) for any other. An AWS profile named for a local URL is used as asked.
 */
async function signerCredentials(ctx: CommandContext, url: URL, profile: string | undefined, region: string): Promise<CredentialSource> {
  if (isLoopbackHost(url.hostname) && !profile) {
    return (await resolveTarget(ctx, { target: 'local', region })).clientConfig.credentials as CredentialSource
  }
  if (isLoopbackHost(url.hostname)) {
    const { fromIni } = await import('@aws-sdk/credential-providers')
    return fromIni({ profile }) as CredentialSource
  }
  return (await resolveTarget(ctx, { target: 'aws', profile, region })).clientConfig.credentials as CredentialSource
}
