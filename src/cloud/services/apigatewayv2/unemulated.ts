/**
 * @module API Gateway v2 operations AWS serves that the local cloud does not: answered 501 NotImplemented with the
 * operation's name, so a caller never mistakes them for a missing resource (a 404 NotFoundException would read as
 * "no such API"). Paths from the service model (botocore `apigatewayv2/2018-11-29/service-2.json`).
 * @see https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/resources.html
 */
import { AwsError } from '../../core/aws-error.js'
import { compileRoutes, matchRoute } from '../../protocols/rest-routes.js'

const A = '/v2/apis/{apiId}'
const UNEMULATED: [string, string, string, number][] = [
  // Not implemented: models and model templates (request validation of WebSocket routes).
  ['POST', `${A}/models`, 'CreateModel', 501],
  ['GET', `${A}/models`, 'GetModels', 501],
  ['GET', `${A}/models/{modelId}`, 'GetModel', 501],
  ['PATCH', `${A}/models/{modelId}`, 'UpdateModel', 501],
  ['DELETE', `${A}/models/{modelId}`, 'DeleteModel', 501],
  ['GET', `${A}/models/{modelId}/template`, 'GetModelTemplate', 501],
  // Not implemented: route request parameters, authorizer caches, CORS (HTTP APIs) and OpenAPI export.
  ['DELETE', `${A}/routes/{routeId}/requestparameters/{requestParameterKey}`, 'DeleteRouteRequestParameter', 501],
  ['DELETE', `${A}/stages/{stageName}/cache/authorizers`, 'ResetAuthorizersCache', 501],
  ['DELETE', `${A}/cors`, 'DeleteCorsConfiguration', 501],
  ['GET', `${A}/exports/{specification}`, 'ExportApi', 501],
  // Not implemented: custom domain names and API mappings.
  ['POST', '/v2/domainnames', 'CreateDomainName', 501],
  ['GET', '/v2/domainnames', 'GetDomainNames', 501],
  ['GET', '/v2/domainnames/{domainName}', 'GetDomainName', 501],
  ['PATCH', '/v2/domainnames/{domainName}', 'UpdateDomainName', 501],
  ['DELETE', '/v2/domainnames/{domainName}', 'DeleteDomainName', 501],
  ['POST', '/v2/domainnames/{domainName}/apimappings', 'CreateApiMapping', 501],
  ['GET', '/v2/domainnames/{domainName}/apimappings', 'GetApiMappings', 501],
  ['GET', '/v2/domainnames/{domainName}/apimappings/{apiMappingId}', 'GetApiMapping', 501],
  ['PATCH', '/v2/domainnames/{domainName}/apimappings/{apiMappingId}', 'UpdateApiMapping', 501],
  ['DELETE', '/v2/domainnames/{domainName}/apimappings/{apiMappingId}', 'DeleteApiMapping', 501],
  // Not implemented: VPC links (private integrations of HTTP APIs).
  ['POST', '/v2/vpclinks', 'CreateVpcLink', 501],
  ['GET', '/v2/vpclinks', 'GetVpcLinks', 501],
  ['GET', '/v2/vpclinks/{vpcLinkId}', 'GetVpcLink', 501],
  ['PATCH', '/v2/vpclinks/{vpcLinkId}', 'UpdateVpcLink', 501],
  ['DELETE', '/v2/vpclinks/{vpcLinkId}', 'DeleteVpcLink', 501],
]

const ROUTES = compileRoutes(UNEMULATED)

/** The NotImplemented error for an AWS operation the local cloud does not emulate, or undefined for any other path. */
export function unemulatedOperation(method: string, rawPath: string): AwsError | undefined {
  const matched = matchRoute(ROUTES, method, rawPath)
  if (!matched) return undefined
  return new AwsError('NotImplemented', 501, `The local cloud does not emulate the API Gateway v2 operation ${matched.route.op} yet`)
}
