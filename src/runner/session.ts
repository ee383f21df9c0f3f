/**
 * @module A lab session: start (briefing, workspace) → deploy (live events, URLs) → check (report) → record
 * progress. Commands are thin wrappers around these steps; so is `lab watch` and `labs:verify`.
 */
import path from 'node:path'
import type { CredentialSource } from '../checks/sigv4-sign.js'
import type { CheckResult, CheckSpec } from '../checks/types.js'
import type { DeployResult, Target, TargetOptions, TeardownResult } from '../deployer/types.js'
import { renderBriefing, renderUrls } from '../ui/briefing.js'
import { renderCheckReport } from '../ui/check-report.js'
import { t } from '../ui/i18n.js'
import type { Output } from '../ui/output.js'
import { renderStackEvent } from '../ui/stack-events.js'
import { renderRecap, renderStepLines } from '../ui/step-report.js'
import { hasQuiz, stepProgress, type StepProgress } from './steps.js'
import { renderStaleStages } from '../ui/stale-deployment.js'
import { addStaleNotes, staleStagesFor } from './stale-notes.js'
import { codeFolders, learnerPaths } from './function-log-paths.js'
import { defaultDeps, type RunnerDeps } from './deps.js'
import { LabError } from './errors.js'
import { guardDeploy, guardStartup } from './interrupt.js'
import type { LoadedLab } from './lab-manifest.js'
import type { ProgressStore } from './progress.js'
import { targetKindOf } from './select.js'
import { copyGuides } from './guide.js'
import { createWorkspace, defaultWorkspaceDir, preflightWorkspace } from './workspace.js'
import { workspaceFingerprint } from './workspace-changes.js'

export interface SessionContext {
  out: Output
  labHome: string
  progress: ProgressStore
  deps?: RunnerDeps
  /** Keep stdout for JSON: send progress lines to stderr. */
  quiet?: boolean
  /** How an interrupted deploy ends the process (tests replace it). */
  exit?: (code: number) => void
}

const deps = (s: SessionContext) => s.deps ?? defaultDeps
const say = (s: SessionContext, text = '') => (s.quiet ? s.out.note(text) : s.out.info(text))

/** The workspace a lab uses: the one recorded in progress, else the default under LAB_HOME. */
export function workspaceOf(s: SessionContext, lab: LoadedLab): string {
  return s.progress.lab(lab.manifest.id).workspace ?? defaultWorkspaceDir(s.labHome, lab)
}

export async function resolveTarget(s: SessionContext, options: TargetOptions): Promise<Target> {
  return (await deps(s).deployer()).resolveTarget({ ...options, labHome: s.labHome })
}

/** What you will learn, what gets deployed, and (on AWS) what it costs. */
export function showBriefing(s: SessionContext, lab: LoadedLab, target: TargetOptions): void {
  for (const line of renderBriefing(lab.manifest, targetKindOf(target), s.out.colors)) say(s, line)
  say(s)
}

/** Create the workspace (keeping an existing one) and make this the lab in progress. Returns the folder. */
export function prepareWorkspace(s: SessionContext, lab: LoadedLab, options: { dir?: string } = {}): string {
  const recorded = workspaceOf(s, lab)
  const dir = options.dir ? path.resolve(options.dir) : recorded
  const { created } = createWorkspace(lab, dir, dir === path.resolve(recorded))
  // A workspace from before guides were copied gets them now; an existing copy (maybe with notes) stays.
  if (!created) copyGuides(lab, dir, { replace: false })
  say(s, t(created ? 'cli.workspace.created' : 'cli.workspace.kept', { dir }))
  s.progress.update((p) => {
    p.current = lab.manifest.id
    const entry = (p.labs[lab.manifest.id] ??= {})
    entry.startedAt ??= new Date().toISOString()
    entry.workspace = dir
  })
  return dir
}

export interface DeployOutcome {
  target: Target
  result: DeployResult
  urls: { label: string; url: string }[]
}

