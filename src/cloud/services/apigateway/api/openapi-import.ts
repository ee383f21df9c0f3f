/**
 * @module OpenAPI (2.0 and 3.x) import with API Gateway's extensions: paths become resources and methods,
 * `x-amazon-apigateway-integration` the integrations, plus binary media types and gateway responses.
 * A subset: what REST API labs use (AWS_PROXY, HTTP_PROXY, MOCK, CORS OPTIONS methods, API keys off).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-import-api.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions.html
 */
import { parse as parseYaml } from 'yaml'
import { jsonDepth, yamlDepth } from '../../../core/nesting.js'
import { ownValue } from '../../../core/safe-names.js'
import type { CloudContext } from '../../../core/types.js'
import { badRequest } from '../model.js'
import type { Op } from './shared.js'

const VERBS: Record<string, string> = {
  get: 'GET', put: 'PUT', post: 'POST', delete: 'DELETE', patch: 'PATCH', head: 'HEAD', options: 'OPTIONS',
  'x-amazon-apigateway-any-method': 'ANY',
}
const LOCATIONS: Record<string, string> = { path: 'path', query: 'querystring', header: 'header' }

/**
 * Limits on an imported definition, checked on its text before YAML composes it: API Gateway's 6 MB import
 * file, a nesting depth no OpenAPI document comes near, and YAML aliases ("billion laughs").
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
 */
export const MAX_DEFINITION_BYTES = 6 * 1024 * 1024
export const MAX_DEFINITION_DEPTH = 100
const MAX_ALIASES = 100

/** The document from a string or bytes (JSON or YAML) or an already parsed object. */
export function readDefinition(body: unknown): any {
  let doc: any = body
  if (body instanceof Uint8Array) doc = Buffer.from(body).toString('utf8')
  if (typeof doc === 'string') {
    if (Buffer.byteLength(doc) > MAX_DEFINITION_BYTES) throw badRequest(`Invalid OpenAPI input: the definition is larger than ${MAX_DEFINITION_BYTES} bytes.`)
    const depth = doc.trimStart().startsWith('{') ? jsonDepth(doc, MAX_DEFINITION_DEPTH) : yamlDepth(doc, MAX_DEFINITION_DEPTH)
    if (depth > MAX_DEFINITION_DEPTH) throw badRequest(`Invalid OpenAPI input: the definition nests deeper than ${MAX_DEFINITION_DEPTH} levels.`)
    try {
      doc = parseYaml(doc, { maxAliasCount: MAX_ALIASES })
    } catch {
      throw badRequest('Invalid OpenAPI input.')
    }
  }
  if (!doc || typeof doc !== 'object' || (!doc.swagger && !doc.openapi) || typeof (doc.paths ?? {}) !== 'object') {
    throw badRequest('Invalid OpenAPI input.')
  }
  return doc
}

/** Refuse what the import would otherwise silently drop. */
function apiKeyOnly(doc: any, operation: any): boolean {
  const schemes = doc.securityDefinitions ?? doc.components?.securitySchemes ?? {}
  const requirements: Record<string, unknown>[] = operation.security ?? doc.security ?? []
  let apiKey = false
  for (const requirement of requirements) {
    for (const name of Object.keys(requirement)) {
      const scheme = schemes[name]
      if (scheme?.type === 'apiKey' && scheme.in === 'header' && String(scheme.name).toLowerCase() === 'x-api-key' && !scheme['x-amazon-apigateway-authtype']) {
        apiKey = true
      } else {
        // Not implemented: Lambda, Cognito and IAM authorizers declared in OpenAPI.
        throw badRequest(`Security scheme ${name} (not supported by the local cloud yet)`)
      }
    }
  }
  return apiKey
}

function headerParameters(headers: Record<string, unknown> | undefined): Record<string, boolean> | undefined {
  const names = Object.keys(headers ?? {})
  return names.length ? Object.fromEntries(names.map((h) => [`method.response.header.${h}`, false])) : undefined
}

