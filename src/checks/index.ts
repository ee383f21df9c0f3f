/** @module Checks: validate the specs from lab.yaml and run them against a deployment. */
import { t } from '../ui/i18n.js'
import { interpolate, MissingOutputError, unknownPlaceholders } from './interpolate.js'
import { browserKind } from './kinds/browser.js'
import { corsKind } from './kinds/cors.js'
import { httpKind } from './kinds/http.js'
import type { CheckKind } from './kinds/kind.js'
import { sequenceKind } from './kinds/sequence.js'
import { stackOutputKind } from './kinds/stack-output.js'
import { websocketKind } from './kinds/websocket.js'
import type { CheckContext, CheckResult, CheckSpec } from './types.js'

export type { CheckContext, CheckResult, CheckSpec } from './types.js'
export { isLocalhostName } from '../common/localhost.js'
export { createLabFetch, labLookup } from './lab-fetch.js'
export { findChromium } from './find-chromium.js'
export { chromeCorsMessage } from './cors/chrome-messages.js'
export { simulateCorsFetch } from './cors/simulate.js'

const KINDS: Record<string, CheckKind> = {
  http: httpKind,
  cors: corsKind,
  browser: browserKind,
  'stack-output': stackOutputKind,
  sequence: sequenceKind,
  websocket: websocketKind,
}

const ID = /^[a-z0-9][a-z0-9-]*$/
const COMMON_FIELDS = new Set(['id', 'title', 'kind', 'failsInStarter'])

/** Every problem in the specs, each naming the check id and the field; empty when all are valid. */
export function validateCheckSpecs(specs: unknown): string[] {
  if (!Array.isArray(specs)) return [t('checks.spec.type', { id: '-', field: 'checks', type: 'a list' })]
  const errors: string[] = []
  const seen = new Set<string>()
  specs.forEach((spec, index) => {
    if (!spec || typeof spec !== 'object' || Array.isArray(spec)) {
      errors.push(t('checks.spec.notObject', { index: index + 1 }))
      return
    }
    const { id, title, kind, failsInStarter } = spec as Record<string, unknown>
    if (typeof id !== 'string' || !ID.test(id)) {
      errors.push(t('checks.spec.badId', { index: index + 1, value: JSON.stringify(id) }))
      return
    }
    if (seen.has(id)) errors.push(t('checks.spec.duplicateId', { id }))
    seen.add(id)
    if (typeof title !== 'string' || !title.trim()) errors.push(t('checks.spec.missing', { id, field: 'title' }))
    if (failsInStarter !== undefined && typeof failsInStarter !== 'boolean' && typeof failsInStarter !== 'string') {
      errors.push(t('checks.spec.type', { id, field: 'failsInStarter', type: 'true, false or a string' }))
    }
    const implementation = typeof kind === 'string' ? KINDS[kind] : undefined
    if (!implementation) {
      errors.push(t('checks.spec.unknownKind', { id, kind: String(kind), known: Object.keys(KINDS).join(', ') }))
      return
    }
    for (const [name, value] of Object.entries(spec)) {
      if (COMMON_FIELDS.has(name)) continue
      for (const placeholder of unknownPlaceholdersIn(value)) {
        errors.push(t('checks.spec.badPlaceholder', { id, field: name, placeholder }))
      }
    }
    errors.push(...implementation.validate(spec as CheckSpec))
  })
  return errors
}

function unknownPlaceholdersIn(value: unknown): string[] {
  if (typeof value === 'string') return unknownPlaceholders(value)
  if (Array.isArray(value)) return value.flatMap(unknownPlaceholdersIn)
  if (value && typeof value === 'object') return Object.values(value).flatMap(unknownPlaceholdersIn)
  return []
}

async function runOne(spec: CheckSpec, ctx: CheckContext): Promise<CheckResult> {
  const base = { id: spec.id, title: spec.title }
  const implementation = KINDS[spec.kind]
  if (!implementation) return { ...base, passed: false, message: t('checks.spec.unknownKind', { id: spec.id, kind: spec.kind, known: Object.keys(KINDS).join(', ') }) }
  const skipped = implementation.skip?.(ctx)
  if (skipped) return { ...base, ...skipped }
  try {
    const filled = interpolate(spec, ctx.outputs)
    return { ...base, ...(await implementation.run(filled, ctx)) }
  } catch (error) {
    if (error instanceof MissingOutputError) {
      const available = Object.keys(ctx.outputs).join(', ') || '-'
      return { ...base, passed: false, message: t('checks.missingOutput', { name: error.output, available }), why: t('checks.missingOutput.why') }
    }
    // A bug in a kind must not hide the other results.
    return { ...base, passed: false, message: t('checks.crashed', { error: (error as Error)?.message ?? String(error) }) }
  }
}

/**
 * Run the checks one after another (order matters for reading the report); never throws. `onStart` hears of each
 * check before it runs (a progress line: a check may wait seconds for something a broken stack never sends).
 */
export async function runChecks(specs: CheckSpec[], ctx: CheckContext, onStart?: (spec: CheckSpec, index: number, total: number) => void): Promise<CheckResult[]> {
  // Outputs arrive already mapped to local URLs for the local target (deployer/local-urls.ts).
  const results: CheckResult[] = []
  for (const [index, spec] of specs.entries()) {
    onStart?.(spec, index, specs.length)
    results.push(await runOne(spec, ctx))
  }
  return results
}
