/**
 * @module Where the learner is in a lab: the first step whose checks are not all green. A check skipped by
 * design (a browser check without --browser) does not hold a step back; one that could not run does.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { CheckResult } from '../checks/types.js'
import type { LoadedLab } from './lab-manifest.js'
import type { LabStep } from './lab-types.js'

export interface StepPosition {
  /** 1-based, as the learner counts (and as `lab guide --step` takes it). */
  number: number
  total: number
  id: string
  title: string
  text: string
}

export interface StepProgress {
  /** The step the learner is on; undefined when every step's checks are green. */
  current?: StepPosition
  /** The step of the previous check run (from progress), when there was one. */
  previous?: StepPosition
  /** True when the previous run was on an earlier step, or on none at all (a first run). */
  changed: boolean
}

function stepDone(step: LabStep, results: CheckResult[]): boolean {
  return step.checks.every((id) => {
    const r = results.find((result) => result.id === id)
    return r !== undefined && (r.skipped ? !r.couldNotRun : r.passed)
  })
}

function position(steps: LabStep[], index: number): StepPosition | undefined {
  const step = steps[index]
  return step && { number: index + 1, total: steps.length, id: step.id, title: step.title, text: step.text }
}

/** The current step from this run's results, compared with the step recorded by the last run. */
export function stepProgress(steps: LabStep[], results: CheckResult[], previousId: string | null | undefined): StepProgress {
  const index = steps.findIndex((step) => !stepDone(step, results))
  const current = index === -1 ? undefined : position(steps, index)
  // previousId: undefined = no earlier run; null = the earlier run had every step done.
  const previousIndex = previousId === undefined ? -1 : previousId === null ? steps.length : steps.findIndex((s) => s.id === previousId)
  const previous = previousIndex >= 0 ? position(steps, previousIndex) : undefined
  const now = index === -1 ? steps.length : index
  return { current, previous, changed: previousId === undefined || previousIndex !== now }
}

/** `lab quiz <id>` exists for a lab with a quiz.yaml beside its lab.yaml. */
export function hasQuiz(lab: Pick<LoadedLab, 'dir'>): boolean {
  return fs.existsSync(path.join(lab.dir, 'quiz.yaml'))
}