/** Create the document's resources, methods and integrations on an API that has only its root resource. */
export async function importDefinition(ops: Record<string, Op>, ctx: CloudContext, restApiId: string, doc: any): Promise<void> {
  const api = await ops.GetRestApi({ restApiId }, ctx)
  const ids = new Map<string, string>([['/', api.rootResourceId]])
  const resourceFor = async (path: string): Promise<string> => {
    let current = '/'
    for (const part of path.split('/').filter(Boolean)) {
      const next = current === '/' ? `/${part}` : `${current}/${part}`
      if (!ids.has(next)) ids.set(next, (await ops.CreateResource({ restApiId, parentId: ids.get(current), pathPart: part }, ctx)).id)
      current = next
    }
    return ids.get(current)!
  }

  for (const path of Object.keys(doc.paths ?? {}).sort()) {
    const item = doc.paths[path] ?? {}
    const resourceId = await resourceFor(path)
    for (const [verb, httpMethod] of Object.entries(VERBS)) {
      const operation = item[verb]
      if (!operation) continue
      const key = { restApiId, resourceId, httpMethod }
      const requestParameters: Record<string, boolean> = {}
      for (const p of [...(item.parameters ?? []), ...(operation.parameters ?? [])]) {
        const location = ownValue(LOCATIONS, p?.in)
        if (location) requestParameters[`method.request.${location}.${p.name}`] = Boolean(p.required)
      }
      await ops.PutMethod(
        {
          ...key,
          authorizationType: 'NONE',
          apiKeyRequired: apiKeyOnly(doc, operation),
          operationName: operation.operationId,
          requestParameters: Object.keys(requestParameters).length ? requestParameters : undefined,
        },
        ctx,
      )
      for (const [code, response] of Object.entries<any>(operation.responses ?? {})) {
        if (!/^[1-5]\d\d$/.test(code)) continue
        await ops.PutMethodResponse({ ...key, statusCode: code, responseParameters: headerParameters(response?.headers) }, ctx)
      }
      const integration = operation['x-amazon-apigateway-integration']
      if (!integration) continue
      await ops.PutIntegration(
        {
          ...key,
          type: String(integration.type ?? '').toUpperCase(),
          integrationHttpMethod: integration.httpMethod,
          uri: integration.uri,
          requestTemplates: integration.requestTemplates,
          requestParameters: integration.requestParameters,
          passthroughBehavior: integration.passthroughBehavior ? String(integration.passthroughBehavior).toUpperCase() : undefined,
          timeoutInMillis: integration.timeoutInMillis,
          contentHandling: integration.contentHandling,
          credentials: integration.credentials,
        },
        ctx,
      )
      for (const [pattern, response] of Object.entries<any>(integration.responses ?? {})) {
        await ops.PutIntegrationResponse(
          {
            ...key,
            statusCode: String(response?.statusCode ?? ''),
            selectionPattern: pattern === 'default' ? undefined : pattern,
            responseParameters: response?.responseParameters,
            responseTemplates: response?.responseTemplates,
            contentHandling: response?.contentHandling,
          },
          ctx,
        )
      }
    }
  }
  for (const [responseType, response] of Object.entries<any>(doc['x-amazon-apigateway-gateway-responses'] ?? {})) {
    await ops.PutGatewayResponse(
      {
        restApiId,
        responseType,
        statusCode: response?.statusCode === undefined ? undefined : String(response.statusCode),
        responseParameters: response?.responseParameters,
        responseTemplates: response?.responseTemplates,
      },
      ctx,
    )
  }
}

/** `mode=overwrite`: everything but the root resource goes, then the document is imported afresh. */
export async function clearDefinition(ops: Record<string, Op>, ctx: CloudContext, restApiId: string): Promise<void> {
  const api = await ops.GetRestApi({ restApiId }, ctx)
  const { items } = await ops.GetResources({ restApiId, limit: 500 }, ctx)
  for (const r of items) if (r.parentId === api.rootResourceId) await ops.DeleteResource({ restApiId, resourceId: r.id }, ctx)
  const root = items.find((r: any) => r.id === api.rootResourceId)
  for (const httpMethod of Object.keys(root?.resourceMethods ?? {})) await ops.DeleteMethod({ restApiId, resourceId: root.id, httpMethod }, ctx)
  const responses = await ops.GetGatewayResponses({ restApiId, limit: 500 }, ctx)
  for (const r of responses.items) if (!r.defaultResponse) await ops.DeleteGatewayResponse({ restApiId, responseType: r.responseType }, ctx)
}
