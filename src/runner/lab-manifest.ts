/**
 * @module Lab manifests: load `labs/<id>-<slug>/lab.yaml`, validate it against `LabManifest`, and report
 * problems naming the file, the line (YAML errors) or the field (shape errors).
 */
import fs from 'node:fs'
import path from 'node:path'
import { parseDocument } from 'yaml'
import type { CheckSpec } from '../checks/types.js'
import { t } from '../ui/i18n.js'
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

/** Parse YAML text; syntax errors become a LabError with `file:line:col`. */
export function parseYamlFile(file: string, text: string, displayName = file): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true })
  if (doc.errors.length > 0) {
    const details = doc.errors.map((e) => {
      const pos = e.linePos?.[0]
      const where = pos ? `${displayName}:${pos.line}:${pos.col}` : displayName
      return `${where}: ${e.message.split('\n')[0]}`
    })
    throw new LabError(t('cli.yaml.invalid', { file: details[0].split(': ')[0] }), details)
  }
  return doc.toJS()
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
}

/** Load and validate one lab.yaml. */
export async function loadLab(contentDir: string, file: string, options: LoadOptions = {}): Promise<LoadedLab> {
  const display = path.relative(contentDir, file) || file
  const data: any = parseYamlFile(file, fs.readFileSync(file, 'utf8'), display)
  const errors = manifestErrors(data)
  if (errors.length === 0 && options.validateChecks) {
    const { validateCheckSpecs } = await import('../checks/index.js')
    errors.push(...validateCheckSpecs(data.checks as CheckSpec[]).map((e) => `checks: ${e}`))
  }
  if (errors.length > 0) {
    throw new LabError(t('cli.manifest.invalid', { file: display }), errors.map((e) => `${display}: ${e}`))
  }
  const manifest = data as LabManifest
  const templatesDir = path.join(contentDir, 'templates', manifest.templates)
  return { manifest, file, dir: path.dirname(file), templatesDir }
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
  const labs: LoadedLab[] = []
  for (const entry of entries) {
    const file = path.join(labsDir, entry.name, 'lab.yaml')
    if (entry.isDirectory() && fs.existsSync(file)) labs.push(await loadLab(contentDir, file, options))
  }
  const ids = new Map<string, string>()
  for (const lab of labs) {
    const other = ids.get(lab.manifest.id)
    if (other) throw new LabError(t('cli.manifest.duplicateId', { id: lab.manifest.id, a: other, b: lab.file }))
    ids.set(lab.manifest.id, lab.file)
  }
  return labs.sort((a, b) => a.manifest.lecture - b.manifest.lecture || a.manifest.id.localeCompare(b.manifest.id))
}
