/**
 * @module Lambda URIs of WebSocket integrations and authorizers. Authorizers take the API Gateway invocation URI
 * (`arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations`), as the API reference's
 * AuthorizerUri asks; AWS_PROXY integrations take it or the function's own ARN.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-integration-requests.html
 */
import { badRequest } from '../model.js'

const FUNCTION_ARN = 'arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\\d{12}):function:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9_$-]{1,128})?'
const INVOCATION_URI = new RegExp(`^arn:aws[a-z-]*:apigateway:([a-z0-9-]+):lambda:path/2015-03-31/functions/${FUNCTION_ARN}/invocations$`)
const BARE_FUNCTION_ARN = new RegExp(`^${FUNCTION_ARN}$`)

const invalid = (uri: string, region: string) =>
  badRequest(`Invalid integration URI specified: ${uri}. For a Lambda function use arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/{functionArn}/invocations`)

/** An authorizer's function: the invocation URI form only. */
export function lambdaInvocationUri(uri: string, region: string): string {
  if (!INVOCATION_URI.test(uri)) throw invalid(uri, region)
  return uri
}

/**
 * An AWS_PROXY integration's function: the invocation URI, or (the HTTP API form) the function ARN itself.
 * AWS quirk: a WebSocket API takes the bare function ARN too, and routes work with it; only the console's integration
 * page cannot show it (aws-cdk shipped that form for WebSocket APIs until it moved to the invocation URI for the console's sake).
 * @see https://github.com/aws/aws-cdk/pull/13820
 */
export function lambdaIntegrationUri(uri: string, region: string): string {
  if (!INVOCATION_URI.test(uri) && !BARE_FUNCTION_ARN.test(uri)) throw invalid(uri, region)
  return uri
}
