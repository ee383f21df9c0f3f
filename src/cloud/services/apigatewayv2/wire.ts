/**
 * @module The API Gateway v2 control plane on the wire (REST-JSON under `/v2/`): route table, request decoding
 * (labels, query, JSON body) and response encoding (timestamps as ISO 8601, as the v2 API sends them).
 * @see https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/resources.html
 */
import { authorizeApiCall } from '../../authz/api-gate.js'
import { AwsError } from '../../core/aws-error.js'
import { ownOperation } from '../../core/safe-names.js'
import type { CloudContext, CloudRequest, CloudResponse } from '../../core/types.js'
import { compileRoutes, jsonObjectBody, matchRoute, routeAddress } from '../../protocols/rest-routes.js'
import type { Op } from './api/shared.js'
import { unemulatedOperation } from './unemulated.js'

const A = '/v2/apis/{apiId}'
const R = `${A}/routes/{routeId}`
const I = `${A}/integrations/{integrationId}`
const S = `${A}/stages/{stageName}`
const TABLE: [string, string, string, number][] = [
  ['POST', '/v2/apis', 'CreateApi', 201],
  ['GET', '/v2/apis', 'GetApis', 200],
  ['PUT', '/v2/apis', 'ImportApi', 201],
  ['GET', A, 'GetApi', 200],
  ['PATCH', A, 'UpdateApi', 200],
  ['PUT', A, 'ImportApi', 201],
  ['DELETE', A, 'DeleteApi', 204],
  ['POST', `${A}/routes`, 'CreateRoute', 201],
  ['GET', `${A}/routes`, 'GetRoutes', 200],
  ['GET', R, 'GetRoute', 200],
  ['PATCH', R, 'UpdateRoute', 200],
  ['DELETE', R, 'DeleteRoute', 204],
  ['POST', `${R}/routeresponses`, 'CreateRouteResponse', 201],
  ['GET', `${R}/routeresponses`, 'GetRouteResponses', 200],
  ['GET', `${R}/routeresponses/{routeResponseId}`, 'GetRouteResponse', 200],
  ['PATCH', `${R}/routeresponses/{routeResponseId}`, 'UpdateRouteResponse', 200],
  ['DELETE', `${R}/routeresponses/{routeResponseId}`, 'DeleteRouteResponse', 204],
  ['POST', `${A}/integrations`, 'CreateIntegration', 201],
  ['GET', `${A}/integrations`, 'GetIntegrations', 200],
  ['GET', I, 'GetIntegration', 200],
  ['PATCH', I, 'UpdateIntegration', 200],
  ['DELETE', I, 'DeleteIntegration', 204],
  ['POST', `${I}/integrationresponses`, 'CreateIntegrationResponse', 201],
  ['GET', `${I}/integrationresponses`, 'GetIntegrationResponses', 200],
  ['GET', `${I}/integrationresponses/{integrationResponseId}`, 'GetIntegrationResponse', 200],
  ['PATCH', `${I}/integrationresponses/{integrationResponseId}`, 'UpdateIntegrationResponse', 200],
  ['DELETE', `${I}/integrationresponses/{integrationResponseId}`, 'DeleteIntegrationResponse', 204],
  ['POST', `${A}/authorizers`, 'CreateAuthorizer', 201],
  ['GET', `${A}/authorizers`, 'GetAuthorizers', 200],
  ['GET', `${A}/authorizers/{authorizerId}`, 'GetAuthorizer', 200],
  ['PATCH', `${A}/authorizers/{authorizerId}`, 'UpdateAuthorizer', 200],
  ['DELETE', `${A}/authorizers/{authorizerId}`, 'DeleteAuthorizer', 204],
  ['POST', `${A}/deployments`, 'CreateDeployment', 201],
  ['GET', `${A}/deployments`, 'GetDeployments', 200],
  ['GET', `${A}/deployments/{deploymentId}`, 'GetDeployment', 200],
  ['PATCH', `${A}/deployments/{deploymentId}`, 'UpdateDeployment', 200],
  ['DELETE', `${A}/deployments/{deploymentId}`, 'DeleteDeployment', 204],
  ['POST', `${A}/stages`, 'CreateStage', 201],
  ['GET', `${A}/stages`, 'GetStages', 200],
  ['GET', S, 'GetStage', 200],
  ['PATCH', S, 'UpdateStage', 200],
  ['DELETE', S, 'DeleteStage', 204],
  ['DELETE', `${S}/routesettings/{routeKey}`, 'DeleteRouteSettings', 204],
  ['DELETE', `${S}/accesslogsettings`, 'DeleteAccessLogSettings', 204],
  ['POST', '/v2/tags/{resourceArn}', 'TagResource', 201],
  ['GET', '/v2/tags/{resourceArn}', 'GetTags', 200],
  ['DELETE', '/v2/tags/{resourceArn}', 'UntagResource', 204],
]

const ROUTES = compileRoutes(TABLE)

/** Where an in-process call would have gone on the wire (the gate judges API Gateway's permissions on it). */
export function controlPlaneAddress(op: string, input: unknown): { method: string; path: string } | undefined {
  return routeAddress(TABLE, op, input)
}

/** A path no API Gateway v2 operation has. */
const notHere = (req: CloudRequest) =>
  new AwsError('NotFoundException', 404, `No API Gateway v2 operation answers ${req.method} ${req.rawPath}`)

export function decode(req: CloudRequest): { op: string; status: number; input: Record<string, unknown> } {
  const matched = matchRoute(ROUTES, req.method, req.rawPath)
  if (!matched) throw unemulatedOperation(req.method, req.rawPath) ?? notHere(req)
  const input: Record<string, unknown> = { ...jsonObjectBody(req.body), ...matched.labels }
  for (const member of ['maxResults', 'nextToken']) {
    const value = req.query.get(member)
    if (value !== null) input[member] = value
  }
  const tagKeys = req.query.getAll('tagKeys')
  if (tagKeys.length) input.tagKeys = tagKeys.flatMap((v) => v.split(','))
  return { op: matched.route.op, status: matched.route.status, input }
}

/** JSON with timestamps as ISO 8601 strings (the v2 API's `__timestampIso8601`). */
export function encode(output: unknown, status: number, requestId: string): CloudResponse {
  if (status === 204) return { status, headers: { 'x-amzn-requestid': requestId } }
  const body = JSON.stringify(output ?? {}, function (this: any, key: string, value: unknown) {
    const raw = this[key]
    return raw instanceof Date ? raw.toISOString() : value
  })
  return { status, headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId }, body }
}

export async function handleControlPlane(req: CloudRequest, ctx: CloudContext, api: Record<string, Op>): Promise<CloudResponse> {
  const { op, status, input } = decode(req)
  req.operation = op
  if (op === 'CreateApi') input.region = req.region
  const operation = ownOperation(api, op)
  if (!operation) throw notHere(req)
  await authorizeApiCall(req, ctx, 'apigatewayv2', input)
  return encode(await operation(input, ctx), status, req.requestId)
}
