/**
 * @module AWS::ApiGateway::Resource — Ref is the resource id; every property change replaces it.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-resource.html
 */
import type { ResourceProvider } from '../../../core/types.js'
import { call, ignoreNotFound } from './shared.js'

export const resourceProvider: ResourceProvider = {
  properties: ['ParentId', 'PathPart', 'RestApiId'],
  required: ['ParentId', 'PathPart', 'RestApiId'],
  createOnly: ['ParentId', 'PathPart', 'RestApiId'],
  async create(props, rc) {
    const resource = await call(rc, 'CreateResource', { restApiId: props.RestApiId, parentId: props.ParentId, pathPart: props.PathPart })
    return { physicalId: resource.id, attributes: { ResourceId: resource.id } }
  },
  async delete(physicalId, props, rc) {
    await ignoreNotFound(call(rc, 'DeleteResource', { restApiId: props.RestApiId, resourceId: physicalId }))
  },
}
