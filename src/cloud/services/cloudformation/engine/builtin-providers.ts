/**
 * @module Resource types CloudFormation itself implements. `AWS::CloudFormation::WaitConditionHandle` is
 * often used as a no-op placeholder resource.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudformation-waitconditionhandle.html
 */
import { randomUUID } from 'node:crypto'
import type { ResourceProvider } from '../../../core/types.js'

const waitConditionHandle: ResourceProvider = {
  properties: [],
  async create(_props, rc) {
    // AWS returns a presigned S3 URL that a WaitCondition's signal goes to.
    // Not implemented: signalling the URL (AWS::CloudFormation::WaitCondition has no provider).
    const key = encodeURIComponent(`${rc.stackId}/${randomUUID()}/${rc.logicalId}`)
    return { physicalId: `${rc.endpoint}/_lab/cloudformation-waitcondition/${key}` }
  },
  async delete() {},
}

export const BUILTIN_PROVIDERS: Record<string, ResourceProvider> = {
  'AWS::CloudFormation::WaitConditionHandle': waitConditionHandle,
}
