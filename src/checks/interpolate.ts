/**
 * @module Fill `${outputs.Name}` and `${origin:outputs.Name}` placeholders in a check's settings from the
 * stack outputs, so lab.yaml never hard-codes a URL.
 */

const PLACEHOLDER = /\$\{([^}]*)\}/g
const KNOWN = /^(origin:)?outputs\.([A-Za-z0-9]+)$/

export class MissingOutputError extends Error {
  constructor(readonly output: string) {
    super(`missing output ${output}`)
  }
}

/** Every placeholder body in a string that is not a known form (for validation). */
export function unknownPlaceholders(value: string): string[] {
  return [...value.matchAll(PLACEHOLDER)].filter((m) => !KNOWN.test(m[1])).map((m) => m[0])
}

/** Output names a value refers to. */
export function referencedOutputs(value: unknown): string[] {
  if (typeof value === 'string') return [...value.matchAll(PLACEHOLDER)].flatMap((m) => KNOWN.exec(m[1])?.[2] ?? [])
  if (Array.isArray(value)) return value.flatMap(referencedOutputs)
  if (value && typeof value === 'object') return Object.values(value).flatMap(referencedOutputs)
  return []
}

function fillString(value: string, outputs: Record<string, string>): string {
  return value.replace(PLACEHOLDER, (whole, body: string) => {
    const match = KNOWN.exec(body)
    if (!match) return whole
    const output = outputs[match[2]]
    if (output === undefined) throw new MissingOutputError(match[2])
    if (!match[1]) return output
    try {
      return new URL(output).origin
    } catch {
      throw new MissingOutputError(match[2])
    }
  })
}

/** A deep copy of `value` with every string's placeholders filled; throws MissingOutputError. */
export function interpolate<T>(value: T, outputs: Record<string, string>): T {
  if (typeof value === 'string') return fillString(value, outputs) as T
  if (Array.isArray(value)) return value.map((item) => interpolate(item, outputs)) as T
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolate(item, outputs)])) as T
  }
  return value
}
