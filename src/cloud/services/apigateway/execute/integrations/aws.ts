/**
 * @module AWS (non-proxy) integrations: a Lambda custom integration or an AWS service action
 * (`arn:aws:apigateway:{region}:dynamodb:action/PutItem`). The mapped request body is the input; the
 * integration response step maps the output.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-custom-integrations.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-request-basic-setup.html
 */
import { logError } from '../logging.js'
import { AwsError } from '../../../../core/aws-error.js'
import { awsActionFromUri, lambdaArnFromUri } from '../../integration-uris.js'
import { internalError, type EndpointResponse, type Invocation } from '../context.js'
import { mapIntegrationResponse } from '../integration-response.js'
import { withStageVariables } from '../stage-variables.js'
import { checkPermission } from './aws-proxy.js'
import { integrationPrincipal } from './aws-credentials.js'
import { delegatedCall } from '../../../../authz/delegated-call.js'
import { missingAuthentication } from '../../../../edge/sigv4-errors.js'
import { integrationRequestBody } from './request-template.js'
import { withTimeout } from './timeout.js'

export async function invokeAws(inv: Invocation): Promise<EndpointResponse> {
  const integration = inv.method!.methodIntegration!
  const uri = withStageVariables(inv, integration.uri)
  const body = integrationRequestBody(inv, integration)
  const functionArn = lambdaArnFromUri(uri)
  if (functionArn) return invokeLambdaCustom(inv, functionArn, body)
  const action = awsActionFromUri(uri)
  if (!action) throw internalError()
  const endpoint = await withTimeout(integration.timeoutInMillis, callAction(inv, uri, action.service, action.action, body))
  return mapIntegrationResponse(inv, endpoint)
}

/**
 * AWS quirk: a Lambda error is selected by matching SelectionPattern against its `errorMessage`; when no
 * pattern matches, the default response (usually 200) carries the error JSON to the client.
 */
async function invokeLambdaCustom(inv: Invocation, functionArn: string, body: string): Promise<EndpointResponse> {
  const integration = inv.method!.methodIntegration!
  if (integration.httpMethod !== 'POST') throw internalError()
  await checkPermission(inv, functionArn)
  const result = await withTimeout(
    integration.timeoutInMillis,
    inv.ctx.call('lambda', 'Invoke', { FunctionName: functionArn, Payload: body || '{}' }).catch((err) => {
      logError(inv, `Lambda invocation failed: ${(err as Error).message}`)
      throw internalError()
    }),
  )
  const payload = typeof result.Payload === 'string' ? result.Payload : Buffer.from(result.Payload ?? '').toString('utf8')
  let errorMessage: string | undefined
  if (result.FunctionError) {
    try {
      errorMessage = String(JSON.parse(payload)?.errorMessage ?? '')
    } catch {
      errorMessage = payload
    }
  }
  return mapIntegrationResponse(inv, { status: 200, headers: {}, body: payload }, errorMessage)
}

/**
 * The service action, called as the integration's credentials say (`aws-credentials.ts`) and judged by the same IAM
 * checks as a signed call. The service's refusal (AccessDenied) is its answer, which the integration response maps,
 * as on AWS.
 */
async function callAction(inv: Invocation, uri: string | undefined, service: string, action: string, body: string): Promise<EndpointResponse> {
  let input: unknown
  try {
    input = body ? JSON.parse(body) : {}
  } catch {
    return { status: 400, headers: {}, body: JSON.stringify({ __type: 'SerializationException', message: 'Request body is not JSON' }) }
  }
  const delegate = await integrationPrincipal(inv, withStageVariables(inv, inv.method!.methodIntegration!.credentials))
  const region = /^arn:aws[\w-]*:apigateway:([a-z0-9-]+):/.exec(uri ?? '')?.[1] ?? inv.req.region
  try {
    // Without credentials only resource-based permissions could let API Gateway in, and DynamoDB here has none: the
    // local cloud answers as the (JSON-protocol) service answers an unsigned call. AWS does not document its exact
    // answer for this case (not confirmed from a stored source).
    if (!delegate) throw missingAuthentication('json')
    const output = await delegatedCall(inv.ctx, delegate, region)(service, action, input)
    return { status: 200, headers: { 'Content-Type': 'application/x-amz-json-1.0' }, body: JSON.stringify(output ?? {}) }
  } catch (err) {
    if (!(err instanceof AwsError)) throw err
    return { status: err.status, headers: {}, body: JSON.stringify({ __type: `com.amazonaws.${service}#${err.code}`, message: err.message }) }
  }
}
