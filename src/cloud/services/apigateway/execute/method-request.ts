/**
 * @module Step 3 — method request: API key requirement (authorizers are refused at PutMethod).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-key-source.html
 */
import { GatewayError, type Invocation } from './context.js'

export function methodRequest(inv: Invocation): void {
  // Not implemented: API keys and usage plans — a method that requires a key rejects every call, as AWS
  // does for a key that belongs to no usage plan of the stage.
  if (inv.method!.apiKeyRequired) throw new GatewayError('INVALID_API_KEY', 'Forbidden')
}
