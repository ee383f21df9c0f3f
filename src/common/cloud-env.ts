/**
 * @module The environment the local cloud runs with: a short allow-list, never the learner's shell as a whole.
 * Functions run as the learner's user and can read the environment of processes they can see
 * (`/proc/<pid>/environ`); the cloud and everything it starts must hold no secret of the shell
 * (`AWS_SECRET_ACCESS_KEY`, tokens, …). A detached cloud is spawned with this environment; a foreground
 * `lab cloud start` re-launches itself with it.
 */

/** Set in a cloud started with the scrubbed environment (a foreground start does not re-launch twice). */
export const SCRUBBED_MARK = 'LAB_CLOUD_SCRUBBED'

/** What the cloud needs: finding programs, the user's home and locale, temp space, and its own LAB_* settings. */
const KEPT = new Set(['PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LANGUAGE', 'TZ', 'TMPDIR', 'TERM', 'NO_COLOR', 'FORCE_COLOR', 'SYSTEMROOT', 'WINDIR'])
const KEPT_PREFIXES = ['LAB_', 'LC_']

export function scrubbedCloudEnv(source: NodeJS.ProcessEnv = process.env, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = Object.create(null)
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined) continue
    if (KEPT.has(name) || KEPT_PREFIXES.some((p) => name.startsWith(p))) env[name] = value
  }
  return { ...env, ...extra, [SCRUBBED_MARK]: '1' }
}
