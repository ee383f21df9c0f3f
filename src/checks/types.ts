/** @module The contract between the runner and the checks: specs come from lab.yaml, results go to the UI. */
import type { CredentialSource } from './sigv4-sign.js'

/** One check as declared in a lab's `lab.yaml` (`kind` picks the implementation in src/checks/kinds). */
export interface CheckSpec {
  id: string
  title: string
  kind: string
  /** The starter must fail this check (labs:verify asserts it), optionally with this text in its message. */
  failsInStarter?: boolean | string
  /** Kind-specific settings; strings may use `${outputs.Name}` and `${origin:outputs.Name}` placeholders. */
  [setting: string]: unknown
}

export interface CheckContext {
  /** The deployed stack's outputs. */
  outputs: Record<string, string>
  target: 'local' | 'aws' | 'endpoint'
  /** `lab check --browser`: run browser-kind checks (otherwise they are skipped with a note). */
  browser: boolean
  /** A fetch that resolves `*.localhost` to loopback (Node does not). */
  fetch: typeof fetch
  /** The target's region, endpoint and credentials, for checks that sign requests or sign in to a user pool. */
  aws?: CheckAws
}

export interface CheckAws {
  region: string
  /** The local cloud or another endpoint; undefined for AWS. */
  endpoint?: string
  credentials: CredentialSource
}

export interface CheckResult {
  id: string
  title: string
  passed: boolean
  /** Not run (e.g. browser check without --browser or without Chromium); never counted as passed. */
  skipped?: boolean
  /** Asked for (`--browser`) but could not run (no Chromium): a skip that fails the run. */
  couldNotRun?: boolean
  /** One line: what went wrong (or right), in the words a browser or AWS would use. */
  message: string
  /** For failures: what was expected, what was sent and what came back, and why it matters. */
  expected?: string
  request?: string
  response?: string
  why?: string
  /** The HTTP status of the response the check failed on (the runner looks into the function logs on a 5xx). */
  status?: number
  /** Lines the stack's functions logged during the run, added by the runner to a failure with a 5xx. */
  functionLog?: string[]
  /** The answer came from a stage serving an older snapshot of its REST API: why, and how to fix it (added by the runner). */
  staleDeployment?: string
}
