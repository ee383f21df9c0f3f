/**
 * @module The API Gateway control plane on the wire (REST-JSON): route table, request decoding
 * (labels, query, JSON body) and response encoding (`items` → `item`, timestamps as epoch seconds).
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_Operations.html
 */
import { authorizeApiCall } from '../../authz/api-gate.js'
import { AwsError } from '../../core/aws-error.js'
import { ownOperation } from '../../core/safe-names.js'
import type { CloudContext, CloudRequest, CloudResponse } from '../../core/types.js'
import { compileRoutes, jsonObjectBody, matchRoute, routeAddress } from '../../protocols/rest-routes.js'
import type { Op } from './api/shared.js'

const M = '/restapis/{restApiId}/resources/{resourceId}/methods/{httpMethod}'
const TABLE: [string, string, string, number][] = [
  ['POST', '/restapis', 'CreateRestApi', 201],
  ['GET', '/restapis', 'GetRestApis', 200],
  ['GET', '/restapis/{restApiId}', 'GetRestApi', 200],
  ['PATCH', '/restapis/{restApiId}', 'UpdateRestApi', 200],
  ['PUT', '/restapis/{restApiId}', 'PutRestApi', 200],
  ['DELETE', '/restapis/{restApiId}', 'DeleteRestApi', 202],
  ['GET', '/restapis/{restApiId}/resources', 'GetResources', 200],
  ['GET', '/restapis/{restApiId}/resources/{resourceId}', 'GetResource', 200],
  ['POST', '/restapis/{restApiId}/resources/{parentId}', 'CreateResource', 201],
  ['DELETE', '/restapis/{restApiId}/resources/{resourceId}', 'DeleteResource', 202],
  ['PUT', M, 'PutMethod', 201],
  ['GET', M, 'GetMethod', 200],
  ['DELETE', M, 'DeleteMethod', 204],
  ['POST', M, 'TestInvokeMethod', 200],
  ['PATCH', M, 'UpdateMethod', 200],
  ['PATCH', `${M}/responses/{statusCode}`, 'UpdateMethodResponse', 201],
  ['PATCH', `${M}/integration`, 'UpdateIntegration', 200],
  ['PATCH', `${M}/integration/responses/{statusCode}`, 'UpdateIntegrationResponse', 200],
  ['PUT', `${M}/responses/{statusCode}`, 'PutMethodResponse', 201],
  ['GET', `${M}/responses/{statusCode}`, 'GetMethodResponse', 200],
  ['DELETE', `${M}/responses/{statusCode}`, 'DeleteMethodResponse', 204],
  ['PUT', `${M}/integration`, 'PutIntegration', 201],
  ['GET', `${M}/integration`, 'GetIntegration', 200],
  ['DELETE', `${M}/integration`, 'DeleteIntegration', 204],
  ['PUT', `${M}/integration/responses/{statusCode}`, 'PutIntegrationResponse', 201],
  ['GET', `${M}/integration/responses/{statusCode}`, 'GetIntegrationResponse', 200],
  ['DELETE', `${M}/integration/responses/{statusCode}`, 'DeleteIntegrationResponse', 204],
  ['POST', '/restapis/{restApiId}/deployments', 'CreateDeployment', 201],
  ['GET', '/restapis/{restApiId}/deployments', 'GetDeployments', 200],
  ['GET', '/restapis/{restApiId}/deployments/{deploymentId}', 'GetDeployment', 200],
  ['PATCH', '/restapis/{restApiId}/deployments/{deploymentId}', 'UpdateDeployment', 200],
  ['DELETE', '/restapis/{restApiId}/deployments/{deploymentId}', 'DeleteDeployment', 202],
  ['POST', '/restapis/{restApiId}/stages', 'CreateStage', 201],
  ['GET', '/restapis/{restApiId}/stages', 'GetStages', 200],
  ['GET', '/restapis/{restApiId}/stages/{stageName}', 'GetStage', 200],
  ['PATCH', '/restapis/{restApiId}/stages/{stageName}', 'UpdateStage', 200],
  ['DELETE', '/restapis/{restApiId}/stages/{stageName}', 'DeleteStage', 202],
  ['PUT', '/restapis/{restApiId}/gatewayresponses/{responseType}', 'PutGatewayResponse', 201],
  ['GET', '/restapis/{restApiId}/gatewayresponses/{responseType}', 'GetGatewayResponse', 200],
  ['GET', '/restapis/{restApiId}/gatewayresponses', 'GetGatewayResponses', 200],
  ['DELETE', '/restapis/{restApiId}/gatewayresponses/{responseType}', 'DeleteGatewayResponse', 202],
  ['POST', '/restapis/{restApiId}/authorizers', 'CreateAuthorizer', 201],
  ['GET', '/restapis/{restApiId}/authorizers', 'GetAuthorizers', 200],
  ['GET', '/restapis/{restApiId}/authorizers/{authorizerId}', 'GetAuthorizer', 200],
  ['PATCH', '/restapis/{restApiId}/authorizers/{authorizerId}', 'UpdateAuthorizer', 200],
  ['DELETE', '/restapis/{restApiId}/authorizers/{authorizerId}', 'DeleteAuthorizer', 202],
  ['POST', '/restapis/{restApiId}/authorizers/{authorizerId}', 'TestInvokeAuthorizer', 200],
  ['POST', '/restapis/{restApiId}/models', 'CreateModel', 201],
  ['GET', '/restapis/{restApiId}/models', 'GetModels', 200],
  ['GET', '/restapis/{restApiId}/models/{modelName}', 'GetModel', 200],
  ['PATCH', '/restapis/{restApiId}/models/{modelName}', 'UpdateModel', 200],
  ['DELETE', '/restapis/{restApiId}/models/{modelName}', 'DeleteModel', 202],
  ['GET', '/account', 'GetAccount', 200],
  ['PATCH', '/account', 'UpdateAccount', 200],
  ['POST', '/apikeys', 'CreateApiKey', 201],
  ['GET', '/apikeys', 'GetApiKeys', 200],
  ['GET', '/apikeys/{apiKey}', 'GetApiKey', 200],
  ['PATCH', '/apikeys/{apiKey}', 'UpdateApiKey', 200],
  ['DELETE', '/apikeys/{apiKey}', 'DeleteApiKey', 202],
  ['POST', '/usageplans', 'CreateUsagePlan', 201],
  ['GET', '/usageplans', 'GetUsagePlans', 200],
  ['GET', '/usageplans/{usagePlanId}', 'GetUsagePlan', 200],
  ['PATCH', '/usageplans/{usagePlanId}', 'UpdateUsagePlan', 200],
  ['DELETE', '/usageplans/{usagePlanId}', 'DeleteUsagePlan', 202],
  ['POST', '/usageplans/{usagePlanId}/keys', 'CreateUsagePlanKey', 201],
  ['GET', '/usageplans/{usagePlanId}/keys', 'GetUsagePlanKeys', 200],
  ['DELETE', '/usageplans/{usagePlanId}/keys/{keyId}', 'DeleteUsagePlanKey', 202],
  ['PUT', '/tags/{resourceArn}', 'TagResource', 204],
  ['GET', '/tags/{resourceArn}', 'GetTags', 200],
  ['DELETE', '/tags/{resourceArn}', 'UntagResource', 204],
]

