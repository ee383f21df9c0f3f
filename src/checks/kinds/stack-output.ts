/**
 * @module `kind: stack-output`: a stack output exists (and matches a pattern), e.g. that the template
 * still exports the URL the site and the other checks rely on.
 *
 * ```yaml
 * output: ApiUrl
 * matches: "^https?://"
 * ```
 */
import { t } from '../../ui/i18n.js'
import type { CheckContext, CheckSpec } from '../types.js'
import { expectField, type CheckKind, type KindResult } from './kind.js'

function validate(spec: CheckSpec): string[] {
  const errors: string[] = []
  expectField(errors, spec, 'output', 'string', true)
  expectField(errors, spec, 'matches', 'string')
  if (typeof spec.matches === 'string') {
    try {
      new RegExp(spec.matches)
    } catch (error) {
      errors.push(t('checks.spec.badValue', { id: spec.id, field: 'matches', problem: `is not a valid regular expression (${(error as Error).message})` }))
    }
  }
  return errors
}

async function run(spec: CheckSpec, ctx: CheckContext): Promise<KindResult> {
  const name = String(spec.output)
  const value = ctx.outputs[name]
  if (value === undefined) {
    return { passed: false, message: t('checks.missingOutput', { name, available: Object.keys(ctx.outputs).join(', ') || '-' }), why: t('checks.missingOutput.why') }
  }
  if (typeof spec.matches === 'string' && !new RegExp(spec.matches).test(value)) {
    return { passed: false, message: t('checks.output.mismatch', { name, value, pattern: spec.matches }), why: typeof spec.why === 'string' ? spec.why : undefined }
  }
  return { passed: true, message: t('checks.output.passed', { name, value }) }
}

export const stackOutputKind: CheckKind = { validate, run }
