/**
 * @module `${stageVariables.name}` in integration URIs (HTTP URLs, Lambda function names/aliases).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/aws-api-gateway-stage-variables-reference.html
 */
import type { Invocation } from './context.js'

export function withStageVariables(inv: Invocation, text: string | undefined): string | undefined {
  if (!text || !text.includes('${')) return text
  return text.replace(/\$\{stageVariables\.([A-Za-z0-9_]+)\}/g, (_, name: string) => inv.stage?.variables?.[name] ?? '')
}
