/**
 * @module Lambda URIs of WebSocket integrations and authorizers: the API Gateway invocation URI, whose region must be
 * the API's. (A bare function ARN is an HTTP API form; WebSocket APIs refuse it.)
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-integration-requests.html
 */
import { badRequest } from '../model.js'

const INVOCATION_URI = /^arn:aws[a-z-]*:apigateway:([a-z0-9-]+):lambda:path\/2015-03-31\/functions\/arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9_$-]{1,128})?\/invocations$/

export function lambdaInvocationUri(uri: string, region: string): string {
  const match = INVOCATION_URI.exec(uri)
  if (!match) {
    throw badRequest(
      `Invalid integration URI specified: ${uri}. For a Lambda function use arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/{functionArn}/invocations`,
    )
  }
  return uri
}
