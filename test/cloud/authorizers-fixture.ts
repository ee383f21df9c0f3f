/** Shared setup for the Lambda authorizer tests: an authorizer function that answers by token, an echo integration. */
import {
  APIGatewayClient,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway'
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { ROLE, zip } from '../fixtures/lambda/zip.js'
import type { TestCloud } from '../helpers/cloud.js'
import { createLambdaRole } from '../helpers/lambda-role.js'
import { createLambdaRole } from '../helpers/lambda-role.js'
import { ApiBuilder, request } from './apigateway-helpers.js'

/**
 * Answers by token (TOKEN: the header; REQUEST: header X-Token). Every invocation logs `AUTHZ-INVOKED <token>`,
 * which the tests count in the function's CloudWatch Logs.
 */
export const AUTHORIZER = `
const policy = (principalId, Effect, Resource, context) => ({
  principalId,
  policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect, Resource }] },
  ...(context ? { context } : {}),
})
exports.handler = async (event) => {
  const token = event.type === 'TOKEN' ? event.authorizationToken : (event.headers && (event.headers['X-Token'] || event.headers['x-token'])) || ''
  console.log('AUTHZ-INVOKED ' + token)
  const [region, account, rest] = event.methodArn.split(':').slice(3)
  const apiId = rest.split('/')[0]
  const everything = 'arn:aws:execute-api:' + region + ':' + account + ':' + apiId + '/*'
  if (token === 'unauthorized') throw new Error('Unauthorized')
  if (token === 'crash') throw new Error('boom')
  if (token === 'slow') await new Promise((r) => setTimeout(r, 10000))
  if (token.startsWith('apikey-')) return { ...policy('keyed', 'Allow', everything), usageIdentifierKey: token.slice(7) }
  if (token === 'malformed') return { principalId: 'x' }
  if (token === 'badcontext') return policy('u', 'Allow', everything, { nested: { a: 1 } })
  if (token === 'deny') return policy('denied-user', 'Deny', everything, { secret: 'deny-context' })
  if (token === 'other-api') return policy('u', 'Allow', 'arn:aws:execute-api:' + region + ':' + account + ':otherapi/*')
  if (token.startsWith('method-')) return policy('user-' + token, 'Allow', event.methodArn)
  if (token.startsWith('echo')) return policy('echo', 'Allow', everything, { event: JSON.stringify(event) })
  return policy('user-' + token, 'Allow', everything, { user: token, n: 1, b: true, nul: null })
}`

/** Echo the authorizer data the integration received; logs `AUTHZ-INVOKED echo:<Authorization>`. */
export const ECHO = `
exports.handler = async (event) => {
  console.log('AUTHZ-INVOKED echo:' + ((event.headers && event.headers.Authorization) || ''))
  return { statusCode: 200, body: JSON.stringify({ authorizer: event.requestContext.authorizer ?? null }) }
}`

export interface AuthorizerFixture {
  apigw: APIGatewayClient
  lambda: LambdaClient
  logs: CloudWatchLogsClient
  authorizerArn: string
  echoArn: string
  lockedArn: string
}

export async function createFunctions(cloud: TestCloud, prefix: string): Promise<AuthorizerFixture> {
  await createLambdaRole(cloud)
  const apigw = new APIGatewayClient(cloud.sdk)
  const lambda = new LambdaClient(cloud.sdk)
  const logs = new CloudWatchLogsClient(cloud.sdk)
  // The default timeout (3 s): the `slow` token runs into it.
  const make = async (name: string, code: string) =>
    (await lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs22.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zip({ 'index.js': code }) } }))).FunctionArn!
  const authorizerArn = await make(`${prefix}-authz`, AUTHORIZER)
  const echoArn = await make(`${prefix}-echo`, ECHO)
  const lockedArn = await make(`${prefix}-locked`, AUTHORIZER)
  for (const name of [`${prefix}-authz`, `${prefix}-echo`]) {
    await lambda.send(new AddPermissionCommand({ FunctionName: name, StatementId: 'apigw', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' }))
  }
  return { apigw, lambda, logs, authorizerArn, echoArn, lockedArn }
}

export const lambdaUri = (arn: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${arn}/invocations`

export async function createAuthorizer(f: AuthorizerFixture, api: ApiBuilder, input: Record<string, unknown>): Promise<string> {
  const created = await f.apigw.send(new CreateAuthorizerCommand({ restApiId: api.id, name: 'a', type: 'TOKEN', authorizerUri: lambdaUri(f.authorizerArn), ...input } as any))
  return created.id!
}

/** A proxy method to the echo function behind an authorizer. */
export async function securedMethod(f: AuthorizerFixture, api: ApiBuilder, path: string, httpMethod: string, authorizerId: string): Promise<void> {
  const resourceId = await api.resource(path)
  await f.apigw.send(new PutMethodCommand({ restApiId: api.id, resourceId, httpMethod, authorizationType: 'CUSTOM', authorizerId }))
  await f.apigw.send(
    new PutIntegrationCommand({ restApiId: api.id, resourceId, httpMethod, type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: lambdaUri(f.echoArn) }),
  )
}

/** A MOCK integration answering 200 with `template` (rendered with `$context.authorizer.*`) on an existing method. */
export async function mockIntegration(f: AuthorizerFixture, key: { restApiId: string; resourceId: string; httpMethod: string }, template: string): Promise<void> {
  await f.apigw.send(new PutMethodResponseCommand({ ...key, statusCode: '200' }))
  await f.apigw.send(new PutIntegrationCommand({ ...key, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }))
  await f.apigw.send(new PutIntegrationResponseCommand({ ...key, statusCode: '200', responseTemplates: { 'application/json': template } }))
}

export const deploy = (f: AuthorizerFixture, api: ApiBuilder, stageName = 'prod') => f.apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName }))

export function caller(cloud: TestCloud, api: ApiBuilder) {
  return (path: string, headers: Record<string, string> = {}, method = 'GET') =>
    request(cloud.port, `/_aws/execute-api/${api.id}/prod${path}`, { method, headers })
}

/** How often the authorizer function ran for `token`, from the `AUTHZ-INVOKED` lines in its CloudWatch Logs. */
export async function countInvocations(f: AuthorizerFixture, functionName: string, token: string): Promise<number> {
  const out = await f.logs
    .send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${functionName}`, filterPattern: `"AUTHZ-INVOKED ${token}"` }))
    .catch(() => ({ events: [] }))
  return (out.events ?? []).filter((e) => e.message?.trim().endsWith(`AUTHZ-INVOKED ${token}`)).length
}

/**
 * Settle the function's logs: invoke it once more with a fresh `sentinel` token (through `call`) and wait until
 * that line is in CloudWatch Logs. Lines from earlier invocations were shipped before it.
 */
export async function settleLogs(f: AuthorizerFixture, functionName: string, sentinel: string, call: () => Promise<unknown>): Promise<void> {
  await call()
  for (let attempt = 0; attempt < 200; attempt++) {
    if ((await countInvocations(f, functionName, sentinel)) > 0) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`the sentinel ${sentinel} never reached the logs of ${functionName}`)
}
