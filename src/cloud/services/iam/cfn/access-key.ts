/**
 * @module CloudFormation `AWS::IAM::AccessKey`: Ref is the access key id, GetAtt SecretAccessKey the secret (which
 * the stack then holds: AWS's own advice is to keep such outputs out of templates). A new `Serial` or `UserName`
 * replaces the key (rotation); `Status` switches it on and off in place.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-accesskey.html
 */
import type { AwsError } from '../../../core/aws-error.js'
import type { ResourceProvider } from '../../../core/types.js'

interface AccessKeyProps {
  UserName: string
  Status?: 'Active' | 'Inactive'
  Serial?: number
}

export const accessKeyProvider: ResourceProvider<AccessKeyProps> = {
  properties: ['UserName', 'Status', 'Serial'],
  required: ['UserName'],
  createOnly: ['UserName', 'Serial'],

  async create(props, rc) {
    const { AccessKey } = await rc.call('iam', 'CreateAccessKey', { UserName: props.UserName })
    if (props.Status === 'Inactive') await rc.call('iam', 'UpdateAccessKey', { UserName: props.UserName, AccessKeyId: AccessKey.AccessKeyId, Status: 'Inactive' })
    return { physicalId: AccessKey.AccessKeyId, attributes: { SecretAccessKey: AccessKey.SecretAccessKey } }
  },

  async update(id, props, _previous, rc) {
    await rc.call('iam', 'UpdateAccessKey', { UserName: props.UserName, AccessKeyId: id, Status: props.Status ?? 'Active' })
    return { physicalId: id }
  },

  async delete(id, props, rc) {
    await rc.call('iam', 'DeleteAccessKey', { UserName: props.UserName, AccessKeyId: id }).catch((err) => {
      if ((err as AwsError)?.code !== 'NoSuchEntity') throw err
    })
  },
}
