/** @module Identifiers shaped like AWS's: request ids, API ids, CloudFormation physical names. */
import { randomBytes, randomUUID } from 'node:crypto'

const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789'
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

// Ids are made on every data-plane request: draw them from a pool of random bytes, refilled 4 KB at a
// time, instead of asking the kernel for a few bytes each time.
let pool = Buffer.alloc(0)
let offset = 0

/** `count` random bytes from the pool, as a view valid until the next draw. */
function draw(count: number): Buffer {
  if (offset + count > pool.length) {
    pool = randomBytes(Math.max(4096, count))
    offset = 0
  }
  offset += count
  return pool.subarray(offset - count, offset)
}

export function randomString(length: number, alphabet = LOWER): string {
  const bytes = draw(length)
  let out = ''
  for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length]
  return out
}

/** `length` lowercase hex digits (trace ids, log stream names). */
export function randomHex(length: number): string {
  return draw(Math.ceil(length / 2)).toString('hex').slice(0, length)
}

export const requestId = (): string => randomUUID()

/** API Gateway ids: ten lowercase alphanumerics, like `u2j6yb9crh`. */
export const apiId = (): string => randomString(10)

/**
 * The name CloudFormation gives a resource without an explicit name: `{stack}-{logicalId}-{RANDOM}`,
 * shortened to fit `maxLength`.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-name.html
 */
export function physicalName(stackName: string, logicalId: string, maxLength = 64, lowercase = false): string {
  const suffix = randomString(12, UPPER)
  const room = Math.max(2, maxLength - suffix.length - 2)
  let stack = stackName
  let logical = logicalId
  while (stack.length + logical.length + 1 > room) {
    if (stack.length >= logical.length) stack = stack.slice(0, -1)
    else logical = logical.slice(0, -1)
  }
  const name = `${stack}-${logical}-${suffix}`
  return lowercase ? name.toLowerCase() : name
}

/** S3's extended request id (`x-amz-id-2`, `<HostId>`), derived from the request id: one pair per request. */
export function s3HostId(requestId: string): string {
  return Buffer.from(requestId).toString('base64')
}
