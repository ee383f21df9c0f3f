/**
 * @module Lab manifests: load `labs/<id>-<slug>/lab.yaml`, validate it against `LabManifest`, and report
 * problems naming the file, the line (YAML errors) or the field (shape errors).
 */
import fs from 'node:fs'
import path from 'node:path'
import type { CheckSpec } from '../checks/types.js'
import { t } from '../ui/i18n.js'
import { writeFileAtomic } from '../common/atomic-file.js'
import { LabError } from './errors.js'
import type { LabManifest } from './lab-types.js'

export interface LoadedLab {
  manifest: LabManifest
  /** Absolute path of lab.yaml. */
  file: string
  /** labs/<id>-<slug> */
  dir: string
  /** templates/<manifest.templates> */
  templatesDir: string
}

/** Shape errors as `field: problem` strings (empty = valid). Exported for tests. */
export function manifestErrors(data: any): string[] {
  const errors: string[] = []
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return ['(top level): must be a mapping']
  const str = (key: string, value: unknown) => {
    if (typeof value !== 'string' || value.trim() === '') errors.push(`${key}: must be a non-empty string`)
  }
  const strList = (key: string, value: unknown) => {
    if (!Array.isArray(value)) return void errors.push(`${key}: must be a list of strings`)
    value.forEach((v, i) => str(`${key}[${i}]`, v))
  }
  if (data.formatVersion !== 1) errors.push(`formatVersion: must be 1 (got ${JSON.stringify(data.formatVersion)})`)
  if (typeof data.id === 'number') data.id = String(data.id) // `id: 350` in YAML is a number; learners type text
  for (const key of ['id', 'slug', 'title', 'summary', 'awsCost', 'templates', 'stackName']) str(key, data[key])
  if (typeof data.id === 'string' && !/^[0-9a-z-]+$/.test(data.id)) errors.push('id: only digits, a-z and -')
  if (typeof data.slug === 'string' && !/^[a-z0-9-]+$/.test(data.slug)) errors.push('slug: only a-z, 0-9 and -')
  if (!Number.isInteger(data.lecture)) errors.push('lecture: must be an integer')
  strList('learn', data.learn)
  strList('deploys', data.deploys)
  strList('hints', data.hints)
  if (!Array.isArray(data.urls)) errors.push('urls: must be a list')
  else data.urls.forEach((u: any, i: number) => (str(`urls[${i}].label`, u?.label), str(`urls[${i}].output`, u?.output)))
  if (!Array.isArray(data.steps)) errors.push('steps: must be a list')
  else data.steps.forEach((s: any, i: number) => (str(`steps[${i}].title`, s?.title), str(`steps[${i}].body`, s?.body)))
  if (data.site !== undefined) {
    str('site.dir', data.site?.dir)
    str('site.bucketOutput', data.site?.bucketOutput)
    const config = data.site?.config
    if (config !== undefined) {
      str('site.config.file', config?.file)
      if (typeof config?.values !== 'object' || config.values === null) errors.push('site.config.values: must be a mapping')
      else for (const [k, v] of Object.entries(config.values)) str(`site.config.values.${k}`, v)
    }
  }
  if (!Array.isArray(data.checks) || data.checks.length === 0) errors.push('checks: must be a non-empty list')
  else {
    const seen = new Set<string>()
    data.checks.forEach((c: any, i: number) => {
      for (const key of ['id', 'title', 'kind']) str(`checks[${i}].${key}`, c?.[key])
      if (c?.failsInStarter !== undefined && !['boolean', 'string'].includes(typeof c.failsInStarter)) {
        errors.push(`checks[${i}].failsInStarter: must be true, false or a text the failure message contains`)
      }
      if (typeof c?.id === 'string' && seen.has(c.id)) errors.push(`checks[${i}].id: duplicate id '${c.id}'`)
      seen.add(c?.id)
    })
  }
  return errors
}

