/**
 * @module CloudFormation `AWS::Cognito::UserPoolUser`: AdminCreateUser without a password, as AWS does — the user
 * starts in FORCE_CHANGE_PASSWORD with a generated temporary password that AWS emails; locally the invitation is
 * written to the cloud's log (the terminal of `lab cloud start`, or
 * `LAB_HOME/cloud/cloud.log` for a detached cloud), or set one with `aws cognito-idp admin-set-user-password`. Every
 * property change replaces the user, as on AWS.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cognito-userpooluser.html
 */
import type { ResourceProvider } from '../../../core/types.js'

interface UserPoolUserProps {
  UserPoolId: string
  Username?: string
  UserAttributes?: { Name: string; Value: string }[]
  DesiredDeliveryMediums?: string[]
  ForceAliasCreation?: boolean | string
  MessageAction?: string
}

// Not implemented: UserPoolUser's ClientMetadata and ValidationData (they only feed Lambda triggers): refused by name.
export const userPoolUserProvider: ResourceProvider<UserPoolUserProps> = {
  properties: ['UserPoolId', 'Username', 'UserAttributes', 'DesiredDeliveryMediums', 'ForceAliasCreation', 'MessageAction'],
  required: ['UserPoolId'],
  // No update: any change replaces the user.

  async create(props, rc) {
    const { User } = await rc.call('cognito-idp', 'AdminCreateUser', {
      UserPoolId: props.UserPoolId,
      Username: props.Username ?? props.UserAttributes?.find((a) => a.Name === 'email')?.Value ?? crypto.randomUUID(),
      UserAttributes: props.UserAttributes,
      MessageAction: props.MessageAction,
    })
    return { physicalId: User.Username }
  },

  async delete(username, props, rc) {
    await rc.call('cognito-idp', 'AdminDeleteUser', { UserPoolId: props.UserPoolId, Username: username }).catch((err) => {
      if (err?.code !== 'UserNotFoundException' && err?.code !== 'ResourceNotFoundException') throw err
    })
  },
}
