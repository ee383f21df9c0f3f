/** @module The tags that mark what apigw-labs created, so teardown can prove nothing is left behind. */
export const LAB_TAG = 'apigw-labs:lab'
export const MANAGED_TAG = 'apigw-labs:managed'

/** Stack tags: CloudFormation propagates them to every resource that supports tags. */
export function stackTags(labId: string): { Key: string; Value: string }[] {
  return [
    { Key: LAB_TAG, Value: labId },
    { Key: MANAGED_TAG, Value: 'true' },
  ]
}
