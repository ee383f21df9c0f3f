/**
 * @module Gateway responses: what API Gateway returns when it rejects a request itself.
 * Changes reach clients only after a new deployment (they are part of the snapshot).
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_PutGatewayResponse.html
 */
import { badRequest, clone, notFound, type GatewayResponseRecord } from '../model.js'
import { DEFAULT_GATEWAY_TEMPLATE, GATEWAY_RESPONSE_STATUS, GATEWAY_RESPONSE_TYPES } from '../gateway-response-types.js'
import { page, type GetModel, type Op } from './shared.js'

const HEADER_VALUE = /^(?:'[^']*'|method\.request\.(?:header|querystring|path)\.[A-Za-z0-9._~-]+|stageVariables\.[A-Za-z0-9_]+|context\.[A-Za-z0-9.]+)$/

function checkType(type: unknown): string {
  if (!GATEWAY_RESPONSE_TYPES.includes(String(type))) {
    throw badRequest(`Invalid response type specified. Valid options are ${GATEWAY_RESPONSE_TYPES.join(',')}`)
  }
  return String(type)
}

function view(type: string, record: GatewayResponseRecord | undefined) {
  if (record) return { ...clone(record), defaultResponse: false }
  return {
    responseType: type,
    statusCode: GATEWAY_RESPONSE_STATUS[type],
    responseParameters: {},
    responseTemplates: { 'application/json': DEFAULT_GATEWAY_TEMPLATE },
    defaultResponse: true,
  }
}

export function gatewayResponseOps(model: GetModel): Record<string, Op> {
  return {
    /** @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-gatewayResponse-definition.html */
    async PutGatewayResponse(input) {
      const m = model()
      const api = m.api(input.restApiId)
      const responseType = checkType(input.responseType)
      if (input.statusCode !== undefined && !/^[1-5]\d\d$/.test(String(input.statusCode))) throw badRequest('Invalid status code specified')
      for (const [key, value] of Object.entries<string>(input.responseParameters ?? {})) {
        if (!/^gatewayresponse\.(header|querystring|path)\.[A-Za-z0-9._~-]+$/.test(key) || !HEADER_VALUE.test(value)) {
          throw badRequest(`Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: ${key}]`)
        }
      }
      const record: GatewayResponseRecord = {
        responseType,
        statusCode: input.statusCode ?? GATEWAY_RESPONSE_STATUS[responseType],
        responseParameters: { ...(input.responseParameters ?? {}) },
        // Without templates of its own, a gateway response keeps the default body template.
        responseTemplates: Object.keys(input.responseTemplates ?? {}).length
          ? { ...input.responseTemplates }
          : { 'application/json': DEFAULT_GATEWAY_TEMPLATE },
      }
      api.gatewayResponses[responseType] = record
      m.save()
      return view(responseType, record)
    },

    async GetGatewayResponse(input) {
      const api = model().api(input.restApiId)
      const type = checkType(input.responseType)
      return view(type, api.gatewayResponses[type])
    },

    async GetGatewayResponses(input) {
      const api = model().api(input.restApiId)
      const all = GATEWAY_RESPONSE_TYPES.map((type) => view(type, api.gatewayResponses[type]))
      return page(all, { position: input.position, limit: input.limit })
    },

    async DeleteGatewayResponse(input) {
      const m = model()
      const api = m.api(input.restApiId)
      const type = checkType(input.responseType)
      if (!api.gatewayResponses[type]) throw notFound('Invalid Gateway Response identifier specified')
      delete api.gatewayResponses[type]
      m.save()
      return {}
    },
  }
}
