/**
 * @module The target flags checked before anything happens: `--endpoint` must be an http(s) URL, and it stands
 * instead of `--target`, not beside it. No SDK imports: the runner calls this before it prints a briefing or
 * creates a workspace, so a typo costs nothing.
 */
import { LabError } from '../runner/errors.js'
import { t } from '../ui/i18n.js'
import type { TargetOptions } from './types.js'

/**
 * The endpoint as a URL. Without this, `not-a-url` crashed inside the SDK (`Invalid URL`, exit 70) and
 * `localhost:4671` parsed as the scheme `localhost:` and came back as a baffling `NotFound: Unknown`.
 */
export function parseEndpoint(raw: string): URL {
  let url: URL | undefined
  try {
    url = new URL(raw)
  } catch {
    url = undefined
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    throw new LabError(t('deploy.badEndpoint', { value: raw }))
  }
  return url
}

/** Refuse what cannot mean one target; throws a LabError naming the fix. */
export function checkTargetOptions(opts: TargetOptions): void {
  if (opts.endpoint === undefined) return
  // The help says "--endpoint URL (instead of --target)": both at once used to let --endpoint win silently.
  if (opts.target) throw new LabError(t('deploy.endpointAndTarget', { target: opts.target, endpoint: opts.endpoint }))
  parseEndpoint(opts.endpoint)
}
