/**
 * Helpers for the WebSocket data plane tests: real `ws` clients against a real cloud, functions in real sandboxes,
 * and deployed WebSocket APIs given to the data plane as `apigatewayv2._deployedStage` snapshots.
 */
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda'
import WebSocket from 'ws'
import type { DeployedWebSocketApi } from '../../src/cloud/services/apigatewayv2/ws/snapshot.js'
import { ROLE, zip } from '../fixtures/lambda/zip.js'
import type { TestCloud } from '../helpers/cloud.js'

export const ACCOUNT = '000000000000'

type RouteOptions = { twoWay?: boolean; auth?: string; authorizerId?: string }

/** A WebSocket API's deployed stage as the control plane's `_deployedStage` answers, built route by route. */
export class WsApiSpec {
  readonly api: DeployedWebSocketApi
  private next = 1

  constructor(apiId: string, routeSelectionExpression = '$request.body.action', stage = 'prod') {
    this.api = {
      apiId,
      accountId: ACCOUNT,
      region: 'us-east-1',
      protocolType: 'WEBSOCKET',
      stageName: stage,
      deploymentId: 'dep1',
      routeSelectionExpression,
      disableExecuteApiEndpoint: false,
      routes: {},
      integrations: {},
      authorizers: {},
      stageVariables: {},
      defaultRouteSettings: {},
    }
  }

  /** A route to a Lambda proxy integration; `twoWay` adds the `$default` route response. */
  lambda(routeKey: string, functionArn: string, opts: RouteOptions = {}): this {
    const id = String(this.next++)
    this.api.integrations[id] = {
      integrationId: id,
      integrationType: 'AWS_PROXY',
      integrationUri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${functionArn}/invocations`,
      lambdaFunctionArn: functionArn,
      timeoutInMillis: 29000,
      integrationResponses: {},
    }
    return this.route(routeKey, id, opts)
  }

  /** A MOCK route: the request template decides the status; a `$default` integration response template the reply. */
  mock(routeKey: string, requestTemplate: string, responseTemplate?: string, opts: RouteOptions = {}): this {
    const id = String(this.next++)
    this.api.integrations[id] = {
      integrationId: id,
      integrationType: 'MOCK',
      timeoutInMillis: 29000,
      templateSelectionExpression: '\\$default',
      requestTemplates: { $default: requestTemplate },
      integrationResponses: responseTemplate === undefined ? {} : { $default: { integrationResponseKey: '$default', templateSelectionExpression: '\\$default', responseTemplates: { $default: responseTemplate } } },
    }
    return this.route(routeKey, id, opts)
  }

  private route(routeKey: string, integrationId: string, opts: RouteOptions): this {
    this.api.routes[routeKey] = {
      routeId: `r${integrationId}`,
      routeKey,
      integrationId,
      authorizationType: opts.auth ?? 'NONE',
      authorizerId: opts.authorizerId,
      routeResponses: opts.twoWay ? { $default: { routeResponseKey: '$default' } } : {},
    }
    return this
  }
}

export async function createFunction(cloud: TestCloud, name: string, source: string, env: Record<string, string> = {}, file = 'index.mjs', runtime = 'nodejs22.x'): Promise<string> {
  const lambda = new LambdaClient(cloud.sdk)
  const fn = await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: runtime as never,
      Role: ROLE,
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
    const waiters: ((m: string) => void)[] = []
    let read = 0
    ws.on('message', (data) => {
      received.push(data.toString('utf8'))
      const waiter = waiters.shift()
      if (waiter) waiter(received[read++])
    })
    const closed = new Promise<{ code: number; reason: string }>((done) => ws.on('close', (code, reason) => done({ code, reason: reason.toString('utf8') })))
    ws.on('unexpected-response', (_req, res) => reject(Object.assign(new Error(`refused ${res.statusCode}`), { status: res.statusCode })))
    ws.on('error', reject)
    ws.on('open', () =>
      resolve({
        ws,
        received,
        closed,
        next: () => (read < received.length ? Promise.resolve(received[read++]) : new Promise((r) => waiters.push(r))),
      }),
    )
  })
}

export const wsUrl = (cloud: TestCloud, apiId: string, stage = 'prod', query = '') => `ws://127.0.0.1:${cloud.port}/_aws/execute-api/${apiId}/${stage}${query}`
export const hostUrl = (cloud: TestCloud, apiId: string, stage = 'prod') => `ws://${apiId}.execute-api.localhost:${cloud.port}/${stage}`

/** Resolve every name to loopback (Node does not resolve `*.localhost` itself). */
export const loopbackLookup = (_host: string, opts: unknown, cb: (...args: unknown[]) => void) =>
  (opts as { all?: boolean })?.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4)
