/**
 * @module DynamoDB's input limits, checked at the service's entry on the raw body before it is parsed or
 * handed to dynalite: attribute values nest at most 32 levels, and only real operation names pass.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-attributes
 */
import { AwsError } from '../../core/aws-error.js'
import { jsonDepth } from '../../core/nesting.js'
import { jsonFailureMessage, parseJsonBody } from '../../protocols/json-body.js'

/** "Nested attribute depth: DynamoDB supports nested attributes up to 32 levels deep." */
export const MAX_ATTRIBUTE_NESTING = 32

/**
 * An attribute value's levels cost two JSON levels each (`{"M": {…}}`), and the deepest request shape
 * (BatchWriteItem's `RequestItems.T[].PutRequest.Item.a`) puts the first at JSON depth 7: below
 * FIRST_POSSIBLE no value can be too deep (nothing to do); above LAST_POSSIBLE none can be valid (refused
 * unparsed); in between the parsed body is walked.
 */
const FIRST_POSSIBLE = 3 + 2 * MAX_ATTRIBUTE_NESTING
const LAST_POSSIBLE = 7 + 2 * MAX_ATTRIBUTE_NESTING + 1

// AWS quirk: the message is bare on PutItem and most operations, wrapped as "1 validation error detected: …"
// on a few (UpdateItem's Key and AttributeUpdates); the bare form is answered everywhere here.
const tooDeep = () =>
  new AwsError('ValidationException', 400, 'Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit')

/** Throws AWS's ValidationException when an attribute value in `body` nests deeper than 32 levels. */
export function assertNestingWithinLimits(body: Buffer): void {
  const depth = jsonDepth(body, LAST_POSSIBLE)
  if (depth < FIRST_POSSIBLE) return
  if (depth > LAST_POSSIBLE) throw tooDeep()
  const parsed = parseJsonBody(body, (reason) => new AwsError('SerializationException', 400, jsonFailureMessage(reason)), LAST_POSSIBLE)
  if (deepestAttributeValue(parsed) > MAX_ATTRIBUTE_NESTING) throw tooDeep()
}

/**
 * The most levels any attribute value in `node` has: a value `{"M": {...}}` or `{"L": [...]}` is one level
 * plus its deepest member; a scalar is one level. Found wherever such values appear (items, keys,
 * ExpressionAttributeValues…), as DynamoDB checks them wherever they appear.
 */
function deepestAttributeValue(node: unknown): number {
  if (node === null || typeof node !== 'object') return 0
  let deepest = 0
  const children = Array.isArray(node) ? node : Object.values(node)
  for (const child of children) deepest = Math.max(deepest, deepestAttributeValue(child))
  return Math.max(deepest, levels(node))
}

function levels(value: unknown): number {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 0
  const v = value as Record<string, unknown>
  if (Object.hasOwn(v, 'M') && v.M !== null && typeof v.M === 'object' && !Array.isArray(v.M)) {
    return 1 + Math.max(0, ...Object.values(v.M as object).map(levels))
  }
  if (Object.hasOwn(v, 'L') && Array.isArray(v.L)) return 1 + Math.max(0, ...v.L.map(levels))
  return Object.keys(v).length === 1 ? 1 : 0
}

/** Every DynamoDB_20120810 operation name is PascalCase letters; anything else (`constructor`, `__proto__`) is unknown. */
export function isOperationName(operation: string): boolean {
  return /^[A-Z][A-Za-z]{2,63}$/.test(operation)
}
