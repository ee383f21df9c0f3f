/**
 * @module Intrinsic functions: resolve `Ref`, `Fn::*` and condition functions against a stack's state.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */
import { AwsError } from '../../../core/aws-error.js'
import { splitGetAtt } from './template.js'

/** `Ref: AWS::NoValue`: removes the property (or list item) it stands in. */
export const NO_VALUE = Symbol('AWS::NoValue')

/** A failure while resolving: the resource (or output) it happens in fails with this message. */
export class TemplateError extends AwsError {
  constructor(message: string) {
    super('ValidationError', 400, message)
  }
}

export interface Resolver {
  /** Value of `Ref` to a parameter, pseudo parameter or resource. */
  ref(name: string): unknown
  getAtt(logicalId: string, attribute: string): unknown
  condition(name: string): boolean
  findInMap(map: string, top: string, second: string): unknown
  importValue(name: string): unknown
  region: string
}

const FUNCTIONS = new Set([
  'Ref', 'Condition', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::Select', 'Fn::Split', 'Fn::If', 'Fn::Equals',
  'Fn::Not', 'Fn::And', 'Fn::Or', 'Fn::FindInMap', 'Fn::Base64', 'Fn::GetAZs', 'Fn::ImportValue', 'Fn::Cidr',
  'Fn::Length', 'Fn::ToJsonString', 'Fn::Transform',
])

/** The intrinsic function name if `value` is a one-key object naming one, else undefined. */
export function intrinsicName(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined
  const keys = Object.keys(value)
  return keys.length === 1 && FUNCTIONS.has(keys[0]) ? keys[0] : undefined
}

/** Resolve every intrinsic in `value`; `AWS::NoValue` entries are dropped from objects and lists. */
export function resolveValue(value: unknown, r: Resolver): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, r)).filter((v) => v !== NO_VALUE)
  if (value === null || typeof value !== 'object') return value
  const fn = intrinsicName(value)
  if (fn && fn !== 'Condition') return applyFunction(fn, (value as any)[fn], r)
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    const resolved = resolveValue(v, r)
    if (resolved !== NO_VALUE) out[k] = resolved
  }
  return out
}

/** Evaluate a condition expression (`Fn::Equals`, `Fn::And`, `Condition: X`, …) to a boolean. */
export function evaluateCondition(expr: unknown, r: Resolver): boolean {
  const fn = intrinsicName(expr)
  if (fn === 'Condition') return r.condition(String((expr as any).Condition))
  const result = fn ? applyFunction(fn, (expr as any)[fn], r) : expr
  if (typeof result === 'boolean') return result
  if (result === 'true' || result === 'false') return result === 'true'
  throw new TemplateError('Template error: every Fn::If, Fn::And, Fn::Or and Fn::Not operand must be a condition')
}

function args(fn: string, value: unknown, min: number, max = min): unknown[] {
  if (!Array.isArray(value) || value.length < min || value.length > max) {
    throw new TemplateError(`Template error: ${fn} requires a list of ${min === max ? min : `${min} to ${max}`} arguments`)
  }
  return value
}

function asString(fn: string, value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  throw new TemplateError(`Template error: every value in ${fn} must resolve to a string`)
}

function asList(fn: string, value: unknown): unknown[] {
  if (Array.isArray(value)) return value
  throw new TemplateError(`Template error: ${fn} requires a list`)
}