/** Check the YAML, deploy the workspace with the live event view, record where, print the URLs. */
export async function deployWorkspace(
  s: SessionContext,
  lab: LoadedLab,
  options: { target: TargetOptions; dir?: string },
): Promise<DeployOutcome> {
  const dir = options.dir ?? workspaceOf(s, lab)
  preflightWorkspace(dir)
  const releaseStartup = guardStartup({ out: s.out, stackName: lab.manifest.stackName, labId: lab.manifest.id, exit: s.exit })
  let deployer: Awaited<ReturnType<RunnerDeps['deployer']>>
  let target: Target
  try {
    deployer = await deps(s).deployer()
    target = await deployer.resolveTarget({ ...options.target, labHome: s.labHome })
  } finally {
    releaseStartup()
  }
  say(s, s.out.colors.bold(t('cli.deploy.starting', { stack: lab.manifest.stackName, target: target.describe })))
  say(s, t('learner.deploy.from', { dir }))
  // Recorded before deploying: if the deploy fails halfway, `teardown` must still know where to clean up.
  s.progress.updateLab(lab.manifest.id, (entry) => {
    entry.workspace ??= dir
    entry.target = options.target
    entry.targetDescribe = target.describe
  })
  // Taken before deploying: an edit saved while CloudFormation works was not deployed.
  const deployedFiles = workspaceFingerprint(dir)
  const recordDeployed = () =>
    s.progress.updateLab(lab.manifest.id, (entry) => {
      entry.stackName = lab.manifest.stackName
      entry.deployedAt = new Date().toISOString()
      entry.deployedFiles = deployedFiles
      delete entry.tornDownAt
    })
  // Ctrl-C mid-deploy says what is left where, and records a stack that exists.
  const guard = guardDeploy({
    out: s.out,
    stackName: lab.manifest.stackName,
    labId: lab.manifest.id,
    hasSite: Boolean(lab.manifest.site),
    targetDescribe: target.describe,
    stackStatus: async () => (await deployer.describeLabStack?.(target, lab.manifest.stackName))?.status,
    record: (exists) => exists && recordDeployed(),
    exit: s.exit,
  })
  let result: DeployResult
  try {
    result = await deployer.deployLab(target, {
      lab: lab.manifest,
      workspaceDir: dir,
      onEvent: (event) => say(s, renderStackEvent(event, s.out.colors)),
      onPhase: (phase) => void (guard.phase = phase),
    })
  } catch (err) {
    await guard.stopIfInterrupted() // Ctrl-C, then the deploy failed because of it: the explanation says it all
    throw err
  } finally {
    guard.release()
  }
  await guard.stopIfInterrupted()
  recordDeployed()
  say(s, t(result.unchanged ? 'cli.deploy.unchanged' : 'cli.deploy.done', { stack: result.stackName, status: result.status }))
  const site = result.siteUploaded ?? []
  if (site.length > 0) say(s, t('cli.deploy.siteUploaded', { count: site.length, files: site.slice(0, 5).join(', ') + (site.length > 5 ? ', …' : '') }))
  for (const line of renderStaleStages(result.staleStages ?? [], s.out.colors)) say(s, line)
  for (const notice of result.runtimeNotices ?? []) say(s, s.out.colors.yellow(notice))
  const urls = labUrls(lab, result.outputs)
  warnAboutOutputs(s, target)
  if (urls.length > 0) {
    say(s, '')
    for (const line of renderUrls(urls, s.out.colors)) say(s, line)
  }
  return { target, result, urls }
}

const warned = new WeakSet<Output>()

/**
 * The target's caveat about its outputs (an endpoint that is not a local cloud of this project), said once per
 * command: `lab start` deploys then checks, `lab watch` does both on every save.
 */
export function warnAboutOutputs(s: Pick<SessionContext, 'out'>, target: Target): void {
  if (!target.outputsWarning || warned.has(s.out)) return
  warned.add(s.out)
  s.out.warn(target.outputsWarning)
}

