/**
 * @module Integration response + method response (non-proxy integrations): select the integration
 * response whose SelectionPattern matches the status (else the default one), map headers from quoted
 * literals or the integration response, render the response template. Only headers the method response
 * declares reach the client.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-integration-settings-integration-response.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/request-response-data-mappings.html
 */
import { logError } from './logging.js'
import type { IntegrationResponseRecord } from '../model.js'
import { internalError, type EndpointResponse, type Invocation } from './context.js'
import { mappedValue } from './gateway-response.js'
import { jsonPath, renderTemplate, responseOverride } from './vtl.js'

/**
 * `selectionKey` is the backend's status code (HTTP, MOCK, AWS services) or, for Lambda custom
 * integrations, the error's `errorMessage` (undefined on success: only the default response applies).
 */
export function selectIntegrationResponse(inv: Invocation, status: number, selectionKey: string | undefined = String(status)): IntegrationResponseRecord {
  const responses = Object.values(inv.method!.methodIntegration!.integrationResponses ?? {})
  // The pattern must match the whole string (Java `String.matches`).
  const matched =
    selectionKey === undefined
      ? undefined
      : responses.find((r) => r.selectionPattern && new RegExp(`^(?:${r.selectionPattern})$`).test(selectionKey))
  const chosen = matched ?? responses.find((r) => !r.selectionPattern)
  if (!chosen) {
    logError(inv, `Execution failed due to configuration error: No match for output mapping and no default ` +
        `output mapping configured. Endpoint Response Status Code: ${status}`,
    )
    throw internalError()
  }
  return chosen
}

/** `selectionKey` null: select by the endpoint's status code. */
export function mapIntegrationResponse(inv: Invocation, endpoint: EndpointResponse, selectionKey: string | undefined | null = null): EndpointResponse {
  const chosen = selectIntegrationResponse(inv, endpoint.status, selectionKey === null ? String(endpoint.status) : selectionKey)
  const methodResponse = inv.method!.methodResponses?.[chosen.statusCode]
  // AWS quirk: an integration response without a method response of its status deploys fine, and then every
  // call that selects it is a 500.
  // @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-settings-method-response.html
  if (!methodResponse) {
    logError(inv, `Execution failed due to configuration error: Output mapping refers to an invalid method response: ${chosen.statusCode}`)
    throw internalError()
  }
  const status = Number(chosen.statusCode)
  const declared = methodResponse.responseParameters ?? {}
  const body = Buffer.isBuffer(endpoint.body) ? endpoint.body.toString('utf8') : endpoint.body
  const headers: Record<string, string> = {}
  for (const [key, expression] of Object.entries(chosen.responseParameters ?? {})) {
    const name = /^method\.response\.header\.(.+)$/.exec(key)?.[1]
    if (!name || !(key in declared)) continue
    const value = integrationValue(endpoint, body, expression) ?? mappedValue(inv, expression)
    if (value !== undefined) headers[name] = value
  }
  const templates = chosen.responseTemplates ?? {}
  const types = Object.keys(templates)
  if (!types.length) return { status, headers: { 'Content-Type': 'application/json', ...headers }, body }
  const accept = (inv.req.headers['accept'] ?? '').split(',').map((t) => t.split(';')[0].trim().toLowerCase())
  const type = types.find((t) => accept.includes(t.toLowerCase())) ?? (templates['application/json'] !== undefined ? 'application/json' : types[0])
  const override = responseOverride()
  const rendered = renderTemplate(templates[type], { body, inv, context: { responseOverride: override.target } })
  if (override.repeated) {
    logError(inv, 'Execution failed due to configuration error: a response override was set more than once in the mapping template')
    throw internalError()
  }
  return { status: override.status() ?? status, headers: { 'Content-Type': type, ...headers, ...override.headers() }, body: rendered }
}

/**
 * `integration.response.header.X` (the last value of a repeated header), `…multivalueheader.X` (all of them,
 * comma-separated), `integration.response.body`, `integration.response.body.JSONPath`.
 */
function integrationValue(endpoint: EndpointResponse, body: string, expression: string): string | undefined {
  const header = /^integration\.response\.(header|multivalueheader)\.(.+)$/.exec(expression)
  if (header) {
    const found = Object.entries(endpoint.headers).find(([k]) => k.toLowerCase() === header[2].toLowerCase())?.[1]
    if (!Array.isArray(found)) return found
    return header[1] === 'header' ? found[found.length - 1] : found.join(',')
  }
  if (expression === 'integration.response.body') return body
  const bodyPath = /^integration\.response\.body\.(.+)$/.exec(expression)
  if (bodyPath) {
    try {
      const value = jsonPath(JSON.parse(body), `$.${bodyPath[1]}`)
      return value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value)
    } catch {
      return undefined
    }
  }
  return undefined
}
