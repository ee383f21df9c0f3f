/**
 * @module AWS::ApiGatewayV2::Integration and AWS::ApiGatewayV2::IntegrationResponse — Ref is the integration (response)
 * id; GetAtt `IntegrationId` / `IntegrationResponseId`.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-integration.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-integrationresponse.html
 */
import type { ResourceProvider } from '../../../core/types.js'
import { call, ignoreNotFound, wireMembers } from './shared.js'

const MEMBERS = [
  'IntegrationType', 'IntegrationUri', 'IntegrationMethod', 'ConnectionType', 'ConnectionId', 'ContentHandlingStrategy',
  'CredentialsArn', 'Description', 'IntegrationSubtype', 'PassthroughBehavior', 'PayloadFormatVersion', 'RequestParameters',
  'RequestTemplates', 'ResponseParameters', 'TemplateSelectionExpression', 'TimeoutInMillis', 'TlsConfig',
]
/** What an update clears when the template drops it. */
const CLEARED: Record<string, unknown> = {
  IntegrationUri: '', IntegrationMethod: '', Description: '', RequestTemplates: {}, TemplateSelectionExpression: '', TimeoutInMillis: 29000,
}

export const integrationProvider: ResourceProvider = {
  properties: ['ApiId', ...MEMBERS],
  required: ['ApiId', 'IntegrationType'],
  createOnly: ['ApiId'],
  async create(props, rc) {
    const integration = await call(rc, 'CreateIntegration', { apiId: props.ApiId, ...wireMembers(props, MEMBERS, ['TimeoutInMillis']) })
    return { physicalId: integration.integrationId, attributes: { IntegrationId: integration.integrationId } }
  },
  async update(id, props, previous, rc) {
    const dropped = Object.keys(CLEARED).filter((k) => props[k] === undefined && previous[k] !== undefined)
    const cleared = wireMembers(Object.fromEntries(dropped.map((k) => [k, CLEARED[k]])), dropped)
    await call(rc, 'UpdateIntegration', { apiId: props.ApiId, integrationId: id, ...cleared, ...wireMembers(props, MEMBERS, ['TimeoutInMillis']) })
    return { physicalId: id, attributes: { IntegrationId: id } }
  },
  async delete(id, props, rc) {
    await ignoreNotFound(call(rc, 'DeleteIntegration', { apiId: props.ApiId, integrationId: id }))
  },
}

const RESPONSE_MEMBERS = ['IntegrationResponseKey', 'ContentHandlingStrategy', 'ResponseParameters', 'ResponseTemplates', 'TemplateSelectionExpression']

export const integrationResponseProvider: ResourceProvider = {
  properties: ['ApiId', 'IntegrationId', ...RESPONSE_MEMBERS],
  required: ['ApiId', 'IntegrationId', 'IntegrationResponseKey'],
  createOnly: ['ApiId', 'IntegrationId'],
  async create(props, rc) {
    const response = await call(rc, 'CreateIntegrationResponse', { apiId: props.ApiId, integrationId: props.IntegrationId, ...wireMembers(props, RESPONSE_MEMBERS) })
    return { physicalId: response.integrationResponseId, attributes: { IntegrationResponseId: response.integrationResponseId } }
  },
  async update(id, props, previous, rc) {
    const cleared = {
      ...(props.ResponseTemplates === undefined && previous.ResponseTemplates !== undefined ? { responseTemplates: {} } : {}),
      ...(props.TemplateSelectionExpression === undefined && previous.TemplateSelectionExpression !== undefined ? { templateSelectionExpression: '' } : {}),
    }
    const input = { apiId: props.ApiId, integrationId: props.IntegrationId, integrationResponseId: id, ...cleared, ...wireMembers(props, RESPONSE_MEMBERS) }
    await call(rc, 'UpdateIntegrationResponse', input)
    return { physicalId: id, attributes: { IntegrationResponseId: id } }
  },
  async delete(id, props, rc) {
    await ignoreNotFound(call(rc, 'DeleteIntegrationResponse', { apiId: props.ApiId, integrationId: props.IntegrationId, integrationResponseId: id }))
  },
}
