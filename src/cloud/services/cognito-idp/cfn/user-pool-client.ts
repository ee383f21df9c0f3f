/**
 * @module CloudFormation `AWS::Cognito::UserPoolClient` over the Cognito api. `GetAtt ClientSecret` works when
 * GenerateSecret is true. OAuth and hosted-UI properties are not listed, so a template that sets them fails by name.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cognito-userpoolclient.html
 */
import type { ResourceProvider } from '../../../core/types.js'

interface UserPoolClientProps {
  UserPoolId: string
  ClientName?: string
  GenerateSecret?: boolean | string
  ExplicitAuthFlows?: string[]
  AccessTokenValidity?: number | string
  IdTokenValidity?: number | string
  RefreshTokenValidity?: number | string
  TokenValidityUnits?: Record<string, string>
  PreventUserExistenceErrors?: string
  AuthSessionValidity?: number | string
  EnableTokenRevocation?: boolean | string
}

const num = (v: unknown) => (v === undefined ? undefined : Number(v))

function settings(props: UserPoolClientProps, name: string) {
  return {
    ClientName: name,
    ExplicitAuthFlows: props.ExplicitAuthFlows,
    AccessTokenValidity: num(props.AccessTokenValidity),
    IdTokenValidity: num(props.IdTokenValidity),
    RefreshTokenValidity: num(props.RefreshTokenValidity),
    TokenValidityUnits: props.TokenValidityUnits,
    PreventUserExistenceErrors: props.PreventUserExistenceErrors,
    AuthSessionValidity: num(props.AuthSessionValidity),
    EnableTokenRevocation: props.EnableTokenRevocation === undefined ? undefined : props.EnableTokenRevocation === true || props.EnableTokenRevocation === 'true',
  }
}

const result = (client: { ClientId: string; ClientName: string; ClientSecret?: string }) => ({
  physicalId: client.ClientId,
  attributes: { ClientId: client.ClientId, Name: client.ClientName, ClientSecret: client.ClientSecret },
})

export const userPoolClientProvider: ResourceProvider<UserPoolClientProps> = {
  properties: ['UserPoolId', 'ClientName', 'GenerateSecret', 'ExplicitAuthFlows', 'AccessTokenValidity', 'IdTokenValidity', 'RefreshTokenValidity', 'TokenValidityUnits', 'PreventUserExistenceErrors', 'AuthSessionValidity', 'EnableTokenRevocation'],
  required: ['UserPoolId'],
  createOnly: ['UserPoolId', 'GenerateSecret'],

  async create(props, rc) {
    const { UserPoolClient } = await rc.call('cognito-idp', 'CreateUserPoolClient', {
      UserPoolId: props.UserPoolId,
      GenerateSecret: props.GenerateSecret === true || props.GenerateSecret === 'true',
      ...settings(props, props.ClientName ?? rc.logicalId.slice(0, 128)),
    })
    return result(UserPoolClient)
  },

  async update(id, props, _previous, rc) {
    const { UserPoolClient } = await rc.call('cognito-idp', 'UpdateUserPoolClient', { UserPoolId: props.UserPoolId, ClientId: id, ...settings(props, props.ClientName ?? rc.logicalId.slice(0, 128)) })
    return result(UserPoolClient)
  },

  async delete(id, props, rc) {
    await rc.call('cognito-idp', 'DeleteUserPoolClient', { UserPoolId: props.UserPoolId, ClientId: id }).catch((err) => {
      if (err?.code !== 'ResourceNotFoundException') throw err
    })
  },
}
