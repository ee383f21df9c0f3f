/**
 * @module Lab manifests: load `labs/<id>-<slug>/lab.yaml`, validate it against `LabManifest`, and report
 * problems naming the file, the line (YAML errors) or the field (shape errors).
 */
import fs from 'node:fs'
import path from 'node:path'
import type { CheckSpec } from '../checks/types.js'
import { currentLanguage, t, type Language } from '../ui/i18n.js'
import { writeFileAtomic } from '../common/atomic-file.js'
import { LabError } from './errors.js'
import type { LabManifest } from './lab-types.js'
import { localize, localizeWhy, textErrors, textListErrors, whyErrors, type Localized } from './lab-texts.js'

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
  if (data.formatVersion !== 1) errors.push(`formatVersion: must be 1 (got ${JSON.stringify(data.formatVersion)})`)
  if (typeof data.id === 'number') data.id = String(data.id) // `id: 350` in YAML is a number; learners type text
  for (const key of ['id', 'slug', 'templates', 'stackName']) str(key, data[key])
  for (const key of ['title', 'summary', 'awsCost']) errors.push(...textErrors(key, data[key]))
  if (typeof data.id === 'string' && !/^[0-9a-z-]+$/.test(data.id)) errors.push('id: only digits, a-z and -')
  if (typeof data.slug === 'string' && !/^[a-z0-9-]+$/.test(data.slug)) errors.push('slug: only a-z, 0-9 and -')
  if (!Number.isInteger(data.lecture)) errors.push('lecture: must be an integer')
  if (data.alsoLectures !== undefined && !(Array.isArray(data.alsoLectures) && data.alsoLectures.every(Number.isInteger))) errors.push('alsoLectures: must be a list of integers')
  for (const key of ['learn', 'deploys', 'hints']) errors.push(...textListErrors(key, data[key]))
  if (!Array.isArray(data.urls)) errors.push('urls: must be a list')
  else data.urls.forEach((u: any, i: number) => (errors.push(...textErrors(`urls[${i}].label`, u?.label)), str(`urls[${i}].output`, u?.output)))
  if (!Array.isArray(data.exam) || data.exam.length === 0) errors.push('exam: must be a non-empty list of {task: "1.1", text: {en, ko}} (DVA-C02 task statements)')
  else {
    data.exam.forEach((e: any, i: number) => {
      if (typeof e?.task !== 'string' || !/^[1-4]\.[1-9]$/.test(e.task)) errors.push(`exam[${i}].task: must be a DVA-C02 task number such as "1.1" (quoted)`)
      errors.push(...textErrors(`exam[${i}].text`, e?.text))
    })
  }
  errors.push(...stepErrors(data.steps, data.checks))
  // Every step needs a hint: its own, or the lab's.
  const stepsWithout = Array.isArray(data.steps) ? data.steps.filter((st: any) => !Array.isArray(st?.hints) || st.hints.length === 0) : []
  if (Array.isArray(data.hints) && data.hints.length === 0 && stepsWithout.length > 0) {
    errors.push(`hints: steps ${stepsWithout.map((st: any) => st?.id).join(', ')} have no hints of their own, so the lab needs some`)
  }
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
      for (const key of ['id', 'kind']) str(`checks[${i}].${key}`, c?.[key])
      errors.push(...textErrors(`checks[${i}].title`, c?.title), ...whyErrors(`checks[${i}].why`, c?.why))
      if (c?.failsInStarter !== undefined && !['boolean', 'string'].includes(typeof c.failsInStarter)) {
        errors.push(`checks[${i}].failsInStarter: must be true, false or a text the failure message contains`)
      }
      if (typeof c?.id === 'string' && seen.has(c.id)) errors.push(`checks[${i}].id: duplicate id '${c.id}'`)
      seen.add(c?.id)
    })
  }
  return errors
}

/** Steps: ids, bilingual title and text, and the checks that turn green with them (every check in some step). */
function stepErrors(steps: unknown, checks: unknown): string[] {
  if (!Array.isArray(steps) || steps.length === 0) return ['steps: must be a non-empty list of {id, title, text, checks}']
  const errors: string[] = []
  const checkIds = new Set(Array.isArray(checks) ? checks.map((c: any) => c?.id).filter((id) => typeof id === 'string') : [])
  const ids = new Set<string>()
  const covered = new Set<string>()
  steps.forEach((step: any, i: number) => {
    const key = `steps[${i}]`
    if (typeof step?.id !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(step.id)) errors.push(`${key}.id: must be lower-case letters, digits and dashes`)
    else if (ids.has(step.id)) errors.push(`${key}.id: duplicate id '${step.id}'`)
    else ids.add(step.id)
    if (step?.body !== undefined) errors.push(`${key}.body: is now called text (and needs en and ko)`)
    errors.push(...textErrors(`${key}.title`, step?.title), ...textErrors(`${key}.text`, step?.text))
    if (step?.hints !== undefined) errors.push(...textListErrors(`${key}.hints`, step.hints))
    if (!Array.isArray(step?.checks) || step.checks.length === 0) return void errors.push(`${key}.checks: must list the ids of the checks this step turns green`)
    for (const id of step.checks) {
      if (!checkIds.has(id)) errors.push(`${key}.checks: no check has the id '${id}'`)
      covered.add(id)
    }
  })
  for (const id of checkIds) if (!covered.has(id)) errors.push(`checks: '${id}' is in no step's checks (every check belongs to a step)`)
  return errors
}

/** The manifest in one language (the YAML holds every text in all of them). */
export function localizeManifest(data: any, lang: Language): LabManifest {
  return {
    ...data,
    title: localize(data.title, lang),
    summary: localize(data.summary, lang),
    awsCost: localize(data.awsCost, lang),
    learn: data.learn.map((x: Localized) => localize(x, lang)),
    deploys: data.deploys.map((x: Localized) => localize(x, lang)),
    hints: data.hints.map((x: Localized) => localize(x, lang)),
    urls: data.urls.map((u: any) => ({ ...u, label: localize(u.label, lang) })),
    exam: data.exam.map((e: any) => ({ task: e.task, text: localize(e.text, lang) })),
    steps: data.steps.map((s: any) => ({
      id: s.id,
      title: localize(s.title, lang),
      text: localize(s.text, lang),
      checks: [...s.checks],
      hints: (s.hints ?? []).map((x: Localized) => localize(x, lang)),
    })),
    checks: data.checks.map((c: any) => {
      const check = { ...c, title: localize(c.title, lang) }
      if (c.why !== undefined) check.why = localizeWhy(c.why, lang)
      return check
    }),
  }
}

export interface LoadOptions {
  /** Also run the checks' own validation (imports src/checks; skipped by `lab list` for start-up speed). */
  validateChecks?: boolean
  /**
   * A JSON cache of already validated manifests (LAB_HOME/cache/manifests.json), keyed by path, size and
   * mtime: on a hit the YAML parser is not even loaded, which is most of `lab list`'s start-up time.
   */
  cacheFile?: string
  /** The language of the texts (default: the one lab speaks now). */
  lang?: Language
}

const CACHE_VERSION = 2 // 2: bilingual texts
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
  const manifest = localizeManifest(data, options.lang ?? currentLanguage())
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
