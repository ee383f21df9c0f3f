/**
 * @module AWS::ApiGatewayV2::Route and AWS::ApiGatewayV2::RouteResponse — Ref is the route (response) id; GetAtt
 * `RouteId` / `RouteResponseId`.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-route.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-routeresponse.html
 */
import type { ResourceProvider } from '../../../core/types.js'
import { call, ignoreNotFound, wireMembers } from './shared.js'

const ROUTE_MEMBERS = [
  'RouteKey', 'Target', 'AuthorizationType', 'AuthorizerId', 'AuthorizationScopes', 'ApiKeyRequired', 'OperationName',
  'RouteResponseSelectionExpression', 'ModelSelectionExpression', 'RequestModels', 'RequestParameters',
]
/** What an update clears when the template drops it. */
const CLEARED: Record<string, unknown> = { Target: '', AuthorizationType: 'NONE', AuthorizerId: '', RouteResponseSelectionExpression: '', ApiKeyRequired: false }

export const routeProvider: ResourceProvider = {
  properties: ['ApiId', ...ROUTE_MEMBERS],
  required: ['ApiId', 'RouteKey'],
  createOnly: ['ApiId'],
  async create(props, rc) {
    const route = await call(rc, 'CreateRoute', { apiId: props.ApiId, ...wireMembers(props, ROUTE_MEMBERS, [], ['ApiKeyRequired']) })
    return { physicalId: route.routeId, attributes: { RouteId: route.routeId } }
  },
  async update(routeId, props, previous, rc) {
    const dropped = Object.keys(CLEARED).filter((k) => props[k] === undefined && previous[k] !== undefined)
    const cleared = wireMembers(Object.fromEntries(dropped.map((k) => [k, CLEARED[k]])), dropped)
    await call(rc, 'UpdateRoute', { apiId: props.ApiId, routeId, ...cleared, ...wireMembers(props, ROUTE_MEMBERS, [], ['ApiKeyRequired']) })
    return { physicalId: routeId, attributes: { RouteId: routeId } }
  },
  async delete(routeId, props, rc) {
    await ignoreNotFound(call(rc, 'DeleteRoute', { apiId: props.ApiId, routeId }))
  },
}

const RESPONSE_MEMBERS = ['RouteResponseKey', 'ModelSelectionExpression', 'ResponseModels', 'ResponseParameters']

export const routeResponseProvider: ResourceProvider = {
  properties: ['ApiId', 'RouteId', ...RESPONSE_MEMBERS],
  required: ['ApiId', 'RouteId', 'RouteResponseKey'],
  createOnly: ['ApiId', 'RouteId'],
  async create(props, rc) {
    const rr = await call(rc, 'CreateRouteResponse', { apiId: props.ApiId, routeId: props.RouteId, ...wireMembers(props, RESPONSE_MEMBERS) })
    return { physicalId: rr.routeResponseId, attributes: { RouteResponseId: rr.routeResponseId } }
  },
  async update(id, props, _previous, rc) {
    await call(rc, 'UpdateRouteResponse', { apiId: props.ApiId, routeId: props.RouteId, routeResponseId: id, ...wireMembers(props, RESPONSE_MEMBERS) })
    return { physicalId: id, attributes: { RouteResponseId: id } }
  },
  async delete(id, props, rc) {
    await ignoreNotFound(call(rc, 'DeleteRouteResponse', { apiId: props.ApiId, routeId: props.RouteId, routeResponseId: id }))
  },
}
