/**
 * @module The template's `Rules`: checked against the parameter values before CloudFormation creates or updates
 * anything. A rule whose `RuleCondition` is false is skipped; a false `Assert` refuses the operation with a
 * ValidationError carrying the assertion's `AssertDescription`, and no stack is left behind.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/rules-section-structure.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-rules.html
 */
import { validationError } from '../../../core/aws-error.js'
import { parameterRefValue } from './parameters.js'
import type { Template } from './template.js'

const RULE_FUNCTIONS = new Set([
  'Fn::And', 'Fn::Contains', 'Fn::EachMemberEquals', 'Fn::EachMemberIn', 'Fn::Equals', 'Fn::Not', 'Fn::Or',
  'Fn::RefAll', 'Fn::ValueOf', 'Fn::ValueOfAll', 'Ref',
])

interface RuleContext {
  values: Record<string, string>
  types: Record<string, string>
}

/** Shape checks CloudFormation makes of the Rules section whatever the parameter values. */
export function checkRulesShape(template: Template): void {
  for (const [name, rule] of Object.entries(template.Rules ?? {})) {
    if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) throw validationError(`Template format error: Every Rules member must be an object, the element ${name} is not`)
    const { Assertions, RuleCondition, ...extra } = rule as Record<string, unknown>
    const unknown = Object.keys(extra)
    if (unknown.length > 0) throw validationError(`Template format error: Invalid rule property or properties [${unknown.join(', ')}] in rule ${name}`)
    if (!Array.isArray(Assertions) || Assertions.length === 0) throw validationError(`Template format error: Every Rules member must contain an Assertions list, the element ${name} does not`)
    for (const a of Assertions) {
      if (a === null || typeof a !== 'object' || !('Assert' in a)) throw validationError(`Template format error: Every Assertions member in rule ${name} must contain an Assert`)
      checkFunctions(name, (a as Record<string, unknown>).Assert)
    }
    if (RuleCondition !== undefined) checkFunctions(name, RuleCondition)
  }
}

function checkFunctions(rule: string, expr: unknown): void {
  if (Array.isArray(expr)) return expr.forEach((e) => checkFunctions(rule, e))
  if (expr === null || typeof expr !== 'object') return
  for (const [key, arg] of Object.entries(expr)) {
    if ((key === 'Ref' || key.startsWith('Fn::')) && !RULE_FUNCTIONS.has(key)) {
      throw validationError(`Template error: ${key} is not a supported function in the Rules section (rule ${rule})`)
    }
    checkFunctions(rule, arg)
  }
}

/** Evaluate every rule; the first failed assertion refuses the operation. */
export function evaluateRules(template: Template, ctx: RuleContext): void {
  for (const [name, rule] of Object.entries(template.Rules ?? {})) {
    const { Assertions, RuleCondition } = rule as { Assertions: { Assert: unknown; AssertDescription?: string }[]; RuleCondition?: unknown }
    if (RuleCondition !== undefined && !asBoolean(evaluate(RuleCondition, ctx), name)) continue
    for (const assertion of Assertions) {
      if (asBoolean(evaluate(assertion.Assert, ctx), name)) continue
      throw validationError(assertion.AssertDescription ?? `Assertion failed for rule ${name}`)
    }
  }
}

function asBoolean(value: unknown, rule: string): boolean {
  if (typeof value === 'boolean') return value
  if (value === 'true' || value === 'false') return value === 'true'
  throw validationError(`Template error: rule ${rule} must evaluate to a boolean`)
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(',') : [String(v)])

function evaluate(expr: unknown, ctx: RuleContext): unknown {
  if (Array.isArray(expr)) return expr.map((e) => evaluate(e, ctx))
  if (expr === null || typeof expr !== 'object') return expr
  const keys = Object.keys(expr)
  if (keys.length !== 1 || !RULE_FUNCTIONS.has(keys[0])) return expr
  const fn = keys[0]
  const arg = (expr as Record<string, unknown>)[fn]
  const list = (n: number) => {
    if (!Array.isArray(arg) || arg.length !== n) throw validationError(`Template error: ${fn} requires a list of ${n} arguments`)
    return arg.map((a) => evaluate(a, ctx))
  }
  switch (fn) {
    case 'Ref': {
      const name = String(arg)
      if (!Object.hasOwn(ctx.values, name)) throw validationError(`Template format error: Unresolved dependencies [${name}]. Cannot reference resources in the Rules block of the template`)
      return parameterRefValue(ctx.types[name] ?? 'String', ctx.values[name])
    }
    case 'Fn::Equals': {
      const [a, b] = list(2)
      return JSON.stringify(a) === JSON.stringify(b) || String(a) === String(b)
    }
    case 'Fn::Not':
      return !asBoolean(list(1)[0], fn)
    case 'Fn::And':
    case 'Fn::Or': {
      if (!Array.isArray(arg) || arg.length < 2 || arg.length > 10) throw validationError(`Template error: ${fn} requires a list of 2 to 10 arguments`)
      const values = arg.map((a) => asBoolean(evaluate(a, ctx), fn))
      return fn === 'Fn::And' ? values.every(Boolean) : values.some(Boolean)
    }
    case 'Fn::Contains': {
      const [haystack, needle] = list(2)
      return strings(haystack).includes(String(needle))
    }
    case 'Fn::EachMemberEquals': {
      const [members, value] = list(2)
      return strings(members).every((m) => m === String(value))
    }
    case 'Fn::EachMemberIn': {
      const [members, allowed] = list(2)
      const set = strings(allowed)
      return strings(members).every((m) => set.includes(m))
    }
    default:
      // Not implemented: Fn::RefAll, Fn::ValueOf, Fn::ValueOfAll read the account's EC2/Route 53 resources, which the local cloud does not have.
      throw validationError(`Template error: ${fn} in the Rules section reads AWS-specific parameter values, which the local cloud does not emulate`)
  }
}
