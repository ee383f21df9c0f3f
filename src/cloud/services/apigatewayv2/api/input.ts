/**
 * @module Reading a request body member by member: each has the type the API reference gives it, or the call fails
 * with a BadRequestException naming it (a raw caller may send anything; the SDKs send the right types).
 */
import { AwsError } from '../../../core/aws-error.js'
import { isPrototypeName } from '../../../core/safe-names.js'
import { badRequest } from '../model.js'

type Input = Record<string, unknown>

const wrongType = (name: string, type: string) => badRequest(`Invalid request body: ${name} must be ${type}`)

export function optString(input: Input, name: string): string | undefined {
  const value = input[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw wrongType(name, 'a string')
  return value
}

export function reqString(input: Input, name: string): string {
  const value = optString(input, name)
  if (value === undefined || value === '') throw badRequest(`Invalid input: ${name} is required`)
  return value
}

export function optBool(input: Input, name: string): boolean | undefined {
  const value = input[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'boolean') throw wrongType(name, 'a boolean')
  return value
}

export function optNumber(input: Input, name: string, integer = false): number | undefined {
  const value = input[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) throw wrongType(name, integer ? 'an integer' : 'a number')
  return value
}

/** A string-to-string map (tags, templates, stage variables); its keys never name a prototype member. */
export function optStringMap(input: Input, name: string): Record<string, string> | undefined {
  const value = input[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'object' || Array.isArray(value)) throw wrongType(name, 'a map of strings')
  const out: Record<string, string> = {}
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw wrongType(`${name}.${key}`, 'a string')
    if (isPrototypeName(key)) throw badRequest(`Invalid key in ${name}: ${key}`)
    out[key] = v
  }
  return out
}

export function optStringList(input: Input, name: string): string[] | undefined {
  const value = input[name]
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw wrongType(name, 'a list of strings')
  return [...value]
}

export function optObject(input: Input, name: string): Input | undefined {
  const value = input[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'object' || Array.isArray(value)) throw wrongType(name, 'an object')
  return value as Input
}

export function oneOf<T extends string>(value: string | undefined, name: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined
  if (!(allowed as readonly string[]).includes(value)) throw badRequest(`Invalid ${name}: ${value}. Valid values: ${allowed.join(', ')}`)
  return value as T
}

/**
 * A member AWS has that the local cloud does not emulate: refused, never ignored. Empty values (`{}`, `[]`, `false`)
 * change nothing on AWS either and pass.
 */
export function refuseUnemulated(input: Input, names: string[], what: string): void {
  for (const name of names) {
    const value = input[name]
    if (value === undefined || value === null || value === false || value === '') continue
    if (typeof value === 'object' && Object.keys(value).length === 0) continue
    throw new AwsError('NotImplemented', 501, `The local cloud does not emulate ${name} on ${what} yet`)
  }
}
