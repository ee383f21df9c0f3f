/** @module Which lab a command is about (`[id]`, else the workspace around cwd, else the lab in progress) and which target. */
import path from 'node:path'
import { checkTargetOptions } from '../deployer/target-options.js'
import type { TargetOptions } from '../deployer/types.js'
import { t } from '../ui/i18n.js'
import { LabError } from './errors.js'
import { assertChecksValid, loadAllLabs, type LoadedLab } from './lab-manifest.js'
import { manifestCacheFile } from './paths.js'
import type { LabProgress, ProgressStore } from './progress.js'
import { findLab } from './suggest.js'
import { labForCwd } from './workspace.js'
import { folderLabNote, foreignWorkspace, foreignWorkspaceLines } from './which-lab.js'
import type { Output } from '../ui/output.js'

export interface SelectContext {
  contentDir: string
  labHome?: string
  cwd: string
  progress: ProgressStore
  /** Where to say which lab was picked when that may surprise (stderr: JSON output stays clean). */
  out?: Output
  /** The command being run (`call`, `inspect table`), for a printed command that names the lab. */
  command?: string
}

/** Resolve `[id]`; validates the lab's checks too (this lab is about to be run). */
export async function selectLab(ctx: SelectContext, id?: string): Promise<LoadedLab> {
  const labs = await loadAllLabs(ctx.contentDir, { cacheFile: ctx.labHome && manifestCacheFile(ctx.labHome) })
  if (labs.length === 0) throw new LabError(t('cli.lab.noneInstalled', { dir: path.join(ctx.contentDir, 'labs') }))
  let query = id
  if (!query) {
    const progress = ctx.progress.read()
    const workspaces = Object.fromEntries(Object.entries(progress.labs).map(([k, v]) => [k, v.workspace]))
    const folderLab = labForCwd(workspaces, ctx.cwd)
    const foreign = folderLab || !ctx.labHome ? undefined : foreignWorkspace(ctx.cwd, ctx.labHome)
    query = folderLab ?? progress.current
    if (!query && foreign) throw new LabError(t('learner.home.noLab', { own: ctx.labHome ?? '' }), foreignWorkspaceLines(foreign))
    if (!query) throw new LabError(t('cli.lab.noneInProgress'), [t('cli.lab.listHint')])
    if (foreign) for (const line of [t('learner.home.usingOwn', { own: ctx.labHome ?? '', lab: query }), ...foreignWorkspaceLines(foreign)]) ctx.out?.warn(line)
    const note = folderLabNote(progress, folderLab, ctx.command)
    if (note) ctx.out?.warn(note)
  }
  const lab = findLab(labs, query)
  await assertChecksValid(ctx.contentDir, lab)
  return lab
}

export interface TargetFlags {
  target?: 'local' | 'aws'
  endpoint?: string
  profile?: string
  region?: string
}

/**
 * Flags win; with none given, the target the lab was last deployed to; else the local cloud. Contradicting or
 * malformed flags are refused here, before a briefing is shown or a workspace created.
 */
export function targetOptionsFor(flags: TargetFlags, lab: LabProgress | undefined): TargetOptions {
  const given: TargetOptions = {}
  if (flags.target) given.target = flags.target
  if (flags.endpoint !== undefined) given.endpoint = flags.endpoint
  if (flags.profile) given.profile = flags.profile
  if (flags.region) given.region = flags.region
  checkTargetOptions(given)
  if (Object.keys(given).length > 0) {
    if (given.profile && !given.target && !given.endpoint) given.target = 'aws' // --profile only makes sense on AWS
    if (!given.target && !given.endpoint) given.target = 'local'
    return given
  }
  return lab?.target ?? { target: 'local' }
}

/** The kind a set of flags will resolve to, before asking the deployer (for the briefing's cost line). */
export function targetKindOf(options: TargetOptions): 'local' | 'aws' | 'endpoint' {
  if (options.endpoint) return 'endpoint'
  return options.target === 'aws' ? 'aws' : 'local'
}
