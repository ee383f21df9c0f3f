/**
 * @module The learner's workspace: created from a lab's starter (plus the guide as GUIDE.md and GUIDE.ko.md),
 * backed up before anything overwrites it (solve, reset), and checked for YAML mistakes before a deploy.
 */
import fs from 'node:fs'
import path from 'node:path'
import { t } from '../ui/i18n.js'
import { LabError } from './errors.js'
import type { LoadedLab } from './lab-manifest.js'
import { copyGuides } from './guide.js'
import { parseYamlFile } from './yaml-file.js'

/** Folders never copied, watched or backed up. */
export const IGNORED_DIRS = new Set(['node_modules', '.git', '__pycache__', '.lab'])

export function defaultWorkspaceDir(labHome: string, lab: LoadedLab): string {
  return path.join(labHome, 'workspaces', `${lab.manifest.id}-${lab.manifest.slug}`)
}

function templateDir(lab: LoadedLab, which: 'starter' | 'solution'): string {
  const dir = path.join(lab.templatesDir, which)
  if (!fs.existsSync(dir)) throw new LabError(t('cli.workspace.noTemplate', { which, dir, lab: lab.manifest.id }))
  return dir
}

/**
 * Copy the starter into `dir` unless the learner already has a workspace there. A folder of other files is
 * refused unless it is the lab's recorded workspace (`known`): `reset` and `solve` would later replace them.
 */
export function createWorkspace(lab: LoadedLab, dir: string, known = true): { created: boolean } {
  const stat = statOrNothing(dir)
  if (stat && !stat.isDirectory()) throw new LabError(t('cli.workspace.notAFolder', { dir }))
  if (stat && fs.readdirSync(dir).length > 0) {
    if (!known && !fs.existsSync(path.join(dir, 'template.yaml'))) {
      throw new LabError(t('cli.workspace.notEmpty', { dir, lab: lab.manifest.id }), [t('cli.workspace.pickAnother')])
    }
    return { created: false }
  }
  makeFolders(dir)
  copyTree(templateDir(lab, 'starter'), dir)
  copyGuides(lab, dir, { replace: true })
  return { created: true }
}

function statOrNothing(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file)
  } catch {
    return undefined // missing, or under a file (ENOTDIR): makeFolders says which
  }
}

/**
 * `mkdir -p`, one level at a time, with errors a learner can act on. (Node's recursive mkdir spins forever
 * under /proc, and its errors name no remedy.)
 */
function makeFolders(dir: string): void {
  const missing: string[] = []
  let at = path.resolve(dir)
  while (!fs.existsSync(at)) {
    missing.unshift(at)
    at = path.dirname(at)
  }
  try {
    if (!fs.statSync(at).isDirectory()) throw Object.assign(new Error(`${at} is a file`), { code: 'ENOTDIR' })
    for (const folder of missing) fs.mkdirSync(folder)
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    const reason =
      e.code === 'ENOTDIR'
        ? t('cli.workspace.reason.file', { path: at })
        : e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS'
          ? t('cli.workspace.reason.denied')
          : e.code === 'ENOENT'
            ? t('cli.workspace.reason.noFolder')
            : e.message
    throw new LabError(t('cli.workspace.cannotCreate', { dir, reason }))
  }
}

/** Copy the workspace to `LAB_HOME/backups/<lab>-<timestamp>/`; returns the backup folder. */
export function backupWorkspace(labHome: string, labId: string, dir: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-')
  let target = path.join(labHome, 'backups', `${labId}-${stamp}`)
  for (let n = 2; fs.existsSync(target); n++) target = path.join(labHome, 'backups', `${labId}-${stamp}-${n}`)
  fs.mkdirSync(target, { recursive: true })
  if (fs.existsSync(dir)) copyTree(dir, target)
  return target
}

/**
 * Make the workspace the reference solution: the starter with `solution/` laid over it. `solution/` holds
 * only the files the fix changes, so a learner's stray edit elsewhere cannot survive a solve (call
 * `backupWorkspace` first: nothing is lost).
 */
export function applySolution(lab: LoadedLab, dir: string): void {
  restoreStarter(lab, dir)
  copyTree(templateDir(lab, 'solution'), dir)
}

/** Replace the workspace with a fresh starter (call `backupWorkspace` first). */
export function restoreStarter(lab: LoadedLab, dir: string): void {
  const starter = templateDir(lab, 'starter')
  if (fs.existsSync(dir)) {
    // A learner's own git history, installed packages and caches stay: the backup leaves them out.
    for (const name of fs.readdirSync(dir)) if (!IGNORED_DIRS.has(name)) fs.rmSync(path.join(dir, name), { recursive: true, force: true })
  }
  fs.mkdirSync(dir, { recursive: true })
  copyTree(starter, dir)
  copyGuides(lab, dir, { replace: true })
}

function copyTree(from: string, to: string): void {
  fs.cpSync(from, to, {
    recursive: true,
    force: true,
    filter: (src) => !IGNORED_DIRS.has(path.basename(src)),
  })
}

/**
 * Parse every YAML file at the top of the workspace before deploying, so a typo is reported with its
 * file and line instead of as a failed stack. CloudFormation tags (!Ref, !Sub…) are fine: unknown tags
 * are only warnings for the parser.
 */
export function preflightWorkspace(dir: string): void {
  if (!fs.existsSync(dir)) throw new LabError(t('cli.workspace.missing', { dir }), [t('cli.workspace.missingHint')])
  for (const name of fs.readdirSync(dir).sort()) {
    if (!/\.ya?ml$/.test(name)) continue
    const file = path.join(dir, name)
    parseYamlFile(file, fs.readFileSync(file, 'utf8'))
  }
}

/** The lab whose workspace contains `cwd`, if any. */
export function labForCwd(workspaces: Record<string, string | undefined>, cwd: string): string | undefined {
  const here = path.resolve(cwd)
  for (const [id, dir] of Object.entries(workspaces)) {
    if (!dir) continue
    const rel = path.relative(path.resolve(dir), here)
    if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) return id
  }
  return undefined
}
