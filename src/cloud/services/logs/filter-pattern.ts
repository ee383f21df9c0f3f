/**
 * @module CloudWatch Logs filter patterns for unstructured log events: terms (all must appear), quoted
 * phrases, `?term` (any of), `-term` (must not appear). Matching is case-sensitive, as in AWS.
 * Not implemented: JSON (`{ $.x = … }`) and space-delimited (`[a, b]`) patterns, and regex (`%…%`).
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 */
import { AwsError } from '../../core/aws-error.js'

interface Pattern {
  all: string[]
  any: string[]
  none: string[]
}

function parse(pattern: string): Pattern {
  const trimmed = pattern.trim()
  if (/^[{[%]/.test(trimmed)) {
    throw new AwsError('InvalidParameterException', 400, `The local cloud supports only term filter patterns, not: ${trimmed}`)
  }
  const out: Pattern = { all: [], any: [], none: [] }
  for (const m of trimmed.matchAll(/([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/g)) {
    const term = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]
    if (!term) continue
    if (m[1] === '?') out.any.push(term)
    else if (m[1] === '-') out.none.push(term)
    else out.all.push(term)
  }
  return out
}

export function matchesFilter(pattern: string, message: string): boolean {
  if (!pattern.trim()) return true
  const p = parse(pattern)
  if (p.none.some((t) => message.includes(t))) return false
  if (!p.all.every((t) => message.includes(t))) return false
  return p.any.length === 0 || p.any.some((t) => message.includes(t))
}
