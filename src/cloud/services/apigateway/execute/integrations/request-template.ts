/**
 * @module Integration request: pick the request mapping template by Content-Type (default
 * application/json) and apply the passthrough behavior when none matches.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-passthrough-behaviors.html
 */
import type { IntegrationRecord } from '../../model.js'
import { GatewayError, type Invocation } from '../context.js'
import { renderTemplate } from '../vtl.js'

export function integrationRequestBody(inv: Invocation, integration: IntegrationRecord): string {
  const body = inv.req.body.toString('utf8')
  const templates = integration.requestTemplates ?? {}
  const contentType = (inv.req.headers['content-type'] ?? 'application/json').split(';')[0].trim().toLowerCase()
  const key = Object.keys(templates).find((k) => k.toLowerCase() === contentType)
  if (key !== undefined) return renderTemplate(templates[key], { body, inv })
  const behavior = integration.passthroughBehavior ?? 'WHEN_NO_MATCH'
  const hasTemplates = Object.keys(templates).length > 0
  if (behavior === 'NEVER' || (behavior === 'WHEN_NO_TEMPLATES' && hasTemplates)) {
    throw new GatewayError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported Media Type')
  }
  return body
}
