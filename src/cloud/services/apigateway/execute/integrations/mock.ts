/**
 * @module MOCK: the request template's `statusCode` is the integration's status; no backend is called.
 * The integration response step then maps it (this is what the console's "Enable CORS" OPTIONS method is).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-mock-integration.html
 */
import { logError } from '../logging.js'
import { internalError, type EndpointResponse, type Invocation } from '../context.js'
import { integrationRequestBody } from './request-template.js'

export function invokeMock(inv: Invocation): EndpointResponse {
  // AWS quirk: a MOCK without a request template (e.g. CDK's root method of `addProxy`) fails every call,
  // because the passed-through body has no statusCode.
  const output = integrationRequestBody(inv, inv.method!.methodIntegration!).trim()
  let status: unknown
  try {
    status = JSON.parse(output)?.statusCode
  } catch {
    status = undefined
  }
  const code = typeof status === 'string' && /^\d+$/.test(status) ? Number(status) : status
  if (!Number.isInteger(code)) {
    logError(inv, `Execution failed due to configuration error: Unable to parse statusCode. ` +
        'It should be an integer that is defined in the request template.',
    )
    throw internalError()
  }
  // The mock backend returns no body: response templates produce what the client sees.
  return { status: code as number, headers: {}, body: '' }
}
