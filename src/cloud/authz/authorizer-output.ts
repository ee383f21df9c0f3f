/**
 * @module What a Lambda authorizer must answer: `principalId`, a `policyDocument` (Version, Statement), an
 * optional `context` of string/number/boolean values (AWS passes them on stringified) and an optional
 * `usageIdentifierKey`. Anything else is API Gateway's 500 AuthorizerConfigurationException. A function that
 * fails with exactly `Unauthorized` asks for a 401.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html
 * @see https://github.com/dherault/serverless-offline/pull/1376 (context types observed on AWS)
 */
import { parseJsonBody } from '../protocols/json-body.js'
import { parsePolicy, PolicyParseError } from './policy-eval.js'

export interface AuthorizerOutput {
  principalId: string
  /** As returned; `parsePolicy` has read it (the authorize step evaluates it against each request's method ARN). */
  policyDocument: Record<string, unknown>
  /** Stringified as AWS passes them on; `null` values stay null. */
  context: Record<string, string | null>
  usageIdentifierKey?: string
}

/** Why an answer was refused: the execution log says it, the client only sees the 500. */
export class MalformedAuthorizerOutput extends Error {}

const VERSIONS = new Set(['2012-10-17', '2008-10-17'])
/** "the Resource ARN, as shown in the policy statement output by the authorizer, is currently limited to 512 characters" */
const MAX_RESOURCE_CHARS = 512
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function fail(why: string): never {
  throw new MalformedAuthorizerOutput(why)
}

/** A function error whose message is exactly `Unauthorized` (Node's `callback('Unauthorized')`, Python's `raise Exception('Unauthorized')`). */
export function isUnauthorizedError(payload: string): boolean {
  try {
    const error = JSON.parse(payload)
    return isObject(error) && error.errorMessage === 'Unauthorized'
  } catch {
    return false
  }
}

/** The policy as the IAM evaluator reads it, plus API Gateway's own limit on Resource length. */
function checkPolicy(policyDocument: Record<string, unknown>): void {
  if (policyDocument.Version !== undefined && !VERSIONS.has(String(policyDocument.Version))) fail(`invalid policy Version ${JSON.stringify(policyDocument.Version)}`)
  let parsed
  try {
    parsed = parsePolicy(policyDocument)
  } catch (err) {
    if (!(err instanceof PolicyParseError)) throw err
    fail(`the policy cannot be read: ${err.message}`)
  }
  for (const s of parsed.statements) {
    if (s.resources.some((r) => r.length > MAX_RESOURCE_CHARS)) fail(`a policy Resource is longer than ${MAX_RESOURCE_CHARS} characters`)
  }
}

/** Parse and check the function's answer; throws `MalformedAuthorizerOutput`. */
export function parseAuthorizerOutput(payload: string): AuthorizerOutput {
  let parsed: unknown
  try {
    // Local deviation: keys such as `__proto__` are refused with the rest of a malformed answer.
    parsed = parseJsonBody(payload, () => new Error('not JSON'))
  } catch {
    fail('the response is not JSON')
  }
  if (!isObject(parsed)) fail('the response is not a JSON object')
  const { principalId, policyDocument, context, usageIdentifierKey } = parsed
  if (typeof principalId !== 'string' && typeof principalId !== 'number') fail('principalId is missing')
  if (!isObject(policyDocument)) fail('policyDocument is missing')
  checkPolicy(policyDocument)
  const out: AuthorizerOutput = {
    principalId: String(principalId),
    policyDocument,
    context: Object.create(null),
  }
  if (context !== undefined && context !== null) {
    if (!isObject(context)) fail('context is not a map')
    for (const [key, value] of Object.entries(context)) {
      // AWS quirk: objects and arrays in `context` fail the whole request (500), even when the policy allows.
      if (value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') fail(`context value ${key} is not a string, number or boolean`)
      out.context[key] = value === null ? null : String(value)
    }
  }
  if (usageIdentifierKey !== undefined && usageIdentifierKey !== null) {
    if (typeof usageIdentifierKey !== 'string') fail('usageIdentifierKey is not a string')
    out.usageIdentifierKey = usageIdentifierKey
  }
  return out
}
