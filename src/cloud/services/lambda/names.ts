/**
 * @module Function names as Lambda accepts them: a name, a partial ARN (`123456789012:function:name`) or a full
 * ARN, each optionally with a qualifier.
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_RequestSyntax
 */
import { AwsError } from '../../core/aws-error.js'

export interface FunctionRef {
  name: string
  region?: string
  account?: string
  qualifier?: string
}

const NAME = /^[a-zA-Z0-9-_]{1,64}$/
const FULL_ARN = /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([a-zA-Z0-9-_]+)(?::([a-zA-Z0-9-_$]+))?$/
const PARTIAL_ARN = /^(\d{12}):function:([a-zA-Z0-9-_]+)(?::([a-zA-Z0-9-_$]+))?$/
const NAME_WITH_QUALIFIER = /^([a-zA-Z0-9-_]+)(?::([a-zA-Z0-9-_$]+))?$/

/** The pattern AWS quotes in its validation message for `FunctionName`. */
const FUNCTION_NAME_PATTERN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?'

/** Every API Gateway request to a Lambda integration names its function: parse each name once. */
const parsed = new Map<string, Readonly<FunctionRef>>()

export function parseFunctionName(value: unknown, field = 'functionName'): Readonly<FunctionRef> {
  if (typeof value !== 'string' || value.length === 0) {
    throw validation(`Value '${value ?? 'null'}' at '${field}' failed to satisfy constraint: Member must not be null`)
  }
  let ref = parsed.get(value)
  if (!ref) {
    if (parsed.size > 1000) parsed.clear()
    parsed.set(value, (ref = Object.freeze(parseUncached(value, field))))
  }
  return ref
}

function parseUncached(value: string, field: string): FunctionRef {
  const full = FULL_ARN.exec(value)
  if (full) return { region: full[1], account: full[2], name: full[3], qualifier: full[4] }
  const partial = PARTIAL_ARN.exec(value)
  if (partial) return { account: partial[1], name: partial[2], qualifier: partial[3] }
  const plain = NAME_WITH_QUALIFIER.exec(value)
  if (plain && plain[1].length <= 64) return { name: plain[1], qualifier: plain[2] }
  throw validation(
    `Value '${value}' at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${FUNCTION_NAME_PATTERN}`,
  )
}

/** CreateFunction takes a plain name (or ARN) without a qualifier. */
export function isValidPlainName(name: string): boolean {
  return NAME.test(name)
}

export function functionArn(region: string, account: string, name: string): string {
  return `arn:aws:lambda:${region}:${account}:function:${name}`
}

export function validation(message: string): AwsError {
  return new AwsError('ValidationException', 400, `1 validation error detected: ${message}`)
}

export function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterValueException', 400, message)
}

export function notFound(arn: string): AwsError {
  return new AwsError('ResourceNotFoundException', 404, `Function not found: ${arn}`)
}
