/**
 * @module AWS::ApiGatewayV2::Api — Ref is the API id; GetAtt `ApiEndpoint` (`wss://{id}.execute-api.{region}.amazonaws.com`,
 * which the deployer translates to the local URL) and `ApiId`.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-api.html
 */
import type { ResourceProvider } from '../../../core/types.js'
import { apiArn } from '../model.js'
import { allTags, call, ignoreNotFound, rejectPresent, syncTags, wireMembers } from './shared.js'

const TYPE = 'AWS::ApiGatewayV2::Api'
const MEMBERS = [
  'Name', 'ProtocolType', 'RouteSelectionExpression', 'ApiKeySelectionExpression', 'Description', 'Version',
  'DisableSchemaValidation', 'DisableExecuteApiEndpoint', 'CorsConfiguration', 'CredentialsArn', 'RouteKey', 'Target', 'IpAddressType',
]
const BOOLEANS = ['DisableSchemaValidation', 'DisableExecuteApiEndpoint']
// Not implemented: creating an API from an OpenAPI definition (Body, BodyS3Location, BasePath, FailOnWarnings).
const UNSUPPORTED = ['Body', 'BodyS3Location', 'BasePath', 'FailOnWarnings']

const attributes = (api: { apiId: string; apiEndpoint: string }) => ({ ApiId: api.apiId, ApiEndpoint: api.apiEndpoint })

export const apiProvider: ResourceProvider = {
  properties: [...MEMBERS, 'Tags', ...UNSUPPORTED],
  createOnly: ['ProtocolType'],
  async create(props, rc) {
    rejectPresent(TYPE, props, UNSUPPORTED)
    const api = await call(rc, 'CreateApi', { ...wireMembers(props, MEMBERS, [], BOOLEANS), tags: allTags(props, rc), region: rc.region })
    return { physicalId: api.apiId, attributes: attributes(api) }
  },
  async update(apiId, props, previous, rc) {
    rejectPresent(TYPE, props, UNSUPPORTED)
    const cleared = Object.fromEntries(['Description', 'Version'].filter((k) => props[k] === undefined && previous[k] !== undefined).map((k) => [k[0].toLowerCase() + k.slice(1), '']))
    const api = await call(rc, 'UpdateApi', { apiId, ...cleared, ...wireMembers(props, MEMBERS.filter((m) => m !== 'ProtocolType'), [], BOOLEANS) })
    await syncTags(rc, apiArn(rc.region, apiId), allTags(props, rc), allTags(previous, rc))
    return { physicalId: apiId, attributes: attributes(api) }
  },
  async delete(apiId, _props, rc) {
    await ignoreNotFound(call(rc, 'DeleteApi', { apiId }))
  },
}