const ROUTES = compileRoutes(TABLE)

/** Where an in-process call would have gone on the wire (the gate judges API Gateway's permissions on it). */
export function controlPlaneAddress(op: string, input: unknown): { method: string; path: string } | undefined {
  return routeAddress(TABLE, op === 'ImportRestApi' ? 'CreateRestApi' : op, input)
}

/** Query members per operation (`limit` is numeric; `embed` and `tagKeys` are lists). */
const QUERY: Record<string, string> = {
  position: 'position',
  limit: 'limit',
  embed: 'embed',
  deploymentId: 'deploymentId',
  tagKeys: 'tagKeys',
  includeValue: 'includeValue',
  includeValues: 'includeValues',
  name: 'nameQuery',
  keyId: 'keyId',
}

export function decode(req: CloudRequest): { op: string; status: number; input: any } {
  const matched = matchRoute(ROUTES, req.method, req.rawPath)
  if (!matched) throw new AwsError('NotFoundException', 404, `The local cloud does not implement this API Gateway operation: ${req.method} ${req.rawPath}`)
  const { route } = matched
  const input: any = {}
  // ImportRestApi and PutRestApi carry the raw OpenAPI document as the body.
  const importing = (route.op === 'CreateRestApi' && req.query.get('mode') === 'import') || route.op === 'PutRestApi'
  const op = route.op === 'CreateRestApi' && importing ? 'ImportRestApi' : route.op
  if (importing) {
    input.body = req.body
    input.mode = req.query.get('mode') ?? undefined
    input.failOnWarnings = req.query.get('failonwarnings') === 'true'
  } else Object.assign(input, jsonObjectBody(req.body))
  // AWS quirk: PutIntegration's body names the integration's own method `httpMethod`, while the path's
  // `{httpMethod}` is the method being integrated.
  if (route.op === 'PutIntegration' && 'httpMethod' in input) {
    input.integrationHttpMethod = input.httpMethod
    delete input.httpMethod
  }
  Object.assign(input, matched.labels)
  for (const [key, member] of Object.entries(QUERY)) {
    const values = req.query.getAll(key)
    if (!values.length) continue
    if (key === 'embed' || key === 'tagKeys') input[member] = values.flatMap((v) => v.split(','))
    else if (key === 'limit') input[member] = Number(values[0])
    else if (key === 'includeValue' || key === 'includeValues') input[member] = values[0] === 'true'
    else input[member] = values[0]
  }
  return { op, status: route.status, input }
}

/** JSON with timestamps as epoch seconds, as API Gateway's REST-JSON protocol sends them. */
export function encode(output: any, status: number, requestId: string): CloudResponse {
  const headers = { 'content-type': 'application/json', 'x-amzn-requestid': requestId }
  if (status === 202 || status === 204) return { status, headers: { 'x-amzn-requestid': requestId } }
  const body = output && 'items' in output ? { ...output, item: output.items, items: undefined } : output
  const json = JSON.stringify(body ?? {}, function (this: any, key: string, value: unknown) {
    const raw = this[key]
    return raw instanceof Date ? raw.getTime() / 1000 : value
  })
  return { status, headers, body: json }
}

export async function handleControlPlane(req: CloudRequest, ctx: CloudContext, api: Record<string, Op>): Promise<CloudResponse> {
  const { op, status, input } = decode(req)
  req.operation = op
  if (op === 'CreateRestApi' || op === 'ImportRestApi') input.region = req.region
  const operation = ownOperation(api, op)
  if (!operation) throw new AwsError('NotFoundException', 404, `The local cloud does not implement this API Gateway operation: ${req.method} ${req.rawPath}`)
  await authorizeApiCall(req, ctx, 'apigateway', input)
  return encode(await operation(input, ctx), status, req.requestId)
}
