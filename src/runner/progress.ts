/**
 * @module Learner progress in `LAB_HOME/progress.json`: which lab is current, where it was deployed, check
 * results and hint levels. I/O only; written atomically; the shape carries a version.
 */
import path from 'node:path'
import type { TargetOptions } from '../deployer/types.js'
import { writeFileAtomic } from '../common/atomic-file.js'
import { readVersionedJson } from './versioned-json.js'

export const PROGRESS_VERSION = 1

export interface LabProgress {
  startedAt?: string
  /** Absolute path of the learner's workspace. */
  workspace?: string
  /** The target flags the lab was last deployed with; `check` and `teardown` default to them. */
  target?: TargetOptions
  /** e.g. `local cloud at http://localhost:4599`. */
  targetDescribe?: string
  deployedAt?: string
  /** The workspace's files as last deployed (path → short hash), for `lab check` to see undeployed edits. */
  deployedFiles?: Record<string, string>
  stackName?: string
  /** Set by teardown; a later deploy clears it. */
  tornDownAt?: string
  /** `step`: the id of the step the learner was on (null once every step was done), for `lab check` to see a step turn green. */
  lastCheck?: { at: string; passed: boolean; passedCount: number; total: number; step?: string | null }
  /** First time every check passed. */
  checksPassedAt?: string
  /** How many of the lab-wide hints have been shown (the next `lab hint` shows hints[hintLevel]). */
  hintLevel?: number
  /** The same per step id, for steps with hints of their own. */
  stepHintLevels?: Record<string, number>
  quiz?: { correct: number; total: number }
}

export interface ProgressFile {
  version: typeof PROGRESS_VERSION
  /** The lab in progress (last started): the default for `[id]`. */
  current?: string
  labs: Record<string, LabProgress>
}

const PROGRESS_MESSAGES = { corrupt: 'cli.progress.corrupt', corruptHint: 'cli.progress.corruptHint', newer: 'cli.progress.newer' }

export class ProgressStore {
  readonly file: string

  constructor(labHome: string) {
    this.file = path.join(labHome, 'progress.json')
  }

  read(): ProgressFile {
    const data = readVersionedJson(this.file, PROGRESS_VERSION, PROGRESS_MESSAGES, (d) => typeof d.labs === 'object' && d.labs !== null)
    return (data as ProgressFile | undefined) ?? { version: PROGRESS_VERSION, labs: {} }
  }

  /** Read-modify-write in one step; returns the new state. */
  update(change: (progress: ProgressFile) => void): ProgressFile {
    const progress = this.read()
    change(progress)
    writeFileAtomic(this.file, JSON.stringify(progress, null, 2) + '\n')
    return progress
  }

  lab(id: string): LabProgress {
    return this.read().labs[id] ?? {}
  }

  updateLab(id: string, change: (lab: LabProgress) => void): LabProgress {
    let result: LabProgress = {}
    this.update((p) => {
      const lab = (p.labs[id] ??= {})
      change(lab)
      result = lab
    })
    return result
  }
}

/** One word for `lab list`: not started / started / deployed / checks passed. */
export function progressState(lab: LabProgress | undefined): 'notStarted' | 'started' | 'deployed' | 'passed' {
  if (!lab?.startedAt && !lab?.deployedAt) return 'notStarted'
  if (lab.checksPassedAt) return 'passed'
  if (lab.deployedAt && !lab.tornDownAt) return 'deployed'
  return 'started'
}
