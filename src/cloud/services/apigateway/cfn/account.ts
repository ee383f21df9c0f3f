/**
 * @module AWS::ApiGateway::Account — the CloudWatch role API Gateway logs with (one per account and Region).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-account.html
 */
import { randomString } from '../../../core/ids.js'
import type { ResourceProvider } from '../../../core/types.js'
import { call } from './shared.js'

const setRole = (rc: Parameters<ResourceProvider['create']>[1], role: string | undefined) =>
  call(rc, 'UpdateAccount', { patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: role ?? '' }] })

export const accountProvider: ResourceProvider = {
  properties: ['CloudWatchRoleArn'],
  async create(props, rc) {
    await setRole(rc, props.CloudWatchRoleArn)
    return { physicalId: `${rc.stackName.slice(0, 5)}-Accou-${randomString(12, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}` }
  },
  async update(physicalId, props, _previous, rc) {
    await setRole(rc, props.CloudWatchRoleArn)
    return { physicalId }
  },
  // AWS quirk: deleting the resource leaves the account setting in place.
  async delete() {},
}
