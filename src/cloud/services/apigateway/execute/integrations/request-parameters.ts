/**
 * @module Integration request parameters: `integration.request.{header|querystring|path}.X` from
 * `method.request.*`, stage variables, context variables or quoted literals.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/request-response-data-mappings.html
 */
import type { IntegrationRecord } from '../../model.js'
import type { Invocation } from '../context.js'
import { mappedValue } from '../gateway-response.js'

export interface MappedRequest {
  headers: Record<string, string>
  query: Record<string, string>
  path: Record<string, string>
}

export function mapRequestParameters(inv: Invocation, integration: IntegrationRecord): MappedRequest {
  const out: MappedRequest = { headers: {}, query: {}, path: {} }
  for (const [key, expression] of Object.entries(integration.requestParameters ?? {})) {
    const target = /^integration\.request\.(header|querystring|path)\.(.+)$/.exec(key)
    if (!target) continue
    const value = mappedValue(inv, expression)
    if (value === undefined) continue
    const where = target[1] === 'header' ? out.headers : target[1] === 'querystring' ? out.query : out.path
    where[target[2]] = value
  }
  return out
}
