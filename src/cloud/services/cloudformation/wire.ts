/**
 * @module The Query wire form of CloudFormation requests: flat form fields → the API's input shapes.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/CommonParameters.html
 */
import { readList } from '../../protocols/query.js'

export const XMLNS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/'

const LISTS = ['Parameters', 'Tags', 'Capabilities', 'NotificationARNs', 'ResourceTypes', 'StackStatusFilter', 'RetainResources']

/** Scalars are copied as they are; list members (`X.member.N[.Field]`) become arrays. */
export function readInput(params: Record<string, string>): Record<string, unknown> {
  const input: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(params)) if (!key.includes('.')) input[key] = value
  for (const name of LISTS) {
    const items = readList(params, name)
    // `Tags=` (an empty list) is how the SDK sends "remove every tag".
    if (items.length > 0 || name in params) input[name] = items
  }
  return input
}
