/** Helpers for the API Gateway data-plane tests: build REST APIs with the SDK, call them over loopback. */
import {
  APIGatewayClient,
  CreateResourceCommand,
  CreateRestApiCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway'
import http from 'node:http'

export interface Reply {
  status: number
  headers: http.IncomingHttpHeaders
  text: string
  json(): any
}

export class ApiBuilder {
  resources = new Map<string, string>()
  constructor(
    readonly client: APIGatewayClient,
    readonly id: string,
    rootId: string,
  ) {
    this.resources.set('/', rootId)
  }

  static async create(client: APIGatewayClient, name: string, extra: Record<string, unknown> = {}): Promise<ApiBuilder> {
    const api = await client.send(new CreateRestApiCommand({ name, ...extra }))
    return new ApiBuilder(client, api.id!, api.rootResourceId!)
  }

  /** Create `/a/{b}/c` part by part; returns the last resource id. */
  async resource(path: string): Promise<string> {
    let current = '/'
    for (const part of path.split('/').filter(Boolean)) {
      const next = current === '/' ? `/${part}` : `${current}/${part}`
      if (!this.resources.has(next)) {
        const created = await this.client.send(new CreateResourceCommand({ restApiId: this.id, parentId: this.resources.get(current)!, pathPart: part }))
        this.resources.set(next, created.id!)
      }
      current = next
    }
    return this.resources.get(current)!
  }

  async lambdaProxy(path: string, httpMethod: string, functionArn: string, extra: Record<string, unknown> = {}): Promise<void> {
    const resourceId = await this.resource(path)
    await this.client.send(new PutMethodCommand({ restApiId: this.id, resourceId, httpMethod, authorizationType: 'NONE' }))
    await this.client.send(
      new PutIntegrationCommand({
        restApiId: this.id,
        resourceId,
        httpMethod,
        type: 'AWS_PROXY',
        integrationHttpMethod: 'POST',
        uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${functionArn}/invocations`,
        ...extra,
      }),
    )
  }

  /** A MOCK method returning `statusCode` with a JSON body and literal headers. */
  async mock(path: string, httpMethod: string, body: string, headers: Record<string, string> = {}, statusCode = '200'): Promise<void> {
    const resourceId = await this.resource(path)
    const key = { restApiId: this.id, resourceId, httpMethod }
    await this.client.send(new PutMethodCommand({ ...key, authorizationType: 'NONE' }))
    await this.client.send(
      new PutMethodResponseCommand({
        ...key,
        statusCode,
        responseParameters: Object.fromEntries(Object.keys(headers).map((h) => [`method.response.header.${h}`, false])),
      }),
    )
    await this.client.send(new PutIntegrationCommand({ ...key, type: 'MOCK', requestTemplates: { 'application/json': `{"statusCode": ${statusCode}}` } }))
    await this.client.send(
      new PutIntegrationResponseCommand({
        ...key,
        statusCode,
        responseParameters: Object.fromEntries(Object.entries(headers).map(([h, v]) => [`method.response.header.${h}`, `'${v}'`])),
        responseTemplates: { 'application/json': body },
      }),
    )
  }
}

/** Call `http://127.0.0.1:PORT{path}` with any Host header (Node can't resolve *.localhost). */
export function request(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) })
      })
    })
    req.on('error', reject)
    if (options.body) req.write(options.body)
    req.end()
  })
}
