/**
 * @module DynamoDB's input limits, checked at the service's entry before the body reaches dynalite: the body
 * nests no deeper than any valid request can (scanned on the bytes, before parsing), its attribute values
 * are well formed and nest at most 32 levels, and only real operation names pass.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-attributes
 */
import { AwsError } from '../../core/aws-error.js'
import { jsonDepth } from '../../core/nesting.js'
import { jsonFailureMessage, parseJsonBody } from '../../protocols/json-body.js'
import { checkAttributeValues, MAX_ATTRIBUTE_NESTING, nestingTooDeep } from './attribute-values.js'

/**
 * An attribute value's levels cost two JSON levels each (`{"M": {…}}`), and the deepest request shape
 * (BatchWriteItem's `RequestItems.T[].PutRequest.Item.a`) puts the first at JSON depth 7: a body deeper
 * than this holds a value nested past 32 levels, and is refused without being parsed.
 */
const DEEPEST_VALID_BODY = 7 + 2 * MAX_ATTRIBUTE_NESTING + 1

/** Throws AWS's error for a body dynalite must not see; returns quietly otherwise. */
export function assertInputWithinLimits(body: Buffer): void {
  if (body.length === 0) return
  if (jsonDepth(body, DEEPEST_VALID_BODY) > DEEPEST_VALID_BODY) throw nestingTooDeep()
  let parsed: unknown
  try {
    parsed = parseJsonBody(body, (reason) => new AwsError('SerializationException', 400, jsonFailureMessage(reason)), DEEPEST_VALID_BODY)
  } catch (err) {
    // Not JSON: dynalite answers that itself, in DynamoDB's words.
    if ((err as AwsError).message === jsonFailureMessage('invalid')) return
    throw err
  }
  checkAttributeValues(parsed)
}

/** Every DynamoDB_20120810 operation name is PascalCase letters; anything else (`constructor`, `__proto__`) is unknown. */
export function isOperationName(operation: string): boolean {
  return /^[A-Z][A-Za-z]{2,63}$/.test(operation)
}
