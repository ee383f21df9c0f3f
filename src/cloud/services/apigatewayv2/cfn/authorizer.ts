/**
 * @module AWS::ApiGatewayV2::Authorizer — Ref is the authorizer id; GetAtt `AuthorizerId`.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-authorizer.html
 */
import type { ResourceProvider } from '../../../core/types.js'
import { call, ignoreNotFound, wireMembers } from './shared.js'

const MEMBERS = [
  'Name', 'AuthorizerType', 'AuthorizerUri', 'IdentitySource', 'IdentityValidationExpression', 'AuthorizerResultTtlInSeconds',
  'AuthorizerCredentialsArn', 'AuthorizerPayloadFormatVersion', 'EnableSimpleResponses', 'JwtConfiguration',
]
const NUMBERS = ['AuthorizerResultTtlInSeconds']
const BOOLEANS = ['EnableSimpleResponses']

export const authorizerProvider: ResourceProvider = {
  properties: ['ApiId', ...MEMBERS],
  required: ['ApiId', 'AuthorizerType', 'Name'],
  createOnly: ['ApiId'],
  async create(props, rc) {
    const authorizer = await call(rc, 'CreateAuthorizer', { apiId: props.ApiId, ...wireMembers(props, MEMBERS, NUMBERS, BOOLEANS) })
    return { physicalId: authorizer.authorizerId, attributes: { AuthorizerId: authorizer.authorizerId } }
  },
  async update(id, props, previous, rc) {
    const cleared = props.IdentityValidationExpression === undefined && previous.IdentityValidationExpression !== undefined ? { identityValidationExpression: '' } : {}
    const input = { apiId: props.ApiId, authorizerId: id, identitySource: [], ...cleared, ...wireMembers(props, MEMBERS, NUMBERS, BOOLEANS) }
    await call(rc, 'UpdateAuthorizer', input)
    return { physicalId: id, attributes: { AuthorizerId: id } }
  },
  async delete(id, props, rc) {
    await ignoreNotFound(call(rc, 'DeleteAuthorizer', { apiId: props.ApiId, authorizerId: id }))
  },
}
