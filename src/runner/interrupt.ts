/**
 * @module Ctrl-C during a deploy: the learner gets told what state the target is left in (the stack's status, whether
 * the site was uploaded) and what to run next, instead of a silent exit that leaves `lab status` and the next check
 * confused. CloudFormation carries on without us: a stack change in flight finishes or rolls back on its own.
 */
import type { Output } from '../ui/output.js'
import { t } from '../ui/i18n.js'
import { LabError } from './errors.js'

export type DeployPhase = 'package' | 'stack' | 'site' | 'done'

export interface InterruptGuard {
  phase: DeployPhase
  /** Remove the handler (the deploy finished or failed on its own). */
  release(): void
  /**
   * After the deploy call returned or threw: when Ctrl-C came meanwhile, wait for the explanation and stop the
   * command (an `InterruptedError`, exit 130) rather than carry on printing outputs as if nothing happened.
   */
  stopIfInterrupted(): Promise<void>
}

/** The command was interrupted and has said what state things are in: exit 130 with nothing more to print. */
export class InterruptedError extends LabError {
  constructor() {
    super('', [], EXIT_INTERRUPTED)
    this.name = 'InterruptedError'
  }
}

export interface GuardOptions {
  out: Output
  stackName: string
  /** The lab's id: printed commands name it (a bare `lab deploy` may pick another lab, from the folder or the last start). */
  labId: string
  /** The lab uploads a website after the stack (only then are the site's sentences true). */
  hasSite: boolean
  targetDescribe: string
  /** The stack's status now (undefined: there is none); asked only when interrupted. */
  stackStatus: () => Promise<string | undefined>
  /** Record what exists (the stack is deployed even though the command did not finish). */
  record: (stackExists: boolean) => void
  exit?: (code: number) => void
  /** The signal source (tests pass an EventEmitter). */
  signals?: Pick<NodeJS.Process, 'on' | 'off' | 'listenerCount'>
}

/** 128 + SIGINT, what a shell reports for a command ended by Ctrl-C. */
const EXIT_INTERRUPTED = 130
const ASK_TIMEOUT_MS = 5000

/**
 * Handle SIGINT while a deploy runs. When someone else already handles it (`lab watch` quits after the current run),
 * the guard stays out of the way; their handler is removed after their first Ctrl-C, and a second one lands here.
 */
export function guardDeploy(options: GuardOptions): InterruptGuard {
  const signals = options.signals ?? process
  const exit = options.exit ?? ((code: number) => process.stdout.write('', () => process.exit(code)))
  let explained: Promise<void> | undefined
  const guard: InterruptGuard = {
    phase: 'package',
    release: () => void signals.off('SIGINT', onSignal),
    stopIfInterrupted: async () => {
      if (!explained) return
      await explained
      throw new InterruptedError()
    },
  }
  const onSignal = () => {
    if (explained) return exit(EXIT_INTERRUPTED) // a second Ctrl-C: no more waiting
    explained = explain(options, guard.phase).finally(() => exit(EXIT_INTERRUPTED))
  }
  if (signals.listenerCount('SIGINT') === 0) signals.on('SIGINT', onSignal)
  return guard
}

/**
 * Ctrl-C before the deploy starts (loading the SDK, starting the local cloud takes a second or two): nothing was
 * sent to the target yet, so say that rather than die with a bare `^C`. Release it before `guardDeploy`.
 */
export function guardStartup(options: Pick<GuardOptions, 'out' | 'stackName' | 'labId' | 'exit' | 'signals'>): () => void {
  const signals = options.signals ?? process
  const exit = options.exit ?? ((code: number) => process.stdout.write('', () => process.exit(code)))
  const onSignal = () => {
    options.out.warn('')
    options.out.warn(t('loop.interrupt.beforeStart', { stack: options.stackName }))
    options.out.warn(t('loop.interrupt.nextNothing', { lab: options.labId }))
    exit(EXIT_INTERRUPTED)
  }
  if (signals.listenerCount('SIGINT') > 0) return () => {}
  signals.on('SIGINT', onSignal)
  return () => signals.off('SIGINT', onSignal)
}

async function explain(options: GuardOptions, phase: DeployPhase): Promise<void> {
  const { out, stackName: stack, targetDescribe: target, labId: lab } = options
  out.warn('')
  out.warn(t('loop.interrupt.headline', { stack, phase: t(`loop.interrupt.phase.${phase}`) }))
  let status: string | undefined
  try {
    status = await Promise.race([
      options.stackStatus(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ASK_TIMEOUT_MS / 1000} s`)), ASK_TIMEOUT_MS).unref()),
    ])
    if (!status) out.warn(t('loop.interrupt.noStack', { stack, target }))
    else if (status.endsWith('_IN_PROGRESS')) out.warn(t('loop.interrupt.stackBusy', { stack, status, target }))
    else out.warn(t('loop.interrupt.stackStatus', { stack, status, target }))
    options.record(Boolean(status))
  } catch (err) {
    out.warn(t('loop.interrupt.stackUnknown', { stack, message: (err as Error).message }))
  }
  if (phase !== 'done' && options.hasSite) out.warn(t('loop.interrupt.siteNotUploaded'))
  if (!status) out.warn(t('loop.interrupt.nextNothing', { lab }))
  else if (phase === 'done') out.warn(t('loop.interrupt.nextDone', { lab }))
  else out.warn(t(options.hasSite ? 'loop.interrupt.nextExisting' : 'loop.interrupt.nextExistingNoSite', { lab }))
}
