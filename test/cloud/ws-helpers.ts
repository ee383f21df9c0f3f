/**
 * Helpers for the WebSocket data plane tests: real `ws` clients against a real cloud, functions in real sandboxes,
 * and WebSocket APIs created and deployed through the `apigatewayv2` control plane.
 */
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda'
import WebSocket from 'ws'
import {
  ApiGatewayV2Client,
  CreateApiCommand,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateIntegrationCommand,
  CreateIntegrationResponseCommand,
  CreateRouteCommand,
  CreateRouteResponseCommand,
  CreateStageCommand,
} from '@aws-sdk/client-apigatewayv2'
import { CreateRoleCommand, GetRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam'
import { zip } from '../fixtures/lambda/zip.js'
import type { TestCloud } from '../helpers/cloud.js'

export const ACCOUNT = '000000000000'

type RouteOptions = { twoWay?: boolean; auth?: 'NONE' | 'AWS_IAM' | 'CUSTOM'; authorizer?: string; timeoutInMillis?: number }

/** API names of a test file → the ids the control plane gave them. */
const apiIds = new Map<string, string>()
export const apiIdOf = (name: string): string => apiIds.get(name) ?? name

/**
 * A WebSocket API, built route by route, then created and deployed through the real control plane
 * (`@aws-sdk/client-apigatewayv2`), as a learner's stack would be.
 */
export class WsApiSpec {
  private readonly steps: ((client: ApiGatewayV2Client, apiId: string, ids: Map<string, string>) => Promise<void>)[] = []
  private next = 1

  constructor(
    readonly name: string,
    private readonly routeSelectionExpression = '$request.body.action',
    private readonly stage = 'prod',
  ) {}

  /** A REQUEST Lambda authorizer, named for `authorizer` in route options. */
  authorizer(name: string, functionArn: string, identitySource: string[]): this {
    this.steps.push(async (client, ApiId, ids) => {
      const created = await client.send(
        new CreateAuthorizerCommand({ ApiId, Name: name, AuthorizerType: 'REQUEST', IdentitySource: identitySource, AuthorizerUri: invocationUri(functionArn) }),
      )
      ids.set(`authorizer:${name}`, created.AuthorizerId!)
    })
    return this
  }

  /** A route to a Lambda proxy integration; `twoWay` adds the `$default` route response. */
  lambda(routeKey: string, functionArn: string, opts: RouteOptions = {}): this {
    const key = `integration:${this.next++}`
    this.steps.push(async (client, ApiId, ids) => {
      const created = await client.send(
        new CreateIntegrationCommand({ ApiId, IntegrationType: 'AWS_PROXY', IntegrationUri: invocationUri(functionArn), TimeoutInMillis: opts.timeoutInMillis }),
      )
      ids.set(key, created.IntegrationId!)
    })
    return this.route(routeKey, key, opts)
  }

  /** A MOCK route: the request template decides the status; a `$default` integration response template the reply. */
  mock(routeKey: string, requestTemplate: string, responseTemplate?: string, opts: RouteOptions = {}): this {
    const key = `integration:${this.next++}`
    this.steps.push(async (client, ApiId, ids) => {
      const created = await client.send(
        new CreateIntegrationCommand({ ApiId, IntegrationType: 'MOCK', TemplateSelectionExpression: '\\$default', RequestTemplates: { $default: requestTemplate } }),
      )
      ids.set(key, created.IntegrationId!)
      if (responseTemplate !== undefined) {
        await client.send(
          new CreateIntegrationResponseCommand({
            ApiId,
            IntegrationId: created.IntegrationId!,
            IntegrationResponseKey: '$default',
            TemplateSelectionExpression: '\\$default',
            ResponseTemplates: { $default: responseTemplate },
          }),
        )
      }
    })
    return this.route(routeKey, key, opts)
  }

  private route(routeKey: string, integrationKey: string, opts: RouteOptions): this {
    this.steps.push(async (client, ApiId, ids) => {
      const route = await client.send(
        new CreateRouteCommand({
          ApiId,
          RouteKey: routeKey,
          Target: `integrations/${ids.get(integrationKey)}`,
          AuthorizationType: opts.auth ?? 'NONE',
          AuthorizerId: opts.authorizer ? ids.get(`authorizer:${opts.authorizer}`) : undefined,
          RouteResponseSelectionExpression: opts.twoWay ? '$default' : undefined,
        }),
      )
      if (opts.twoWay) await client.send(new CreateRouteResponseCommand({ ApiId, RouteId: route.RouteId!, RouteResponseKey: '$default' }))
    })
    return this
  }

  /** Create, deploy to the stage, and remember the id under this spec's name. */
  async deploy(cloud: TestCloud): Promise<string> {
    const client = new ApiGatewayV2Client(cloud.sdk)
    const api = await client.send(new CreateApiCommand({ Name: this.name, ProtocolType: 'WEBSOCKET', RouteSelectionExpression: this.routeSelectionExpression }))
    const ids = new Map<string, string>()
    for (const step of this.steps) await step(client, api.ApiId!, ids)
    await client.send(new CreateStageCommand({ ApiId: api.ApiId!, StageName: this.stage }))
    await client.send(new CreateDeploymentCommand({ ApiId: api.ApiId!, StageName: this.stage }))
    apiIds.set(this.name, api.ApiId!)
    return api.ApiId!
  }
}

const invocationUri = (functionArn: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${functionArn}/invocations`

/**
 * The execution role the test functions run with, as a learner's stack would give them: `execute-api:ManageConnections`
 * on every API's `@connections`, and DynamoDB.
 */
async function functionRole(cloud: TestCloud): Promise<string> {
  const iam = new IAMClient(cloud.sdk)
  const RoleName = 'ws-test-function-role'
  const existing = await iam.send(new GetRoleCommand({ RoleName })).catch(() => undefined)
  if (existing?.Role?.Arn) return existing.Role.Arn
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }
  const role = await iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: JSON.stringify(trust) }))
  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'execute-api:ManageConnections', Resource: 'arn:aws:execute-api:*:*:*/*/*/@connections/*' },
      { Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' },
    ],
  }
  await iam.send(new PutRolePolicyCommand({ RoleName, PolicyName: 'chat', PolicyDocument: JSON.stringify(policy) }))
  return role.Role!.Arn!
}

export async function createFunction(cloud: TestCloud, name: string, source: string, env: Record<string, string> = {}, file = 'index.mjs', runtime = 'nodejs22.x'): Promise<string> {
  const lambda = new LambdaClient(cloud.sdk)
  const fn = await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: runtime as never,
      Role: await functionRole(cloud),
      Handler: `${file.replace(/\.[a-z]+$/, '')}.handler`,
      Timeout: 10,
      Environment: { Variables: env },
      Code: { ZipFile: zip({ [file]: source }) },
    }),
  )
  await lambda.send(new AddPermissionCommand({ FunctionName: name, StatementId: 'apigw', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' }))
  return fn.FunctionArn!
}

export interface Client {
  ws: WebSocket
  /** Text frames received so far. */
  received: string[]
  /** The next text frame (waits for it). */
  next(): Promise<string>
  closed: Promise<{ code: number; reason: string }>
}

/** Open a socket; resolves once open, rejects with the handshake's status if refused. */
export function connect(url: string, options: WebSocket.ClientOptions = {}, protocols?: string[]): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { handshakeTimeout: 20_000, ...options })
    const received: string[] = []
    const waiters: { resolve: (m: string) => void; reject: (e: Error) => void }[] = []
    let read = 0
    ws.on('message', (data) => {
      received.push(data.toString('utf8'))
      const waiter = waiters.shift()
      if (waiter) waiter.resolve(received[read++])
    })
    const closed = new Promise<{ code: number; reason: string }>((done) =>
      ws.on('close', (code, reason) => {
        done({ code, reason: reason.toString('utf8') })
        // Whoever still waits for a frame learns that none will come.
        for (const waiter of waiters.splice(0)) waiter.reject(new Error(`closed ${code} ${reason.toString('utf8')} before the next frame`))
      }),
    )
    ws.on('unexpected-response', (_req, res) => reject(Object.assign(new Error(`refused ${res.statusCode}`), { status: res.statusCode })))
    ws.on('error', reject)
    ws.on('open', () =>
      resolve({
        ws,
        received,
        closed,
        next: () =>
          read < received.length
            ? Promise.resolve(received[read++])
            : ws.readyState === ws.CLOSED
              ? Promise.reject(new Error('closed'))
              : new Promise((resolve, reject) => waiters.push({ resolve, reject })),
      }),
    )
  })
}

export const wsUrl = (cloud: TestCloud, api: string, stage = 'prod', query = '') => `ws://127.0.0.1:${cloud.port}/_aws/execute-api/${apiIdOf(api)}/${stage}${query}`
export const hostUrl = (cloud: TestCloud, api: string, stage = 'prod') => `ws://${apiIdOf(api)}.execute-api.localhost:${cloud.port}/${stage}`

/** Resolve every name to loopback (Node does not resolve `*.localhost` itself). */
export const loopbackLookup = (_host: string, opts: unknown, cb: (...args: unknown[]) => void) =>
  (opts as { all?: boolean })?.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4)
