/** @module What every check kind provides, and small helpers for validating its settings. */
import { t } from '../../ui/i18n.js'
import type { CheckContext, CheckResult, CheckSpec } from '../types.js'

/** A kind's result; runChecks adds id and title. */
export type KindResult = Omit<CheckResult, 'id' | 'title'>

export interface CheckKind {
  /** Problems with the spec's settings, each naming the check id and the field. */
  validate(spec: CheckSpec): string[]
  /** Run against a deployment (placeholders already filled). Must not throw for a failing deployment. */
  run(spec: CheckSpec, ctx: CheckContext): Promise<KindResult>
  /** A reason not to run at all, decided before placeholders are filled (e.g. a browser check without --browser). */
  skip?(ctx: CheckContext): KindResult | undefined
}

/** Read `a.b.c` from a spec. */
export function field(spec: CheckSpec, path: string): unknown {
  let value: unknown = spec
  for (const part of path.split('.')) {
    if (!value || typeof value !== 'object') return undefined
    value = (value as Record<string, unknown>)[part]
  }
  return value
}

type TypeName = 'string' | 'number' | 'boolean' | 'mapping' | 'list'

function typeOf(value: unknown): TypeName | 'other' {
  if (Array.isArray(value)) return 'list'
  if (value && typeof value === 'object') return 'mapping'
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return typeof value as TypeName
  return 'other'
}

const TYPE_WORDS: Record<TypeName, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  mapping: 'a mapping',
  list: 'a list',
}

/** Push an error unless `path` holds a value of `type` (or is absent and optional). */
export function expectField(errors: string[], spec: CheckSpec, path: string, type: TypeName, required = false): void {
  const value = field(spec, path)
  if (value === undefined || value === null) {
    if (required) errors.push(t('checks.spec.missing', { id: spec.id, field: path }))
    return
  }
  if (typeOf(value) !== type) errors.push(t('checks.spec.type', { id: spec.id, field: path, type: TYPE_WORDS[type] }))
}

/** A mapping of header name → string value. */
export function expectHeaderMap(errors: string[], spec: CheckSpec, path: string): void {
  expectField(errors, spec, path, 'mapping')
  const value = field(spec, path)
  if (!value || typeof value !== 'object' || Array.isArray(value)) return
  for (const [name, headerValue] of Object.entries(value)) {
    if (typeof headerValue !== 'string') {
      errors.push(t('checks.spec.type', { id: spec.id, field: `${path}.${name}`, type: 'a string' }))
    }
  }
}

export function headerEntries(value: unknown): [string, string][] {
  if (!value || typeof value !== 'object') return []
  return Object.entries(value as Record<string, unknown>).map(([name, v]) => [name, String(v)])
}
