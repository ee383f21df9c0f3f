/**
 * @module How API Gateway's data planes call a Lambda function: the resource-policy check for
 * `apigateway.amazonaws.com`, then a synchronous Invoke through `ctx.call('lambda', …)`. Shared by the REST
 * integrations, the Lambda authorizers (`src/cloud/authz/`) and the WebSocket routes, so every caller sees
 * the same permission rules and the same result shape.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway.html#apigateway-permissions
 */
import { AwsError } from './aws-error.js'
import type { CloudContext } from './types.js'

export const APIGATEWAY_PRINCIPAL = 'apigateway.amazonaws.com'

/** `allowed`; `denied` (no statement grants it); `missing` (no such function). */
export type InvokePermission = 'allowed' | 'denied' | 'missing'

/**
 * Does the function's resource policy let API Gateway invoke it for `sourceArn` (a method's
 * `…/{stage}/{METHOD}/{path}` or an authorizer's `…/authorizers/{id}`)?
 */
export async function invokePermission(ctx: CloudContext, functionArn: string, sourceArn: string): Promise<InvokePermission> {
  try {
    const answer = await ctx.call('lambda', '_checkInvokePermission', { FunctionName: functionArn, Principal: APIGATEWAY_PRINCIPAL, SourceArn: sourceArn })
    return answer && answer.allowed === false ? 'denied' : 'allowed'
  } catch (err) {
    // The Lambda service may not offer the check (yet): then every invocation is allowed.
    if (err instanceof AwsError && err.code === 'InvalidAction') return 'allowed'
    if (err instanceof AwsError && err.code === 'ResourceNotFoundException') return 'missing'
    throw err
  }
}

export interface FunctionResult {
  /** The function's response (or its error object) as text. */
  payload: string
  /** `Unhandled` when the function threw or timed out. */
  functionError?: string
}

/** A synchronous invocation; an `AwsError` when Lambda itself refuses (throttled, no such function…). */
export async function invokeFunction(ctx: CloudContext, functionArn: string, payload: string): Promise<FunctionResult> {
  const result = await ctx.call('lambda', 'Invoke', { FunctionName: functionArn, Payload: payload, __payloadIsJson: true })
  const text = typeof result.Payload === 'string' ? result.Payload : Buffer.from(result.Payload ?? '').toString('utf8')
  return result.FunctionError ? { payload: text, functionError: String(result.FunctionError) } : { payload: text }
}
