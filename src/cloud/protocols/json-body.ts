/**
 * @module JSON request bodies, read safely: nesting bounded on the bytes before JSON.parse runs, and no
 * `__proto__` member (a key that, once copied by assignment, would set an object's prototype).
 */
import { jsonDepth } from '../core/nesting.js'

/**
 * No AWS API input this cloud serves nests anywhere near this deep (DynamoDB's 32 levels of attributes are
 * ~70 JSON levels and have their own check); the limit only keeps a hostile body from the parser.
 */
export const MAX_JSON_DEPTH = 100

export type JsonFailure = 'invalid' | 'too-deep' | 'prototype-key'

/**
 * Parse `body` as JSON, or throw `fail(reason)` (the caller's protocol error): too deep, not JSON, or an
 * object key `__proto__` (also when spelled with `\u` escapes).
 */
export function parseJsonBody(body: string | Buffer, fail: (reason: JsonFailure) => Error, maxDepth = MAX_JSON_DEPTH): unknown {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
  if (jsonDepth(bytes, maxDepth) > maxDepth) throw fail('too-deep')
  const text = bytes.toString('utf8')
  const suspicious = text.includes('__proto__') || text.includes('\\u')
  let prototypeKey = false
  let parsed: unknown
  try {
    parsed = suspicious
      ? JSON.parse(text, (key, value) => {
          if (key === '__proto__') prototypeKey = true
          return value
        })
      : JSON.parse(text)
  } catch {
    throw fail('invalid')
  }
  if (prototypeKey) throw fail('prototype-key')
  return parsed
}

/** The sentence each failure adds to a protocol's own error message. */
export function jsonFailureMessage(reason: JsonFailure): string {
  if (reason === 'too-deep') return `The request body nests deeper than ${MAX_JSON_DEPTH} levels`
  if (reason === 'prototype-key') return 'The request body uses "__proto__" as a member name'
  return 'The request body is not valid JSON'
}
