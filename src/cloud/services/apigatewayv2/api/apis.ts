/**
 * @module APIs: CreateApi, GetApi(s), UpdateApi, DeleteApi. WEBSOCKET APIs are emulated; HTTP APIs share this model
 * and come with their own data plane later.
 * @see https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis.html
 */
import { AwsError } from '../../../core/aws-error.js'
import { apiId as newApiId } from '../../../core/ids.js'
import { apiEndpoint, badRequest, nowSeconds, type ApiRecord } from '../model.js'
import { parseSelectionExpression, bodyPath } from '../selection-expression.js'
import { oneOf, optBool, optString, optStringMap, reqString } from './input.js'
import { date, page, saveChange, type GetModel, type Op } from './shared.js'
import { checkTags } from './tags.js'

const API_KEY_SELECTION = ['$request.header.x-api-key', '$context.authorizer.usageIdentifierKey']

export function apiView(api: ApiRecord) {
  return {
    apiEndpoint: apiEndpoint(api),
    apiId: api.apiId,
    apiKeySelectionExpression: api.apiKeySelectionExpression,
    createdDate: date(api.createdDate),
    description: api.description,
    disableExecuteApiEndpoint: api.disableExecuteApiEndpoint,
    disableSchemaValidation: api.disableSchemaValidation,
    ipAddressType: api.ipAddressType,
    name: api.name,
    protocolType: api.protocolType,
    routeSelectionExpression: api.routeSelectionExpression,
    tags: { ...api.tags },
    version: api.version,
  }
}

/**
 * A WebSocket route selection expression: literal text and `$request.body.<JSON path>` variables (nested paths,
 * `${…}` interpolation, `\$default`).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-develop-routes.html
 */
export function checkRouteSelectionExpression(expression: string): string {
  const parts = parseSelectionExpression(expression)
  const bad = !parts || !parts.length || parts.some((p) => p.kind === 'variable' && !bodyPath(p.name))
  if (bad) {
    throw badRequest(`Invalid route selection expression specified: ${expression}. A WebSocket route selection expression uses $request.body.{path} variables, e.g. $request.body.action or \${request.body.service}/\${request.body.action}`)
  }
  return expression
}

function checkApiKeySelection(expression: string | undefined): string | undefined {
  if (expression !== undefined && !API_KEY_SELECTION.includes(expression)) {
    throw badRequest(`Invalid API key selection expression specified: ${expression}. Supported values: ${API_KEY_SELECTION.join(', ')}`)
  }
  return expression
}

/** `ipv4` is what every API has here; dual-stack endpoints are not emulated. */
function checkIpAddressType(input: Record<string, unknown>): void {
  const type = oneOf(optString(input, 'ipAddressType'), 'ipAddressType', ['ipv4', 'dualstack'] as const)
  // Not implemented: dual-stack (IPv6) API endpoints.
  if (type === 'dualstack') throw new AwsError('NotImplemented', 501, 'The local cloud does not emulate dual-stack (ipAddressType dualstack) endpoints')
}

function createApi(input: any, region: string): ApiRecord {
  const name = reqString(input, 'name')
  const protocolType = reqString(input, 'protocolType')
  if (protocolType !== 'WEBSOCKET' && protocolType !== 'HTTP') throw badRequest('Invalid protocol specified. Must be one of [HTTP, WEBSOCKET]')
  if (protocolType === 'HTTP') {
    // Not implemented: HTTP APIs (ProtocolType HTTP) — the model has room for them; their data plane comes later.
    throw new AwsError('NotImplemented', 501, 'The local cloud does not emulate HTTP APIs (ProtocolType HTTP) yet; only WEBSOCKET APIs')
  }
  // Quick create (target/routeKey), CORS and credentials belong to HTTP APIs.
  for (const member of ['target', 'routeKey', 'corsConfiguration', 'credentialsArn']) {
    if (input[member] !== undefined) throw badRequest(`${member} is supported only for HTTP APIs`)
  }
  checkIpAddressType(input)
  const expression = optString(input, 'routeSelectionExpression')
  if (expression === undefined) throw badRequest('RouteSelectionExpression is required for WEBSOCKET protocol')
  const tags = optStringMap(input, 'tags') ?? {}
  checkTags(tags, {})
  const id = newApiId()
  return {
    apiId: id,
    name,
    protocolType,
    routeSelectionExpression: checkRouteSelectionExpression(expression),
    apiKeySelectionExpression: checkApiKeySelection(optString(input, 'apiKeySelectionExpression')) ?? '$request.header.x-api-key',
    description: optString(input, 'description'),
    version: optString(input, 'version'),
    disableSchemaValidation: optBool(input, 'disableSchemaValidation'),
    disableExecuteApiEndpoint: optBool(input, 'disableExecuteApiEndpoint') ?? false,
    ipAddressType: 'ipv4',
    createdDate: nowSeconds(),
    region,
    tags,
    routes: {},
    integrations: {},
    authorizers: {},
    deployments: {},
    stages: {},
  }
}

export function apiOps(model: GetModel): Record<string, Op> {
  return {
    async CreateApi(input) {
      const m = model()
      const api = createApi(input, typeof input.region === 'string' ? input.region : 'us-east-1')
      m.apis[api.apiId] = api
      m.save()
      return apiView(api)
    },

    async GetApi(input) {
      return apiView(model().api(input.apiId))
    },

    async GetApis(input) {
      const all = Object.values(model().apis).sort((a, b) => a.createdDate - b.createdDate || (a.apiId < b.apiId ? -1 : 1))
      const { items, nextToken } = page(all, input)
      return { items: items.map(apiView), nextToken }
    },

    /** @see https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid.html#apis-apiidpatch */
    async UpdateApi(input) {
      const m = model()
      const api = m.api(input.apiId)
      for (const member of ['target', 'routeKey', 'corsConfiguration', 'credentialsArn']) {
        if (input[member] !== undefined) throw badRequest(`${member} is supported only for HTTP APIs`)
      }
      checkIpAddressType(input)
      const name = optString(input, 'name')
      if (name === '') throw badRequest('Invalid input: name must not be empty')
      const expression = optString(input, 'routeSelectionExpression')
      const apiKeySelection = checkApiKeySelection(optString(input, 'apiKeySelectionExpression'))
      if (expression !== undefined) api.routeSelectionExpression = checkRouteSelectionExpression(expression)
      if (name !== undefined) api.name = name
      if (apiKeySelection !== undefined) api.apiKeySelectionExpression = apiKeySelection
      const description = optString(input, 'description')
      if (description !== undefined) api.description = description || undefined
      const version = optString(input, 'version')
      if (version !== undefined) api.version = version || undefined
      const disableSchemaValidation = optBool(input, 'disableSchemaValidation')
      if (disableSchemaValidation !== undefined) api.disableSchemaValidation = disableSchemaValidation
      const disableExecuteApiEndpoint = optBool(input, 'disableExecuteApiEndpoint')
      if (disableExecuteApiEndpoint !== undefined) api.disableExecuteApiEndpoint = disableExecuteApiEndpoint
      saveChange(m, api)
      return apiView(api)
    },

    async DeleteApi(input) {
      const m = model()
      const api = m.api(input.apiId)
      delete m.apis[api.apiId]
      m.save()
      return {}
    },

    async ImportApi() {
      // Not implemented: importing and reimporting OpenAPI definitions (HTTP APIs only on AWS).
      throw new AwsError('NotImplemented', 501, 'The local cloud does not emulate ImportApi/ReimportApi (OpenAPI import of HTTP APIs) yet')
    },
  }
}
