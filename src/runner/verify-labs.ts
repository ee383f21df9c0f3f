/**
 * @module `npm run labs:verify [-- <id>]`: every lab's self-test (rustlings' `dev check`). In a temporary
 * LAB_HOME on a local cloud of its own: the starter deploys and fails exactly the checks marked
 * `failsInStarter`, the solution passes them all, and teardown leaves nothing behind.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { freePort } from '../common/free-port.js'
import { isLanguage, LANGUAGES, setLanguage, type Language } from '../ui/i18n.js'
import { captureOutput, createOutput, type Output } from '../ui/output.js'
import { defaultDeps } from './deps.js'
import { LabError } from './errors.js'
import { guideProblems } from './guide.js'
import { loadAllLabs, type LoadedLab } from './lab-manifest.js'
import { contentDir } from './paths.js'
import { ProgressStore } from './progress.js'
import { checkLab, deployWorkspace, runPassed, teardownLabSession, type SessionContext } from './session.js'
import { findLab } from './suggest.js'
import { applySolution, createWorkspace, defaultWorkspaceDir } from './workspace.js'

export interface LabVerdict {
  lab: string
  ok: boolean
  problems: string[]
  /** Notes that are not failures (e.g. browser checks not run: no Chromium). */
  notes: string[]
}

/** Run the self-test of one lab in `session` (a temporary LAB_HOME). */
export async function verifyLab(session: SessionContext, lab: LoadedLab, browser: boolean): Promise<LabVerdict> {
  const verdict: LabVerdict = { lab: lab.manifest.id, ok: false, problems: [], notes: [] }
  const target = { target: 'local' as const }
  const dir = defaultWorkspaceDir(session.labHome, lab)
  for (const problem of guideProblems(lab)) verdict.problems.push(`guide: ${problem}`)
  try {
    createWorkspace(lab, dir)
    await deployWorkspace(session, lab, { target, dir })
    const starter = await checkLab(session, lab, { target, browser })
    for (const spec of lab.manifest.checks) {
      if (!spec.failsInStarter) continue
      const result = starter.results.find((r) => r.id === spec.id)
      if (!result) verdict.problems.push(`starter: check ${spec.id} produced no result`)
      else if (result.skipped) verdict.notes.push(`starter: check ${spec.id} skipped (${result.message})`)
      else if (result.passed) verdict.problems.push(`starter: check ${spec.id} passed, but failsInStarter says it must fail`)
      else if (typeof spec.failsInStarter === 'string' && !result.message.includes(spec.failsInStarter)) {
        verdict.problems.push(`starter: check ${spec.id} failed with "${result.message}", expected it to contain "${spec.failsInStarter}"`)
      }
    }
    applySolution(lab, dir)
    await deployWorkspace(session, lab, { target, dir })
    const solution = await checkLab(session, lab, { target, browser })
    for (const r of solution.results) {
      if (r.skipped) verdict.notes.push(`solution: check ${r.id} skipped (${r.message})`)
      else if (!r.passed) verdict.problems.push(`solution: check ${r.id} failed: ${r.message}`)
    }
    if (!runPassed(solution.results, browser) && verdict.problems.length === 0) verdict.problems.push('solution: the run did not pass')
  } catch (err) {
    verdict.problems.push(describeError(err))
  }
  try {
    const { result } = await teardownLabSession(session, lab, { target })
    for (const r of result.remaining) verdict.problems.push(`teardown: ${r.type} ${r.arn} still exists`)
  } catch (err) {
    verdict.problems.push(`teardown: ${describeError(err)}`)
  }
  verdict.ok = verdict.problems.length === 0
  return verdict
}

function describeError(err: unknown): string {
  if (err instanceof LabError) return [err.message, ...err.details].join(' | ')
  return err instanceof Error ? err.message : String(err)
}


/** Stop the cloud this run started, through the CLI (the runner never imports the cloud). */
async function stopCloud(home: string): Promise<void> {
  const { cliEntry } = await import('../deployer/local-cloud.js')
  await new Promise<void>((resolve) =>
    execFile(process.execPath, [cliEntry(), 'cloud', 'stop'], { env: { ...process.env, LAB_HOME: home } }, () => resolve()),
  )
}

/** `--lang ko` (or `--lang=ko`) and the lab ids; an unknown language is refused, not ignored. */
export function verifyArgs(args: string[]): { ids: string[]; lang: Language } {
  const ids: string[] = []
  let lang: string = 'en'
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--lang') lang = args[++i] ?? ''
    else if (args[i].startsWith('--lang=')) lang = args[i].slice('--lang='.length)
    else ids.push(args[i])
  }
  if (!isLanguage(lang)) throw new LabError(`labs:verify: --lang must be one of ${LANGUAGES.join(', ')} (got '${lang}')`)
  return { ids, lang }
}

export async function verifyLabs(argv: string[], out: Output = createOutput()): Promise<number> {
  const content = contentDir()
  const { ids: args, lang } = verifyArgs(argv)
  // The same checks run in every language; titles, whys and the session's messages are in `lang`.
  setLanguage(lang)
  let labs = await loadAllLabs(content, { validateChecks: true })
  if (args.length > 0) labs = args.map((id) => findLab(labs, id))
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-verify-'))
  const previous = { home: process.env.LAB_HOME, port: process.env.LAB_CLOUD_PORT }
  process.env.LAB_HOME = home
  process.env.LAB_CLOUD_PORT = String(await freePort())
  const browser = Boolean((await defaultDeps.checks()).findChromium())
  out.info(`labs:verify — ${labs.length} lab(s), language ${lang}, LAB_HOME=${home}, port ${process.env.LAB_CLOUD_PORT}${browser ? ', with browser checks' : ', no Chromium: browser checks skipped'}`)
  const verdicts: LabVerdict[] = []
  try {
    for (const lab of labs) {
      // The session's chatter is kept and shown only when the lab fails.
      const log = captureOutput()
      const session: SessionContext = { out: log, labHome: home, progress: new ProgressStore(home) }
      const verdict = await verifyLab(session, lab, browser)
      verdicts.push(verdict)
      out.info(`${verdict.ok ? out.colors.green('✓') : out.colors.red('✗')} ${lab.manifest.id} ${lab.manifest.title}`)
      for (const note of verdict.notes) out.info(out.colors.dim(`    note: ${note}`))
      for (const problem of verdict.problems) out.info(out.colors.red(`    ${problem}`))
      if (!verdict.ok) for (const line of [...log.stdout, ...log.stderr]) out.info(out.colors.dim(`    | ${line}`))
    }
  } finally {
    await stopCloud(home)
    process.env.LAB_HOME = previous.home
    process.env.LAB_CLOUD_PORT = previous.port
    if (previous.home === undefined) delete process.env.LAB_HOME
    if (previous.port === undefined) delete process.env.LAB_CLOUD_PORT
    fs.rmSync(home, { recursive: true, force: true })
  }
  const failed = verdicts.filter((v) => !v.ok).length
  out.info('')
  out.info(failed === 0 ? out.colors.green(`All ${verdicts.length} lab(s) verified.`) : out.colors.red(`${failed} of ${verdicts.length} lab(s) failed verification.`))
  return failed === 0 ? 0 : 1
}

// Run as a script (`node dist/runner/verify-labs.js [id…]`), not when imported by tests.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true' // as in cli/main.ts
  const out = createOutput()
  verifyLabs(process.argv.slice(2), out).then(
    (code) => (process.exitCode = code),
    (err) => {
      out.error(describeError(err))
      process.exitCode = err instanceof LabError ? err.exitCode : 70
    },
  )
}
