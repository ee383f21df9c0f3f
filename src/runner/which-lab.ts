/**
 * @module Saying which lab a command picked when that may surprise: the folder's workspace while another lab was
 * started more recently, or a folder that is a workspace of another LAB_HOME (a new shell without the exports).
 */
import fs from 'node:fs'
import path from 'node:path'
import { shellWord } from '../common/shell-quote.js'
import { readCloudState } from '../deployer/local-cloud.js'
import { t } from '../ui/i18n.js'
import type { ProgressFile } from './progress.js'
import { labForCwd } from './workspace.js'

/** Commands whose first argument is the lab id (`lab deploy 351`); `lab call` takes `--lab 351`. */
const ID_FIRST = new Set(['deploy', 'check', 'watch', 'hint', 'solve', 'reset', 'teardown', 'outputs', 'login', 'guide', 'logs', 'inspect table'])

/** The command to print that picks `lab` whatever the folder; undefined when the command has no such form. */
export function commandNaming(command: string | undefined, lab: string): string | undefined {
  if (command === 'call') return `lab call --lab ${lab} …`
  if (command && ID_FIRST.has(command)) return `lab ${command} ${lab}`
  return undefined
}

/**
 * One line when the folder decided the lab while the learner started another one last: which lab runs, and how to
 * get the other (its folder, or the command naming it). None when the two agree or no folder decided.
 */
export function folderLabNote(progress: ProgressFile, folderLab: string | undefined, command: string | undefined): string | undefined {
  const last = progress.current
  if (!folderLab || !last || folderLab === last) return undefined
  const dir = progress.labs[last]?.workspace
  const named = commandNaming(command, last)
  const params = { lab: folderLab, last, dir: dir ?? '', command: named ?? '' }
  if (dir && named) return t('learner.select.folderNotLast', params)
  if (named) return t('learner.select.folderNotLastCommand', params)
  return dir ? t('learner.select.folderNotLastCd', params) : undefined
}

export interface ForeignWorkspace {
  /** The LAB_HOME whose workspace holds the folder. */
  labHome: string
  lab?: string
  /** The local cloud's port for that LAB_HOME: the running cloud's, else the one its last deploy used. */
  port?: number
}

/**
 * The LAB_HOME another shell used, when `cwd` lies in one of its workspaces (`<home>/workspaces/<id>-<slug>`,
 * next to `<home>/progress.json`). Only that layout is recognised: a workspace made with `--dir` elsewhere
 * carries no mark of its home.
 */
export function foreignWorkspace(cwd: string, ownHome: string): ForeignWorkspace | undefined {
  for (let dir = path.resolve(cwd); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (path.basename(path.dirname(dir)) !== 'workspaces') continue
    const home = path.dirname(path.dirname(dir))
    if (path.resolve(home) === path.resolve(ownHome)) return undefined
    const progress = readJson(path.join(home, 'progress.json')) as Partial<ProgressFile> | undefined
    if (!progress || typeof progress.labs !== 'object' || progress.labs === null) continue
    const labs = progress.labs as ProgressFile['labs']
    const workspaces: Record<string, string | undefined> = Object.create(null)
    for (const [id, entry] of Object.entries(labs)) workspaces[id] = typeof entry?.workspace === 'string' ? entry.workspace : undefined
    const lab = labForCwd(workspaces, cwd)
    return { labHome: home, lab, port: cloudPort(home) ?? (lab ? portOf(labs[lab]?.targetDescribe) : undefined) }
  }
  return undefined
}

/** What to tell the learner about a foreign workspace: whose it is and the exports that make `lab` use it. */
export function foreignWorkspaceLines(found: ForeignWorkspace): string[] {
  const lines = [t(found.lab ? 'learner.home.otherLab' : 'learner.home.other', { home: found.labHome, lab: found.lab ?? '' })]
  if (found.port) lines.push(t('learner.home.exportWithPort', { home: shellWord(found.labHome), port: found.port }))
  else lines.push(t('learner.home.export', { home: shellWord(found.labHome) }))
  return lines
}

function cloudPort(home: string): number | undefined {
  const port = readCloudState(home)?.port
  return port !== undefined && Number.isInteger(port) && port > 0 ? port : undefined
}

/** `local cloud at http://localhost:45123` → 45123. */
function portOf(describe: unknown): number | undefined {
  const match = typeof describe === 'string' ? /^local cloud at http:\/\/localhost:(\d{1,5})\b/.exec(describe) : null
  return match ? Number(match[1]) : undefined
}

function readJson(file: string): unknown {
  try {
    const text = fs.readFileSync(file, 'utf8')
    return text.length > 5_000_000 ? undefined : JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * When `cwd` is a lab's starter or solution copy inside the project (`templates/<id>-<slug>/{starter,solution}`),
 * not a workspace: edits there are never deployed, so say so and where the workspace is.
 */
export function templateCopyNote(contentDir: string, cwd: string, deployed: { lab: string; workspace: string }): string | undefined {
  const rel = path.relative(path.join(path.resolve(contentDir), 'templates'), path.resolve(cwd))
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined
  const [folder, copy] = rel.split(path.sep)
  if (copy !== 'starter' && copy !== 'solution') return undefined
  const lab = /^(\d+)-/.exec(folder)?.[1] ?? folder
  return t(copy === 'starter' ? 'learner.deploy.starterCopy' : 'learner.deploy.solutionCopy', { here: path.resolve(cwd), copyLab: lab, ...deployed })
}
