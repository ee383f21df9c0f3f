/**
 * @module Keep mapping templates inside their data. velocityjs calls any method a template names on any value it
 * reaches, and it blocks only `__proto__`, `prototype` and an inherited `constructor`; from a plain object,
 * `$context.__lookupGetter__("__proto__").call($input.json)` reached `Function.prototype`, whose own `constructor`
 * is `Function`: a template could run JavaScript in the cloud's own process (its credentials, every file of
 * LAB_HOME). API Gateway's templates see only `$input`, `$context`, `$stageVariables` and `$util`; so here a
 * template may not name the accessor methods or a `constructor` that is a function, and no lookup may hand it a
 * constructor, a prototype object or an accessor method, however it got there (a property, an index, a method, a
 * `getX()` shorthand).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
 */
import { BudgetedCompile } from './vtl-budget.js'

type Ast = any

const ACCESSOR_METHODS = ['__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__'] as const
const PROTO = Object.getOwnPropertyDescriptor(Object.prototype, '__proto__')

/** Values no template may hold: the engine's own objects behind every plain value. */
const ENGINE_INTERNALS = new Set<unknown>([
  Object.prototype,
  Function.prototype,
  ...ACCESSOR_METHODS.map((name) => (Object.prototype as unknown as Record<string, unknown>)[name]),
  PROTO?.get,
  PROTO?.set,
])

/** A constructor (a function with its own `prototype`), a prototype object, or one of the engine internals above. */
export function isEngineInternal(value: unknown): boolean {
  if (typeof value === 'function') return Object.hasOwn(value, 'prototype') || ENGINE_INTERNALS.has(value)
  if (typeof value !== 'object' || value === null) return false
  if (ENGINE_INTERNALS.has(value)) return true
  const ctor = Object.hasOwn(value, 'constructor') ? (value as { constructor: unknown }).constructor : undefined
  return typeof ctor === 'function' && (ctor as { prototype?: unknown }).prototype === value
}

export class GuardedCompile extends BudgetedCompile {
  /** velocityjs asks this for every property, index, method and `#set` path key. */
  isBlockedPathKey(baseRef: unknown, key: string, isEnd?: boolean): boolean {
    if ((ACCESSOR_METHODS as readonly string[]).includes(key)) return true
    if (key === 'constructor' && baseRef !== null && baseRef !== undefined && typeof (baseRef as Record<string, unknown>)[key] === 'function') return true
    return (BudgetedCompile.prototype as unknown as { isBlockedPathKey(b: unknown, k: string, e?: boolean): boolean }).isBlockedPathKey.call(this, baseRef, key, isEnd)
  }

  /** Every step of `$a.b.c(…)[i]` goes through here, velocityjs's and custom method handlers included. */
  getAttributes(property: Ast, baseRef: unknown, ast: Ast): unknown {
    const value = (BudgetedCompile.prototype as unknown as { getAttributes(p: Ast, b: unknown, a: Ast): unknown }).getAttributes.call(this, property, baseRef, ast)
    return isEngineInternal(value) ? undefined : value
  }
}
