/**
 * @module Attribute values in a DynamoDB request, checked where the API puts them (items, keys, expression
 * values, legacy conditions, batch requests): each is an object naming one type, maps and lists hold
 * attribute values all the way down, and nothing nests deeper than 32 levels. dynalite type-checks only
 * the top level of a value; a `null` inside a map throws in its request handler, outside any catch.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html
 */
import { AwsError } from '../../core/aws-error.js'

/** "DynamoDB supports nested attributes up to 32 levels deep." (the top-level attribute is level 1) */
export const MAX_ATTRIBUTE_NESTING = 32

// AWS quirk: the message is bare on PutItem and most operations, wrapped as "1 validation error detected: …"
// on a few (UpdateItem's Key and AttributeUpdates); the bare form is answered everywhere here.
export const nestingTooDeep = () =>
  new AwsError('ValidationException', 400, 'Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit')
const empty = () => new AwsError('ValidationException', 400, 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes')
const wrongType = (type: string) => new AwsError('SerializationException', 400, `Unexpected value type for the AttributeValue member ${type}`)

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

/** Check one attribute value at nesting `level` (1 for a top-level attribute). */
function checkValue(value: unknown, level: number): void {
  if (level > MAX_ATTRIBUTE_NESTING) throw nestingTooDeep()
  if (!isObject(value)) throw empty()
  const types = Object.keys(value)
  if (types.length === 0) throw empty()
  for (const type of types) {
    const member = value[type]
    switch (type) {
      case 'S':
      case 'N':
      case 'B':
        if (typeof member !== 'string') throw wrongType(type)
        break
      case 'BOOL':
      case 'NULL':
        if (typeof member !== 'boolean') throw wrongType(type)
        break
      case 'SS':
      case 'NS':
      case 'BS':
        if (!Array.isArray(member) || member.some((m) => typeof m !== 'string')) throw wrongType(type)
        break
      case 'M':
        if (!isObject(member)) throw wrongType(type)
        for (const name of Object.keys(member)) checkValue(member[name], level + 1)
        break
      case 'L':
        if (!Array.isArray(member)) throw wrongType(type)
        for (const item of member) checkValue(item, level + 1)
        break
      // Unknown members are dynalite's to refuse, as DynamoDB does.
    }
  }
}

function checkMap(map: unknown): void {
  if (map === undefined || map === null) return
  if (!isObject(map)) return // a wrong top-level type is dynalite's SerializationException
  for (const name of Object.keys(map)) checkValue(map[name], 1)
}

function checkList(list: unknown): void {
  if (Array.isArray(list)) for (const value of list) checkValue(value, 1)
}

const eachValue = (record: unknown, visit: (entry: Record<string, unknown>) => void) => {
  if (isObject(record)) for (const entry of Object.values(record)) if (isObject(entry)) visit(entry)
}

/** Every place of a DynamoDB_20120810 request that holds attribute values, whatever the operation. */
export function checkAttributeValues(input: unknown): void {
  if (!isObject(input)) return
  for (const field of ['Item', 'Key', 'ExpressionAttributeValues', 'ExclusiveStartKey']) checkMap(input[field])
  eachValue(input.AttributeUpdates, (update) => update.Value !== undefined && checkValue(update.Value, 1))
  eachValue(input.Expected, (expected) => {
    if (expected.Value !== undefined) checkValue(expected.Value, 1)
    checkList(expected.AttributeValueList)
  })
  for (const field of ['KeyConditions', 'QueryFilter', 'ScanFilter']) eachValue(input[field], (condition) => checkList(condition.AttributeValueList))
  if (isObject(input.RequestItems)) {
    for (const request of Object.values(input.RequestItems)) {
      // BatchGetItem: { Keys: [...] }; BatchWriteItem: [{ PutRequest: { Item } } | { DeleteRequest: { Key } }]
      if (isObject(request) && Array.isArray(request.Keys)) for (const key of request.Keys) checkMap(key)
      if (Array.isArray(request)) {
        for (const write of request) {
          if (!isObject(write)) continue
          if (isObject(write.PutRequest)) checkMap(write.PutRequest.Item)
          if (isObject(write.DeleteRequest)) checkMap(write.DeleteRequest.Key)
        }
      }
    }
  }
}