/** `lab.urls` resolved against the outputs (missing outputs are named, not skipped). */
export function labUrls(lab: LoadedLab, outputs: Record<string, string>): { label: string; url: string }[] {
  return lab.manifest.urls.map((u) => ({
    label: u.label,
    url: outputs[u.output] ?? t('cli.deploy.missingOutput', { output: u.output }),
  }))
}

export interface CheckRun {
  lab: string
  passed: boolean
  results: CheckResult[]
  target: Target
  /** Where the learner is among the lab's steps, compared with the last run. */
  steps: StepProgress
  /** The lab, for the step lines and the recap. */
  source: LoadedLab
  /** The stack's outputs the checks ran against (step texts name them). */
  outputs?: Record<string, string>
}

/**
 * Passed iff no check failed. A skipped check counts only when `--browser` was asked for: without it,
 * browser checks are skipped by design (and said so); with it, a skip means the browser check could not
 * run (no Chromium), so the run cannot claim to have passed.
 */
export function runPassed(results: CheckResult[], browser: boolean): boolean {
  return results.every((r) => (r.skipped ? !browser : r.passed))
}

/** Fetch the outputs, run the lab's checks against them, record the result. Does not print the report. */
export async function checkLab(
  s: SessionContext,
  lab: LoadedLab,
  options: { target: TargetOptions; browser: boolean },
): Promise<CheckRun> {
  const deployer = await deps(s).deployer()
  const target = await deployer.resolveTarget({ ...options.target, labHome: s.labHome })
  const stackName = s.progress.lab(lab.manifest.id).stackName ?? lab.manifest.stackName
  const outputs = await deployer.getStackOutputs(target, stackName)
  if (!outputs) {
    throw new LabError(t('cli.check.notDeployed', { lab: lab.manifest.id, target: target.describe }), [
      t('cli.check.notDeployedHint', { lab: lab.manifest.id }),
    ])
  }
  warnAboutOutputs(s, target)
  const checks = await deps(s).checks()
  const startedAt = Date.now()
  const showProgress = (spec: CheckSpec, index: number, total: number) =>
    s.out.progress(t('cli.check.running', { n: index + 1, total, title: spec.title }))
  const results = await checks
    .runChecks(
      lab.manifest.checks,
      {
        outputs,
        target: target.kind,
        browser: options.browser,
        fetch: checks.createLabFetch(),
        aws: { region: target.region, endpoint: target.endpoint, credentials: target.clientConfig.credentials as CredentialSource },
      },
      showProgress,
    )
    .finally(() => s.out.progress(''))
  // CloudWatch Logs shows new events within a few seconds on AWS; the local cloud ships them every ~100 ms.
  const retryMs = target.kind === 'aws' ? 3000 : 400
  const workspace = workspaceOf(s, lab)
  const readLog = async (since: number) => learnerPaths((await deployer.recentFunctionLog?.(target, stackName, since)) ?? [], codeFolders(workspace), workspace)
  await addFunctionLog(results, readLog, startedAt, retryMs)
  await addStaleNotes(results, () => staleStagesFor(deployer, target, stackName, workspace))
  const passed = runPassed(results, options.browser)
  const now = new Date().toISOString()
  let steps: StepProgress = { changed: true }
  s.progress.updateLab(lab.manifest.id, (entry) => {
    steps = stepProgress(lab.manifest.steps, results, entry.lastCheck ? (entry.lastCheck.step ?? null) : undefined)
    const step = steps.current?.id ?? null
    entry.lastCheck = { at: now, passed, passedCount: results.filter((r) => r.passed).length, total: results.length, step }
    if (passed) entry.checksPassedAt ??= now
  })
  return { lab: lab.manifest.id, passed, results, target, steps, source: lab, outputs }
}

/**
 * A 5xx from API Gateway hides the reason in the function's log: fetch what the stack's functions logged during
 * the run and show it under the first of those failures. The local cloud ships logs every ~100 ms, so look twice.
 */