function applyFunction(fn: string, arg: unknown, r: Resolver): unknown {
  switch (fn) {
    case 'Ref': {
      if (typeof arg !== 'string') throw new TemplateError('Template error: Ref requires a string')
      return arg === 'AWS::NoValue' ? NO_VALUE : r.ref(arg)
    }
    case 'Fn::GetAtt': {
      const parts = typeof arg === 'string' ? splitGetAtt(arg) : args(fn, arg, 2)
      const attribute = asString(fn, resolveValue(parts[1], r))
      return r.getAtt(String(parts[0]), attribute)
    }
    case 'Fn::Sub':
      return substitute(arg, r)
    case 'Fn::Join': {
      const [delimiter, list] = args(fn, arg, 2)
      const items = asList(fn, resolveValue(list, r))
      return items.map((item) => asString(fn, item)).join(asString(fn, delimiter))
    }
    case 'Fn::Select': {
      const [index, list] = args(fn, arg, 2)
      const items = asList(fn, resolveValue(list, r))
      const i = Number(resolveValue(index, r))
      if (!Number.isInteger(i) || i < 0 || i >= items.length) throw new TemplateError('Template error: Fn::Select cannot select nonexistent value at index ' + String(index))
      return items[i]
    }
    case 'Fn::Split': {
      const [delimiter, source] = args(fn, arg, 2)
      return asString(fn, resolveValue(source, r)).split(asString(fn, delimiter))
    }
    case 'Fn::If': {
      const [name, whenTrue, whenFalse] = args(fn, arg, 3)
      return resolveValue(r.condition(asString(fn, name)) ? whenTrue : whenFalse, r)
    }
    case 'Fn::Equals': {
      const [a, b] = args(fn, arg, 2).map((v) => resolveValue(v, r))
      return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b))
    }
    case 'Fn::Not':
      return !evaluateCondition(args(fn, arg, 1)[0], r)
    case 'Fn::And':
      return args(fn, arg, 2, 10).every((c) => evaluateCondition(c, r))
    case 'Fn::Or':
      return args(fn, arg, 2, 10).some((c) => evaluateCondition(c, r))
    case 'Fn::FindInMap': {
      const [map, top, second] = args(fn, arg, 3).map((v) => asString(fn, resolveValue(v, r)))
      return r.findInMap(map, top, second)
    }
    case 'Fn::Base64':
      return Buffer.from(asString(fn, resolveValue(arg, r)), 'utf8').toString('base64')
    case 'Fn::GetAZs': {
      const region = resolveValue(arg, r)
      const name = typeof region === 'string' && region !== '' ? region : r.region
      return ['a', 'b', 'c'].map((s) => name + s)
    }
    case 'Fn::ImportValue':
      return r.importValue(asString(fn, resolveValue(arg, r)))
    case 'Fn::Cidr': {
      const [block, count, bits] = args(fn, arg, 3).map((v) => resolveValue(v, r))
      return cidr(asString(fn, block), Number(count), Number(bits))
    }
    case 'Fn::Length':
      return asList(fn, resolveValue(arg, r)).length
    case 'Fn::ToJsonString':
      return JSON.stringify(resolveValue(arg, r))
    default:
      // Not implemented: Fn::Transform (macros) — the local cloud runs no macros.
      throw new TemplateError(`Template error: ${fn} is not supported by the local cloud`)
  }
}

/** Numbers and strings compare as CloudFormation compares them: by their string form. */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize)
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value
}

/**
 * `Fn::Sub`: `${Name}`, `${Resource.Attribute}`, variables from the map form, `${!Literal}` kept as `${Literal}`.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-sub.html
 */
function substitute(arg: unknown, r: Resolver): string {
  let template: unknown = arg
  let vars: Record<string, unknown> = {}
  if (Array.isArray(arg)) {
    const [t, v] = args('Fn::Sub', arg, 2)
    template = t
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new TemplateError('Template error: Fn::Sub variables must be an object')
    vars = v as Record<string, unknown>
  }
  if (typeof template !== 'string') throw new TemplateError('Template error: Fn::Sub requires a string')
  return template.replace(/\$\{([^}]*)\}/g, (_m, raw: string) => {
    if (raw.startsWith('!')) return '${' + raw.slice(1) + '}'
    const name = raw.trim()
    if (Object.hasOwn(vars, name)) return asString('Fn::Sub', resolveValue(vars[name], r))
    const value = name.includes('.') ? r.getAtt(...(splitGetAtt(name) as [string, string])) : r.ref(name)
    if (Array.isArray(value)) return value.join(',')
    return asString('Fn::Sub', value)
  })
}

/** `Fn::Cidr` for IPv4 blocks. */
function cidr(block: string, count: number, bits: number): string[] {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(block)
  if (!m || !Number.isInteger(count) || !Number.isInteger(bits) || bits < 0 || bits > 32) {
    // Not implemented: Fn::Cidr for IPv6 blocks.
    throw new TemplateError(`Template error: Fn::Cidr cannot split ${block}`)
  }
  const base = ((+m[1] << 24) | (+m[2] << 16) | (+m[3] << 8) | +m[4]) >>> 0
  const size = 2 ** bits
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    const ip = (base + i * size) >>> 0
    out.push(`${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}/${32 - bits}`)
  }
  return out
}
