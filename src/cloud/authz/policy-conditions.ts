/**
 * @module Condition operators: String*, Numeric*, Bool, IpAddress/NotIpAddress, Arn*, Null, each with `IfExists`.
 * Several values for one key: any may match (OR); several keys or operators: all must hold (AND). A key absent
 * from the request makes a condition false — except for the negated operators and `…IfExists`, which hold.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
 */
import { BlockList, isIP } from 'node:net'
import { wildcardMatch } from './policy-match.js'

type Test = (actual: string, expected: string) => boolean

const lower = (s: string) => s.toLowerCase()
const number = (s: string) => (s.trim() === '' ? NaN : Number(s))

/** Positive tests; the `Not` operators are their negation over all values. */
const TESTS: Record<string, Test> = {
  StringEquals: (a, e) => a === e,
  StringEqualsIgnoreCase: (a, e) => lower(a) === lower(e),
  StringLike: (a, e) => wildcardMatch(e, a),
  NumericEquals: (a, e) => number(a) === number(e),
  NumericLessThan: (a, e) => number(a) < number(e),
  NumericLessThanEquals: (a, e) => number(a) <= number(e),
  NumericGreaterThan: (a, e) => number(a) > number(e),
  NumericGreaterThanEquals: (a, e) => number(a) >= number(e),
  Bool: (a, e) => lower(a) === lower(e),
  IpAddress: ipInRange,
  ArnEquals: (a, e) => a === e,
  ArnLike: (a, e) => wildcardMatch(e, a),
}
const NEGATED: Record<string, string> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  NumericNotEquals: 'NumericEquals',
  NotIpAddress: 'IpAddress',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
}

export const CONDITION_OPERATORS: ReadonlySet<string> = new Set([...Object.keys(TESTS), ...Object.keys(NEGATED), 'Null'])

/** Whether one condition (operator, key, values) holds for the request's value of that key. */
export function conditionHolds(operator: string, values: string[], actual: string | undefined): boolean {
  const ifExists = operator.endsWith('IfExists')
  const base = ifExists ? operator.slice(0, -'IfExists'.length) : operator
  // Null: "true" means the key must be absent, "false" present.
  if (base === 'Null') return values.some((v) => (lower(v) === 'true') === (actual === undefined))
  const negatedOf = Object.hasOwn(NEGATED, base) ? NEGATED[base] : undefined
  if (actual === undefined) return ifExists || negatedOf !== undefined
  const test = TESTS[negatedOf ?? base]
  const any = values.some((expected) => test(actual, expected))
  return negatedOf ? !any : any
}

/** `aws:SourceIp` against a CIDR block or single address, IPv4 and IPv6 (`::ffff:a.b.c.d` is its IPv4 address). */
function ipInRange(actual: string, expected: string): boolean {
  const address = actual.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1')
  const family = isIP(address)
  if (!family) return false
  const [network, bits] = expected.split('/')
  const expectedFamily = isIP(network)
  if (!expectedFamily || expectedFamily !== family) return false
  const prefix = bits === undefined ? (family === 4 ? 32 : 128) : Number(bits)
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) return false
  const list = new BlockList()
  list.addSubnet(network, prefix, family === 4 ? 'ipv4' : 'ipv6')
  return list.check(address, family === 4 ? 'ipv4' : 'ipv6')
}
