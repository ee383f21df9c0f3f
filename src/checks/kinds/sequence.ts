/**
 * @module `kind: sequence`: several requests in order (each like `kind: http`, with the same `request` and
 * `expect`), for behaviour that only shows across calls: an authorizer's cached answer reused for another
 * method, or the same cached context returned twice. `{{unique}}` is one value for the whole sequence (a
 * token no earlier run can have cached); `sameJson` asks every answer to hold one value at a JSON path.
 *
 * ```yaml
 * steps:
 *   - request: { url: "${outputs.ApiUrl}lambda/cart", bearer: "allow-{{unique}}" }
 *     expect: { status: 200 }
 *   - request: { url: "${outputs.ApiUrl}lambda/orders", bearer: "allow-{{unique}}" }
 *     expect: { status: 200 }
 * sameJson: "$.authorizer.authorizedAt"
 * ```
 */
import { randomUUID } from 'node:crypto'
import { t } from '../../ui/i18n.js'
import type { CheckContext, CheckSpec } from '../types.js'
import { readJsonPath, runRequest, validateRequest } from './http.js'
import { expectField, field, type CheckKind, type KindResult } from './kind.js'
import { fillUnique } from './request-auth.js'

const MAX_STEPS = 10

function validate(spec: CheckSpec): string[] {
  const errors: string[] = []
  expectField(errors, spec, 'steps', 'list', true)
  expectField(errors, spec, 'sameJson', 'string')
  expectField(errors, spec, 'why', 'string')
  const steps = field(spec, 'steps')
  if (!Array.isArray(steps)) return errors
  if (steps.length < 2 || steps.length > MAX_STEPS) {
    errors.push(t('checks.spec.badValue', { id: spec.id, field: 'steps', problem: `must hold 2 to ${MAX_STEPS} requests` }))
  }
  steps.forEach((_, index) => validateRequest(errors, spec, `steps.${index}.`))
  return errors
}

async function run(spec: CheckSpec, ctx: CheckContext): Promise<KindResult> {
  const filled = fillUnique(spec, randomUUID().slice(0, 8))
  const steps = field(filled, 'steps') as unknown[]
  const why = typeof spec.why === 'string' ? spec.why : undefined
  const sameJson = typeof spec.sameJson === 'string' ? spec.sameJson : undefined
  const seen: { step: number; value: string }[] = []
  let last: KindResult | undefined
  for (let index = 0; index < steps.length; index++) {
    const outcome = await runRequest(filled, ctx, `steps.${index}.`, why)
    const prefix = t('checks.sequence.step', { step: index + 1, total: steps.length })
    if (!outcome.result.passed) return { ...outcome.result, message: `${prefix} ${outcome.result.message}` }
    last = outcome.result
    if (sameJson) {
      const found = readJsonPath(outcome.json, sameJson)
      if (!found.found) return { passed: false, message: `${prefix} ${t('checks.http.jsonPathMissing', { path: sameJson })}`, why }
      const value = JSON.stringify(found.value)
      const first = seen[0]
      if (first && first.value !== value) {
        return { passed: false, message: t('checks.sequence.differs', { path: sameJson, first: first.value, step: index + 1, value }), why }
      }
      seen.push({ step: index + 1, value })
    }
  }
  const summary = sameJson ? t('checks.sequence.passedSame', { count: steps.length, path: sameJson, value: seen[0]?.value ?? '' }) : t('checks.sequence.passed', { count: steps.length })
  return { ...last!, message: `${summary} ${last?.message ?? ''}`.trim() }
}

export const sequenceKind: CheckKind = { validate, run }
