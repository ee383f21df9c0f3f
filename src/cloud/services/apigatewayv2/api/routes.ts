/**
 * @module Routes and their route responses. WebSocket route keys: `$connect`, `$disconnect`, `$default` and custom
 * keys (which must not start with `$`); authorization (AWS_IAM, CUSTOM) only on `$connect`; only `$default` route
 * responses. HTTP route keys (`GET /items`) come with HTTP APIs.
 * @see https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-routes.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-response.html
 */
import { AwsError } from '../../../core/aws-error.js'
import { badRequest, child, conflict, type ApiRecord, type ApigwV2Model, type RouteRecord, type RouteResponseRecord } from '../model.js'
import { integrationIdOf } from '../deployed-stage.js'
import { oneOf, optBool, optString, optStringList, refuseUnemulated, reqString } from './input.js'
import { childId, page, saveChange, type GetModel, type Op, apiOf } from './shared.js'

const RESERVED_KEYS = ['$connect', '$disconnect', '$default']
const MAX_ROUTE_KEY = 128
// Not implemented: request validation on WebSocket routes (models, model selection expressions, request parameters).
const UNEMULATED = ['modelSelectionExpression', 'requestModels', 'requestParameters']

export const routeView = (r: RouteRecord) => ({
  apiKeyRequired: r.apiKeyRequired,
  authorizationScopes: r.authorizationScopes,
  authorizationType: r.authorizationType,
  authorizerId: r.authorizerId,
  operationName: r.operationName,
  routeId: r.routeId,
  routeKey: r.routeKey,
  routeResponseSelectionExpression: r.routeResponseSelectionExpression,
  target: r.target,
})

const routeResponseView = (rr: RouteResponseRecord) => ({
  modelSelectionExpression: rr.modelSelectionExpression,
  routeResponseId: rr.routeResponseId,
  routeResponseKey: rr.routeResponseKey,
})

function checkRouteKey(api: ApiRecord, key: string, except?: string): string {
  if (key.length > MAX_ROUTE_KEY) throw badRequest(`Route key must be at most ${MAX_ROUTE_KEY} characters`)
  // AWS's wording for a custom key starting with `$` (serverless/serverless#9530 quotes it).
  if (key.startsWith('$') && !RESERVED_KEYS.includes(key)) throw badRequest('The provided route key is not formatted properly')
  if (Object.values(api.routes).some((r) => r.routeKey === key && r.routeId !== except)) throw conflict(`Route with key ${key} already exists for this API`)
  return key
}

/** AWS's wording for a malformed or unknown target is not confirmed by any source. */
function checkTarget(m: ApigwV2Model, api: ApiRecord, target: string | undefined): string | undefined {
  if (target === undefined || target === '') return undefined
  const id = integrationIdOf(target)
  if (!id) throw badRequest(`Invalid target ${target}: a route's target has the form integrations/{integrationId}`)
  m.integration(api, id)
  return target
}

/** Authorization applies to the whole WebSocket API and is set on `$connect` alone. */
function checkAuthorization(m: ApigwV2Model, api: ApiRecord, route: RouteRecord): void {
  if (route.authorizationType === 'JWT') throw badRequest('JWT authorizers are supported only for HTTP APIs')
  if (route.authorizationType !== 'NONE' && route.routeKey !== '$connect') {
    throw badRequest('Currently, authorization is restricted to the $connect route only')
  }
  if (route.authorizationType === 'CUSTOM') {
    if (!route.authorizerId) throw badRequest('AuthorizerId is required when AuthorizationType is CUSTOM')
    m.authorizer(api, route.authorizerId)
  } else if (route.authorizerId) {
    throw badRequest(`AuthorizerId ${route.authorizerId} can only be set when AuthorizationType is CUSTOM`)
  }
  if (route.authorizationScopes?.length) throw badRequest('Authorization scopes are supported only for JWT authorizers on HTTP APIs')
  if (route.apiKeyRequired) {
    // Not implemented: API keys on WebSocket routes (usage plans with v2 stages).
    throw new AwsError('NotImplemented', 501, 'The local cloud does not emulate apiKeyRequired on WebSocket routes yet')
  }
  if (route.routeResponseSelectionExpression !== undefined && route.routeResponseSelectionExpression !== '$default') {
    throw badRequest(`Invalid route response selection expression ${route.routeResponseSelectionExpression}: only $default is supported`)
  }
}

