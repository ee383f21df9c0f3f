/**
 * @module What an AWS/AWS_PROXY integration URI targets: a Lambda function
 * (`…:lambda:path/2015-03-31/functions/{arn}/invocations`) or a service action (`…:dynamodb:action/PutItem`).
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_PutIntegration.html#apigw-PutIntegration-request-uri
 */

const LAMBDA_URI = /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:lambda:path\/2015-03-31\/functions\/(arn:aws[a-z-]*:lambda:[^/]+)\/invocations$/
const ACTION_URI = /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:([a-z0-9-]+):action\/([A-Za-z0-9]+)$/
/** Local services whose operations take and return their JSON wire shapes. */
const ACTION_SERVICES = new Set(['dynamodb'])

/** The Lambda function ARN inside an integration URI, if it is one. */
export function lambdaArnFromUri(uri: string | undefined): string | undefined {
  return uri ? LAMBDA_URI.exec(uri)?.[1] : undefined
}

export function awsActionFromUri(uri: string | undefined): { service: string; action: string } | undefined {
  const match = uri ? ACTION_URI.exec(uri) : null
  return match && ACTION_SERVICES.has(match[1]) ? { service: match[1], action: match[2] } : undefined
}
