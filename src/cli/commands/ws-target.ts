/**
 * @module What `lab ws` and `lab connections` need from a target: the local cloud's port (to turn the `wss://` URL
 * a stack outputs into the local one) and the runner's credentials for SigV4 — the install's own for the local
 * cloud, the standard AWS chain (`--profile`) for real AWS.
 */
import { localizeUrl } from '../../deployer/local-urls.js'
import type { Target } from '../../deployer/types.js'
import { LabError } from '../../runner/errors.js'
import { targetOptionsFor, type TargetFlags } from '../../runner/select.js'
import { resolveTarget } from '../../runner/session.js'
import { t } from '../../ui/i18n.js'
import type { CommandContext } from '../context.js'

const AWS_EXECUTE_API = /^[a-z0-9]+\.execute-api\.[a-z0-9-]+\.amazonaws\.com$/

export function isAwsExecuteApiHost(hostname: string): boolean {
  return AWS_EXECUTE_API.test(hostname)
}

/** The target for `flags`: given flags win, else where the lab in progress was deployed, else the local cloud. */
export async function targetFor(ctx: CommandContext, flags: TargetFlags, labId?: string): Promise<Target> {
  const id = labId ?? ctx.progress.read().current
  return resolveTarget(ctx, targetOptionsFor(flags, id ? ctx.progress.lab(id) : undefined))
}

/**
 * The URL as the target serves it: on the local cloud, `wss://{api}.execute-api.{region}.amazonaws.com/{stage}`
 * becomes `ws://{api}.execute-api.localhost:PORT/{stage}` (and `https://` becomes `http://`), as the deployer
 * translates stack outputs.
 */
export function urlForTarget(url: URL, target: Target): URL {
  if (!target.localPort || !isAwsExecuteApiHost(url.hostname)) return url
  const secure = url.protocol === 'wss:' || url.protocol === 'https:'
  const socket = url.protocol === 'wss:' || url.protocol === 'ws:'
  const asHttp = new URL(url.href)
  asHttp.protocol = secure ? 'https:' : 'http:'
  const local = new URL(localizeUrl(asHttp.href, target.localPort))
  if (socket) local.protocol = 'ws:'
  return local
}

/** `k:v` (headers) or `k=v` (query) pairs; a malformed one is refused with the flag's name. */
export function parsePairs(values: string[] | undefined, separator: ':' | '=', flag: string): Record<string, string> {
  const pairs: Record<string, string> = Object.create(null)
  for (const value of values ?? []) {
    const at = value.indexOf(separator)
    const name = at > 0 ? value.slice(0, at).trim() : ''
    if (!name) throw new LabError(t('ws.badPair', { flag, value, example: separator === ':' ? 'Authorization: allow' : 'name=alice' }))
    pairs[name] = value.slice(at + 1).trim()
  }
  return pairs
}
