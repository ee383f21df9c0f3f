/**
 * @module AWS::ApiGateway::GatewayResponse — like every API change, it reaches clients only with the
 * next deployment.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-gatewayresponse.html
 */
import type { ResourceContext, ResourceProvider } from '../../../core/types.js'
import { call, ignoreNotFound } from './shared.js'

const put = (props: any, rc: ResourceContext) =>
  call(rc, 'PutGatewayResponse', {
    restApiId: props.RestApiId,
    responseType: props.ResponseType,
    statusCode: props.StatusCode,
    responseParameters: props.ResponseParameters,
    responseTemplates: props.ResponseTemplates,
  })

export const gatewayResponseProvider: ResourceProvider = {
  properties: ['RestApiId', 'ResponseType', 'StatusCode', 'ResponseParameters', 'ResponseTemplates'],
  required: ['RestApiId', 'ResponseType'],
  createOnly: ['RestApiId', 'ResponseType'],
  async create(props, rc) {
    await put(props, rc)
    return { physicalId: `${props.RestApiId}-${props.ResponseType}` }
  },
  async update(physicalId, props, _previous, rc) {
    await put(props, rc)
    return { physicalId }
  },
  async delete(_id, props, rc) {
    await ignoreNotFound(call(rc, 'DeleteGatewayResponse', { restApiId: props.RestApiId, responseType: props.ResponseType }))
  },
}
