/**
 * @module CloudFormation `AWS::Cognito::UserPool` over the Cognito api. Properties this provider does not list
 * (Lambda triggers, MFA, email/SMS settings, …) fail the resource by name.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cognito-userpool.html
 */
import { physicalName } from '../../../core/ids.js'
import type { ResourceContext, ResourceProvider } from '../../../core/types.js'

interface UserPoolProps {
  UserPoolName?: string
  Policies?: unknown
  AutoVerifiedAttributes?: string[]
  UsernameAttributes?: string[]
  UsernameConfiguration?: { CaseSensitive?: boolean | string }
  Schema?: unknown[]
  AdminCreateUserConfig?: { AllowAdminCreateUserOnly?: boolean | string }
  DeletionProtection?: string
  MfaConfiguration?: string
  UserPoolTags?: Record<string, string>
}

const bool = (v: unknown) => (v === undefined ? undefined : v === true || v === 'true')

/** The api's input from the template's properties (CloudFormation passes booleans and numbers as the template wrote them). */
function settings(props: UserPoolProps, rc: ResourceContext) {
  const admin = props.AdminCreateUserConfig
  return {
    Policies: props.Policies,
    AutoVerifiedAttributes: props.AutoVerifiedAttributes,
    AdminCreateUserConfig: admin ? { ...admin, AllowAdminCreateUserOnly: bool(admin.AllowAdminCreateUserOnly) } : undefined,
    DeletionProtection: props.DeletionProtection,
    MfaConfiguration: props.MfaConfiguration,
    UserPoolTags: { ...Object.fromEntries(rc.tags.map((t) => [t.Key, t.Value])), ...(props.UserPoolTags ?? {}) },
  }
}

function attributes(pool: { Id: string; Arn: string }, rc: ResourceContext) {
  const provider = `cognito-idp.${rc.region}.amazonaws.com/${pool.Id}`
  return { physicalId: pool.Id, attributes: { Arn: pool.Arn, ProviderName: provider, ProviderURL: `https://${provider}`, UserPoolId: pool.Id } }
}

export const userPoolProvider: ResourceProvider<UserPoolProps> = {
  properties: ['UserPoolName', 'Policies', 'AutoVerifiedAttributes', 'UsernameAttributes', 'UsernameConfiguration', 'Schema', 'AdminCreateUserConfig', 'DeletionProtection', 'MfaConfiguration', 'UserPoolTags'],
  createOnly: ['UserPoolName', 'UsernameAttributes', 'UsernameConfiguration', 'Schema'],

  async create(props, rc) {
    const { UserPool } = await rc.call('cognito-idp', 'CreateUserPool', {
      PoolName: props.UserPoolName ?? physicalName(rc.stackName, rc.logicalId, 128),
      UsernameAttributes: props.UsernameAttributes,
      UsernameConfiguration: props.UsernameConfiguration ? { CaseSensitive: bool(props.UsernameConfiguration.CaseSensitive) } : undefined,
      Schema: props.Schema,
      ...settings(props, rc),
    })
    return attributes(UserPool, rc)
  },

  async update(id, props, _previous, rc) {
    await rc.call('cognito-idp', 'UpdateUserPool', { UserPoolId: id, ...settings(props, rc) })
    const { UserPool } = await rc.call('cognito-idp', 'DescribeUserPool', { UserPoolId: id })
    return attributes(UserPool, rc)
  },

  async delete(id, _props, rc) {
    await rc.call('cognito-idp', 'DeleteUserPool', { UserPoolId: id }).catch((err) => {
      if (err?.code !== 'ResourceNotFoundException') throw err
    })
  },
}