export interface LoadOptions {
  /** Also run the checks' own validation (imports src/checks; skipped by `lab list` for start-up speed). */
  validateChecks?: boolean
  /**
   * A JSON cache of already validated manifests (LAB_HOME/cache/manifests.json), keyed by path, size and
   * mtime: on a hit the YAML parser is not even loaded, which is most of `lab list`'s start-up time.
   */
  cacheFile?: string
}

const CACHE_VERSION = 1
type Cache = { version: number; entries: Record<string, { stamp: string; data: unknown }> }

function readCache(file: string | undefined): Cache {
  if (file) {
    try {
      const cache = JSON.parse(fs.readFileSync(file, 'utf8')) as Cache
      if (cache.version === CACHE_VERSION && cache.entries) return cache
    } catch {
      // missing or unreadable: rebuild it
    }
  }
  return { version: CACHE_VERSION, entries: {} }
}

function stampOf(file: string): string {
  const stat = fs.statSync(file)
  return `${stat.size}:${stat.mtimeMs}`
}

/** Load and validate one lab.yaml. */
export async function loadLab(contentDir: string, file: string, options: LoadOptions = {}, cache?: Cache): Promise<LoadedLab> {
  const display = path.relative(contentDir, file) || file
  const stamp = stampOf(file)
  const hit = cache?.entries[file]
  let data: any
  let errors: string[]
  if (hit && hit.stamp === stamp) {
    data = structuredClone(hit.data)
    errors = []
  } else {
    const { parseYamlFile } = await import('./yaml-file.js')
    data = parseYamlFile(file, fs.readFileSync(file, 'utf8'), display)
    errors = manifestErrors(data)
    if (cache && errors.length === 0) cache.entries[file] = { stamp, data: structuredClone(data) }
  }
  if (errors.length > 0) {
    throw new LabError(t('cli.manifest.invalid', { file: display }), errors.map((e) => `${display}: ${e}`))
  }
  const manifest = data as LabManifest
  const templatesDir = path.join(contentDir, 'templates', manifest.templates)
  const lab = { manifest, file, dir: path.dirname(file), templatesDir }
  if (options.validateChecks) await assertChecksValid(contentDir, lab)
  return lab
}

/** The checks' own validation of a lab's specs (loads src/checks, so only for a lab about to run). */
export async function assertChecksValid(contentDir: string, lab: LoadedLab): Promise<void> {
  const display = path.relative(contentDir, lab.file) || lab.file
  const { validateCheckSpecs } = await import('../checks/index.js')
  const errors = validateCheckSpecs(lab.manifest.checks as CheckSpec[])
  if (errors.length > 0) {
    throw new LabError(t('cli.manifest.invalid', { file: display }), errors.map((e) => `${display}: checks: ${e}`))
  }
}

/** Every lab under `<contentDir>/labs/*`, sorted by lecture then id. */
export async function loadAllLabs(contentDir: string, options: LoadOptions = {}): Promise<LoadedLab[]> {
  const labsDir = path.join(contentDir, 'labs')
  let entries: fs.Dirent[]
  try {
    entries = fs.readdirSync(labsDir, { withFileTypes: true })
  } catch (err: any) {
    if (err.code === 'ENOENT') return []
    throw err
  }
  const cache = readCache(options.cacheFile)
  const before = JSON.stringify(cache)
  const labs: LoadedLab[] = []
  for (const entry of entries) {
    const file = path.join(labsDir, entry.name, 'lab.yaml')
    if (entry.isDirectory() && fs.existsSync(file)) labs.push(await loadLab(contentDir, file, options, cache))
  }
  if (options.cacheFile && JSON.stringify(cache) !== before) {
    try {
      writeFileAtomic(options.cacheFile, JSON.stringify(cache))
    } catch {
      // a read-only LAB_HOME only costs speed
    }
  }
  const ids = new Map<string, string>()
  for (const lab of labs) {
    const other = ids.get(lab.manifest.id)
    if (other) throw new LabError(t('cli.manifest.duplicateId', { id: lab.manifest.id, a: other, b: lab.file }))
    ids.set(lab.manifest.id, lab.file)
  }
  return labs.sort((a, b) => a.manifest.lecture - b.manifest.lecture || a.manifest.id.localeCompare(b.manifest.id))
}
