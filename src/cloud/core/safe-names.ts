/**
 * @module Prototype-safe names: operation tables looked up by own property only, maps without a prototype,
 * and the names (`__proto__`, `constructor`, `prototype`) that may never be a path segment of a decoder.
 * A request names data; it must never name a member of Object.prototype.
 */

/** Names that reach Object.prototype when used as a key of an ordinary object. */
const PROTOTYPE_NAMES = new Set(['__proto__', 'constructor', 'prototype'])

export function isPrototypeName(name: string): boolean {
  return PROTOTYPE_NAMES.has(name)
}

/** An empty map with no prototype: `map[key]` only ever sees what was stored under `key`. */
export function nullMap<T = unknown>(): Record<string, T> {
  return Object.create(null) as Record<string, T>
}

/**
 * `table[name]` if `name` is the table's own entry and a public one (`_`-prefixed names are internal,
 * reachable only in-process): `constructor`, `toString` or `__proto__` are never operations.
 */
export function ownOperation<T>(table: Record<string, T>, name: unknown): T | undefined {
  if (typeof name !== 'string' || name === '' || name.startsWith('_') || !Object.hasOwn(table, name)) return undefined
  const op = table[name]
  return typeof op === 'function' ? op : undefined
}

/** `table[key]` by own property only (a lookup table keyed by request data: methods, locations…). */
export function ownValue<T>(table: Record<string, T> | undefined | null, key: unknown): T | undefined {
  return table && typeof key === 'string' && Object.hasOwn(table, key) ? table[key] : undefined
}

/**
 * `map[key] = value` as a plain own entry, even for `__proto__` (whose assignment would set the map's
 * prototype instead): for maps keyed by names a caller chooses, such as S3 object keys.
 */
export function setOwn<T>(map: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true })
}
