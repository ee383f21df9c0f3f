/**
 * @module CloudWatch Logs input validation and pagination tokens, with the service's own error wording.
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/CommonErrors.html
 */
import { AwsError } from '../../core/aws-error.js'
import { RETENTION_DAYS } from './model.js'

export const DAY = 86_400_000
export const invalid = (message: string) => new AwsError('InvalidParameterException', 400, message)
export const constraint = (value: unknown, member: string, rule: string) =>
  invalid(`1 validation error detected: Value '${typeof value === 'object' ? JSON.stringify(value) : value}' at '${member}' failed to satisfy constraint: ${rule}`)

function name(input: any, member: string, pattern: RegExp, patternText: string, max: number): string {
  const value = input[member]
  if (typeof value !== 'string') throw constraint(value ?? 'null', member, 'Member must not be null')
  if (value.length < 1 || value.length > max) throw constraint(value, member, `Member must have length less than or equal to ${max}`)
  if (!pattern.test(value)) throw constraint(value, member, `Member must satisfy regular expression pattern: ${patternText}`)
  return value
}
/**
 * The log group an operation names: `logGroupName`, or — where AWS accepts it (GetLogEvents, FilterLogEvents,
 * DescribeLogStreams…) — `logGroupIdentifier`, a name or an ARN.
 */
export function groupName(input: any): string {
  if (input.logGroupIdentifier !== undefined) {
    if (input.logGroupName !== undefined) throw invalid('LogGroup name and LogGroup ARN are mutually exclusive parameters.')
    const id = String(input.logGroupIdentifier)
    const arn = /^arn:aws[\w-]*:logs:[^:]*:\d*:log-group:([^:]+)(?::\*)?$/.exec(id)
    return name({ logGroupIdentifier: arn ? arn[1] : id }, 'logGroupIdentifier', /^[.\-_/#A-Za-z0-9]+$/, '[\\.\\-_/#A-Za-z0-9]+', 512)
  }
  return name(input, 'logGroupName', /^[.\-_/#A-Za-z0-9]+$/, '[\\.\\-_/#A-Za-z0-9]+', 512)
}
export const streamName = (input: any) => name(input, 'logStreamName', /^[^:*]*$/, '[^:*]*', 512)

export function retention(value: unknown): number {
  const n = Number(value)
  if (!RETENTION_DAYS.includes(n)) throw constraint(value, 'retentionInDays', `Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`)
  return n
}

export function limit(value: unknown, max: number): number {
  if (value === undefined) return max
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > max) throw constraint(value, 'limit', `Member must have value less than or equal to ${max}`)
  return n
}

/** Opaque pagination tokens: an offset the caller cannot forge into a crash. */
export const token = (offset: number) => Buffer.from(`o${offset}`).toString('base64')
export function offsetOf(value: unknown): number {
  if (value === undefined) return 0
  const m = /^o(\d+)$/.exec(Buffer.from(String(value), 'base64').toString())
  if (!m) throw invalid('The specified nextToken is invalid.')
  return Number(m[1])
}

export function tagMap(value: unknown): Record<string, string> {
  if (value === undefined) return {}
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw constraint(value, 'tags', 'Member must be a map')
  const entries = Object.entries(value as Record<string, unknown>)
  if (entries.length > 50) throw constraint('tags', 'tags', 'Member must have length less than or equal to 50')
  return Object.fromEntries(entries.map(([k, v]) => [k, String(v)]))
}
