/**
 * @module AWS_PROXY to Lambda: check the invoke permission, invoke with the 1.0 event, and validate the
 * proxy response. API Gateway passes the function's headers through untouched — no CORS is added.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
 * @see https://repost.aws/knowledge-center/malformed-502-api-gateway
 */
import { logError } from '../logging.js'
import { invokeFunction, invokePermission } from '../../../../core/function-invoke.js'
import { lambdaArnFromUri } from '../../integration-uris.js'
import { internalError, type EndpointResponse, type Invocation } from '../context.js'
import { isBinaryType, lambdaProxyEvent } from './lambda-event.js'
import { withTimeout } from './timeout.js'
import { withStageVariables } from '../stage-variables.js'

const RESPONSE_KEYS = new Set(['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded'])
/** Headers API Gateway owns on the way out: a function's values move to `x-amzn-Remapped-<name>`. */
const REMAPPED = new Set(['authorization', 'connection', 'content-length', 'date', 'server', 'transfer-encoding', 'upgrade', 'www-authenticate'])

/**
 * AWS quirk: REST APIs rename reserved headers a proxy integration returns (e.g. `WWW-Authenticate`
 * reaches the client as `x-amzn-Remapped-WWW-Authenticate`).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-known-issues.html
 */
function remapReserved(headers: Record<string, string | string[]>): void {
  for (const name of Object.keys(headers)) {
    if (!REMAPPED.has(name.toLowerCase())) continue
    headers[`x-amzn-Remapped-${name}`] = headers[name]
    delete headers[name]
  }
}

export async function invokeLambdaProxy(inv: Invocation): Promise<EndpointResponse> {
  const integration = inv.method!.methodIntegration!
  const functionArn = lambdaArnFromUri(withStageVariables(inv, integration.uri))
  if (!functionArn) throw internalError()
  // AWS quirk: Lambda is only invoked with POST; another integration method fails every call with a 500.
  if (integration.httpMethod !== 'POST') {
    logError(inv, `Execution failed due to configuration error: Lambda integrations must use POST`)
    throw internalError()
  }
  await checkPermission(inv, functionArn)
  const event = lambdaProxyEvent(inv)
  const result = await withTimeout(
    integration.timeoutInMillis,
    invokeFunction(inv.ctx, functionArn, JSON.stringify(event)).catch((err) => {
      logError(inv, `Lambda invocation failed: ${(err as Error).message}`)
      throw internalError()
    }),
  )
  if (result.functionError) {
    logError(inv, `Lambda execution failed with status 200 due to customer function error`)
    throw internalError(502)
  }
  return proxyResponse(inv, result.payload)
}

/** A missing `lambda:InvokeFunction` permission for apigateway.amazonaws.com is a 500 on AWS. */
export async function checkPermission(inv: Invocation, functionArn: string): Promise<void> {
  const sourceArn = `arn:aws:execute-api:${inv.api!.region}:${inv.ctx.accountId}:${inv.apiId}/${inv.stageName}/${inv.req.method}${inv.resource!.path}`
  const permission = await invokePermission(inv.ctx, functionArn, sourceArn)
  if (permission === 'denied') logError(inv, `Execution failed due to configuration error: Invalid permissions on Lambda function`)
  if (permission !== 'allowed') throw internalError()
}

function malformed(inv: Invocation, why: string): never {
  logError(inv, `Execution failed due to configuration error: Malformed Lambda proxy response (${why})`)
  throw internalError(502)
}

const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'

export function proxyResponse(inv: Invocation, payload: string): EndpointResponse {
  let parsed: any
  try {
    parsed = JSON.parse(payload)
  } catch {
    malformed(inv, 'not JSON')
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) malformed(inv, 'not an object')
  const extra = Object.keys(parsed).filter((k) => !RESPONSE_KEYS.has(k))
  if (extra.length) malformed(inv, `unexpected fields ${extra.join(', ')}`)
  const status = typeof parsed.statusCode === 'string' && /^\d+$/.test(parsed.statusCode) ? Number(parsed.statusCode) : parsed.statusCode
  if (!Number.isInteger(status) || status < 100 || status > 599) malformed(inv, 'statusCode')
  if (parsed.body !== undefined && parsed.body !== null && typeof parsed.body !== 'string') malformed(inv, 'body must be a string')
  if (parsed.isBase64Encoded !== undefined && parsed.isBase64Encoded !== null && typeof parsed.isBase64Encoded !== 'boolean') {
    malformed(inv, 'isBase64Encoded')
  }
  const headers: Record<string, string | string[]> = {}
  if (parsed.headers !== undefined && parsed.headers !== null) {
    if (typeof parsed.headers !== 'object' || Array.isArray(parsed.headers)) malformed(inv, 'headers')
    for (const [k, v] of Object.entries(parsed.headers)) {
      if (!scalar(v)) malformed(inv, `header ${k}`)
      headers[k] = String(v)
    }
  }
  if (parsed.multiValueHeaders !== undefined && parsed.multiValueHeaders !== null) {
    if (typeof parsed.multiValueHeaders !== 'object' || Array.isArray(parsed.multiValueHeaders)) malformed(inv, 'multiValueHeaders')
    for (const [k, v] of Object.entries(parsed.multiValueHeaders)) {
      if (!Array.isArray(v) || !v.every(scalar)) malformed(inv, `multiValueHeaders ${k}`)
      // multiValueHeaders win over headers of the same name.
      for (const name of Object.keys(headers)) if (name.toLowerCase() === k.toLowerCase()) delete headers[name]
      headers[k] = (v as unknown[]).map(String)
    }
  }
  remapReserved(headers)
  const text: string = parsed.body ?? ''
  let body: string | Buffer = text
  if (parsed.isBase64Encoded) {
    const accept = inv.req.headers['accept']?.split(',')[0]
    const contentType = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1]
    const binaryTypes = inv.snapshot?.binaryMediaTypes ?? []
    // Binary goes out as bytes only when the API's binary media types cover the Accept (or content) type.
    if (isBinaryType(accept, binaryTypes) || isBinaryType(String(contentType ?? ''), binaryTypes)) body = Buffer.from(text, 'base64')
  }
  return { status, headers, body }
}