async function addFunctionLog(results: CheckResult[], read: (sinceMs: number) => Promise<string[]>, startedAt: number, retryMs: number): Promise<void> {
  const failed = results.filter((r) => !r.passed && !r.skipped && (r.status ?? 0) >= 500)
  if (!failed.length) return
  const since = startedAt - 2000 // some slack for clocks
  let lines = await read(since)
  if (!lines.length) lines = await new Promise<void>((resolve) => setTimeout(resolve, retryMs)).then(() => read(since))
  // Once per run, under the first failure it explains: the same lines under every failure bury the report.
  if (lines.length) failed[0].functionLog = lines
}

/**
 * The human report for a check run, with a closing line that says what to do next (`next: false` when the
 * caller says it; `watching` when the next step is just saving again).
 */
export function printCheckRun(
  s: SessionContext,
  run: CheckRun,
  browser: boolean,
  options: { next?: boolean; watching?: boolean } = {},
): void {
  for (const line of renderCheckReport(run.results, s.out.colors)) say(s, line)
  const skippedBrowser = run.results.some((r) => r.skipped) && !browser
  if (skippedBrowser) say(s, s.out.colors.dim(t('cli.check.browserHint', { lab: run.lab })))
  for (const line of renderStepLines(run.source.manifest, run.steps, s.out.colors, run.outputs)) say(s, line)
  if (options.next === false) return
  const failed = run.results.filter((r) => !r.passed && !r.skipped).length
  const couldNotRun = run.results.filter((r) => r.couldNotRun).length
  if (run.passed) {
    say(s, s.out.colors.green(t('cli.check.allPassed')))
    for (const line of renderRecap(run.source.manifest, { quiz: hasQuiz(run.source) }, s.out.colors)) say(s, line)
  }
  // Nothing failed, yet the run did: --browser asked for checks that could not run (no Chromium).
  else if (failed === 0 && couldNotRun > 0) say(s, s.out.colors.red(t('cli.check.couldNotRun', { count: couldNotRun, lab: run.lab })))
  else say(s, t(options.watching ? 'cli.check.nextStepsWatch' : 'cli.check.nextSteps', { lab: run.lab }))
}

type StepJson = { number: number; total: number; id: string; title: string; text: string } | null

/**
 * JSON for `lab check --json`: `{lab, passed, checks:[{id,title,passed,message,…}], step, previousStep}`.
 * `step` is the step the learner is on (null when every step is done); `previousStep`, the last run's.
 */
export function checkRunJson(run: CheckRun): { lab: string; passed: boolean; checks: CheckResult[]; step: StepJson; previousStep: StepJson } {
  return { lab: run.lab, passed: run.passed, checks: run.results, step: run.steps.current ?? null, previousStep: run.steps.previous ?? null }
}

/** Delete the lab's stack and everything tagged for it; record the teardown when nothing remains. */
export async function teardownLabSession(
  s: SessionContext,
  lab: LoadedLab,
  options: { target: TargetOptions },
): Promise<{ target: Target; result: TeardownResult }> {
  const deployer = await deps(s).deployer()
  const target = await deployer.resolveTarget({ ...options.target, labHome: s.labHome })
  say(s, s.out.colors.bold(t('cli.teardown.starting', { lab: lab.manifest.id, target: target.describe })))
  const result = await deployer.teardownLab(target, lab.manifest, (event) => say(s, renderStackEvent(event, s.out.colors)))
  if (result.remaining.length === 0) {
    s.progress.updateLab(lab.manifest.id, (entry) => void (entry.tornDownAt = new Date().toISOString()))
  }
  return { target, result }
}

/** `teardown --all`: sweep every lab-managed stack and the shared artifacts bucket from one target. */
export async function teardownEverything(
  s: SessionContext,
  options: { target: TargetOptions },
): Promise<{ target: Target; result: TeardownResult }> {
  const deployer = await deps(s).deployer()
  const target = await deployer.resolveTarget({ ...options.target, labHome: s.labHome })
  say(s, s.out.colors.bold(t('cli.teardown.sweeping', { target: target.describe })))
  const result = await deployer.teardownAll(target, (event) => say(s, renderStackEvent(event, s.out.colors)))
  return { target, result }
}