/** Members of Create/UpdateRoute applied onto `route` (an update sends only what changes). */
function applyRouteInput(m: ApigwV2Model, api: ApiRecord, route: RouteRecord, input: any): RouteRecord {
  refuseUnemulated(input, UNEMULATED, 'WebSocket routes')
  const next: RouteRecord = { ...route }
  const key = optString(input, 'routeKey')
  if (key !== undefined) next.routeKey = checkRouteKey(api, key, route.routeId)
  const target = optString(input, 'target')
  if (target !== undefined) next.target = checkTarget(m, api, target)
  const type = oneOf(optString(input, 'authorizationType'), 'authorizationType', ['NONE', 'AWS_IAM', 'CUSTOM', 'JWT'] as const)
  if (type !== undefined) next.authorizationType = type
  const authorizerId = optString(input, 'authorizerId')
  if (authorizerId !== undefined) next.authorizerId = authorizerId || undefined
  if (type !== undefined && type !== 'CUSTOM' && authorizerId === undefined) next.authorizerId = undefined
  const scopes = optStringList(input, 'authorizationScopes')
  if (scopes !== undefined) next.authorizationScopes = scopes
  const apiKeyRequired = optBool(input, 'apiKeyRequired')
  if (apiKeyRequired !== undefined) next.apiKeyRequired = apiKeyRequired
  const operationName = optString(input, 'operationName')
  if (operationName !== undefined) next.operationName = operationName
  const rrse = optString(input, 'routeResponseSelectionExpression')
  if (rrse !== undefined) next.routeResponseSelectionExpression = rrse || undefined
  checkAuthorization(m, api, next)
  return next
}

const routeResponse = (route: RouteRecord, id: unknown): RouteResponseRecord => child(route.routeResponses, id, 'RouteResponse')

function checkRouteResponse(route: RouteRecord, input: any, except?: string): string | undefined {
  // Not implemented: response models and parameters on route responses (they validate nothing locally).
  refuseUnemulated(input, ['responseModels', 'responseParameters', 'modelSelectionExpression'], 'WebSocket route responses')
  const key = optString(input, 'routeResponseKey')
  if (key === undefined) return undefined
  if (key !== '$default') throw badRequest(`Invalid route response key ${key}: only $default is supported for WebSocket route responses`)
  if (Object.values(route.routeResponses).some((rr) => rr.routeResponseKey === key && rr.routeResponseId !== except)) {
    throw conflict(`RouteResponse with key ${key} already exists for this route`)
  }
  return key
}

export function routeOps(model: GetModel): Record<string, Op> {
  const load = (input: { apiId?: unknown }) => apiOf(model, input)
  return {
    async CreateRoute(input) {
      const { m, api } = load(input)
      const blank: RouteRecord = { routeId: childId(), routeKey: '', authorizationType: 'NONE', apiKeyRequired: false, routeResponses: {} }
      const route = applyRouteInput(m, api, blank, { ...input, routeKey: reqString(input, 'routeKey') })
      api.routes[route.routeId] = route
      saveChange(m, api)
      return routeView(route)
    },

    async GetRoute(input) {
      const { m, api } = load(input)
      return routeView(m.route(api, input.routeId))
    },

    async GetRoutes(input) {
      const { api } = load(input)
      const { items, nextToken } = page(Object.values(api.routes), input)
      return { items: items.map(routeView), nextToken }
    },

    async UpdateRoute(input) {
      const { m, api } = load(input)
      const route = applyRouteInput(m, api, m.route(api, input.routeId), input)
      api.routes[route.routeId] = route
      saveChange(m, api)
      return routeView(route)
    },

    async DeleteRoute(input) {
      const { m, api } = load(input)
      delete api.routes[m.route(api, input.routeId).routeId]
      saveChange(m, api)
      return {}
    },

    async CreateRouteResponse(input) {
      const { m, api } = load(input)
      const route = m.route(api, input.routeId)
      reqString(input, 'routeResponseKey')
      const key = checkRouteResponse(route, input)!
      const rr: RouteResponseRecord = { routeResponseId: childId(), routeResponseKey: key }
      route.routeResponses[rr.routeResponseId] = rr
      saveChange(m, api)
      return routeResponseView(rr)
    },

    async GetRouteResponse(input) {
      const { m, api } = load(input)
      return routeResponseView(routeResponse(m.route(api, input.routeId), input.routeResponseId))
    },

    async GetRouteResponses(input) {
      const { m, api } = load(input)
      const { items, nextToken } = page(Object.values(m.route(api, input.routeId).routeResponses), input)
      return { items: items.map(routeResponseView), nextToken }
    },

    async UpdateRouteResponse(input) {
      const { m, api } = load(input)
      const route = m.route(api, input.routeId)
      const rr = routeResponse(route, input.routeResponseId)
      const key = checkRouteResponse(route, input, rr.routeResponseId)
      if (key !== undefined) rr.routeResponseKey = key
      saveChange(m, api)
      return routeResponseView(rr)
    },

    async DeleteRouteResponse(input) {
      const { m, api } = load(input)
      const route = m.route(api, input.routeId)
      delete route.routeResponses[routeResponse(route, input.routeResponseId).routeResponseId]
      saveChange(m, api)
      return {}
    },
  }
}
