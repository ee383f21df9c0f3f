/**
 * @module The local cloud: one node:http server on 127.0.0.1 that speaks the AWS wire protocols.
 * The edge identifies the service, the service answers in its protocol, and any failure becomes an
 * AWS-shaped error — never a hang or a crash.
 */
import http from 'node:http'
import path from 'node:path'
import { AwsError } from './core/aws-error.js'
import { DEFAULT_REGION, LOCAL_ACCOUNT_ID } from './core/arn.js'
import { requestId as newRequestId } from './core/ids.js'
import { CloudStartError } from './core/start-error.js'
import { JsonStore } from './core/store.js'
import type { CloudContext, CloudRequest, CloudResponse, ResourceProvider, ServiceDef } from './core/types.js'
import { refusal } from './edge/foreign-callers.js'
import { authenticateHeaders, authenticatePayload } from './edge/authenticate.js'
import { installAuthority } from './edge/install-auth.js'
import { carriesSignature } from './edge/sigv4.js'
import { missingAuthentication } from './edge/sigv4-errors.js'
import { credentialScope, identify, type Route } from './edge/identify.js'
import { requestLogLine } from './edge/request-log.js'
import { asAwsError, renderError } from './protocols/errors.js'
import { allServices } from './services/index.js'

const MAX_BODY_BYTES = 64 * 1024 * 1024
const EMPTY_BODY = Buffer.alloc(0)

export interface CloudOptions {
  port: number
  /** LAB_HOME/cloud */
  dataDir: string
  log?: (line: string) => void
  /** Log one line per request (foreground `lab cloud start`). */
  logRequests?: boolean
  /** Accept any well-formed signature (default: `LAB_CLOUD_ANY_CREDENTIALS=1`). */
  anyCredentials?: boolean
}

export interface RunningCloud {
  port: number
  endpoint: string
  close(): Promise<void>
}

export { CloudStartError }

/** Thrown when the port is taken: the CLI turns it into a clear message. */
export class PortInUseError extends CloudStartError {
  constructor(readonly port: number) {
    super(`Port ${port} on 127.0.0.1 is already in use. Stop whatever uses it, or pick another port with LAB_CLOUD_PORT=<port>.`)
  }
}

export async function startCloud(options: CloudOptions): Promise<RunningCloud> {
  const log = options.log ?? (() => {})
  const services = new Map<string, ServiceDef>()
  for (const service of allServices()) services.set(service.name, service)
  const bySigningName = new Map<string, ServiceDef>()
  const targets: [string, ServiceDef][] = []
  const providers = new Map<string, ResourceProvider>()
  for (const service of services.values()) {
    for (const name of service.signingNames) bySigningName.set(name, service)
    for (const prefix of service.targetPrefixes ?? []) targets.push([prefix, service])
    for (const [type, provider] of Object.entries(service.resourceProviders ?? {})) providers.set(type, provider)
  }

  // Before the port is taken: damaged credentials stop the start with a message, not a half-started cloud.
  const { authority, edgeAuth } = installAuthority(options.dataDir, LOCAL_ACCOUNT_ID, options.anyCredentials ?? process.env.LAB_CLOUD_ANY_CREDENTIALS === '1', log)
  const server = http.createServer()
  server.keepAliveTimeout = 65_000
  const port = await listen(server, options.port)

  const ctx: CloudContext = {
    accountId: LOCAL_ACCOUNT_ID,
    defaultRegion: DEFAULT_REGION,
    port,
    endpoint: `http://localhost:${port}`,
    dataDir: options.dataDir,
    async call(serviceName, operation, input = {}) {
      const op = services.get(serviceName)?.api[operation]
      if (!op) throw new AwsError('InvalidAction', 400, `The local cloud has no operation ${serviceName}:${operation}`)
      return op(input, ctx)
    },
    store: (service, name, initial) => new JsonStore(path.join(options.dataDir, service), name, initial),
    resourceProvider: (type) => providers.get(type),
    credentials: authority,
    log,
  }

  // A service that cannot start (e.g. its data is held by another running cloud) fails the whole start,
  // and what already started is stopped again, so no half-started cloud keeps the port.
  const started: ServiceDef[] = []
  try {
    for (const service of services.values()) {
      await service.start?.(ctx)
      started.push(service)
    }
  } catch (err) {
    for (const service of started.reverse()) await service.stop?.().catch(() => {})
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
    throw err
  }

  function serviceFor(route: Route): ServiceDef | undefined {
    switch (route.kind) {
      case 'execute-api':
        return services.get('apigateway')
      case 's3-website':
      case 's3-virtual-host':
        return services.get('s3')
      case 'target':
        return targets.find(([prefix]) => route.target.startsWith(prefix))?.[1]
      case 'signed':
        return bySigningName.get(route.signingName)
      default:
        return undefined
    }
  }

  server.on('request', (raw, res) => {
    const started = Date.now()
    // A request without Content-Length or Transfer-Encoding has no body (RFC 9112 §6.3): answer without
    // waiting for the stream's end.
    const hasBody = raw.headers['content-length'] !== undefined || raw.headers['transfer-encoding'] !== undefined
    ;(hasBody ? readBody(raw) : Promise.resolve(EMPTY_BODY))
      .then(async (body) => {
        const req = toCloudRequest(raw, body)
        const service = serviceFor(req.route)
        let response: CloudResponse
        try {
          const refused = refusal(req)
          if (refused) {
            // Say why in the cloud's log too: a learner's own page on an unexpected host would otherwise just see a 403.
            log(`refused ${req.method} ${req.host}${req.rawPath}: ${refused.message}`)
            throw refused
          }
          const unauthenticated = authenticateHeaders(req, edgeAuth, service) ?? authenticatePayload(req)
          if (unauthenticated) throw unauthenticated
          response = service ? await service.handle(req, ctx) : unrouted(req, ctx)
        } catch (err) {
          const protocol = req.route.kind === 'execute-api' ? 'execute-api' : service?.protocol ?? 'rest-json'
          const awsError = asAwsError(err)
          if (awsError.status >= 500 && !(err instanceof AwsError)) log(`error in ${service?.name}: ${(err as Error)?.stack ?? err}`)
          response = renderError(awsError, protocol, req.requestId, service?.name)
        }
        send(res, response)
        if (options.logRequests) log(requestLogLine(req, response, service?.name, Date.now() - started))
      })
      .catch((err) => {
        const tooLarge = err instanceof AwsError
        send(res, renderError(tooLarge ? err : asAwsError(err), 'rest-json', newRequestId()))
      })
  })

  // Requests Node cannot even parse (huge headers, broken request lines) still get an AWS-shaped answer.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy()
      return
    }
    const [status, code] =
      err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'RequestHeaderFieldsTooLarge'] : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'RequestTimeout'] : [400, 'BadRequest']
    const reply = renderError(new AwsError(code, status, `The local cloud could not read this HTTP request: ${err.message}`), 'rest-json', newRequestId())
    const body = String(reply.body ?? '')
    const head = Object.entries(reply.headers ?? {}).map(([k, v]) => `${k}: ${v}\r\n`).join('')
    socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n${head}content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`)
  })

  server.on('upgrade', (raw, socket, head) => {
    for (const service of services.values()) if (service.upgrade?.(raw, socket, head, ctx)) return
    socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n')
  })

  return {
    port,
    endpoint: ctx.endpoint,
    async close() {
      for (const service of services.values()) await service.stop?.().catch(() => {})
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new PortInUseError(port) : err))
    server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port))
  })
}

function readBody(raw: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = []
    let size = 0
    raw.on('data', (chunk: Buffer) => {
      size += chunk.length
      // Over the limit: keep reading (and dropping) so the client, still sending, gets a 413 rather than
      // a reset connection.
      if (size > MAX_BODY_BYTES) chunks = []
      else chunks.push(chunk)
    })
    raw.on('end', () => {
      if (size > MAX_BODY_BYTES) reject(new AwsError('RequestEntityTooLarge', 413, 'Request body is too large for the local cloud'))
      else resolve(Buffer.concat(chunks))
    })
    raw.on('error', reject)
  })
}

function toCloudRequest(raw: http.IncomingMessage, body: Buffer): CloudRequest {
  const url = raw.url ?? '/'
  const q = url.indexOf('?')
  const rawPath = q === -1 ? url : url.slice(0, q)
  // Node joins repeated headers with ", " already; only set-cookie stays an array.
  const headers: Record<string, string> = {}
  const incoming = raw.headers
  for (const name in incoming) {
    const value = incoming[name]
    if (value !== undefined) headers[name] = typeof value === 'string' ? value : value.join(', ')
  }
  const host = headers['host']
  const req: CloudRequest = {
    method: raw.method ?? 'GET',
    rawPath,
    path: rawPath.includes('%') ? safeDecode(rawPath) : rawPath,
    query: new URLSearchParams(q === -1 ? '' : url.slice(q + 1)),
    headers,
    body,
    host: host ? (host.includes(':') ? host.replace(/:\d+$/, '') : host).toLowerCase() : 'localhost',
    requestId: newRequestId(),
    sourceIp: raw.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
    raw,
    region: DEFAULT_REGION,
    route: { kind: 'unknown' },
  }
  const scope = credentialScope(req)
  if (scope) req.region = scope.region
  req.route = identify(req)
  return req
}

function safeDecode(rawPath: string): string {
  try {
    return decodeURIComponent(rawPath)
  } catch {
    return rawPath // keep the raw form: a malformed escape is the service's to reject
  }
}

function unrouted(req: CloudRequest, ctx: CloudContext): CloudResponse {
  if (req.rawPath === '/_lab/health') {
    return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'apigw-labs local cloud', pid: process.pid, dataDir: ctx.dataDir }) }
  }
  // Unsigned, for no service the edge can tell: AWS's endpoints answer that the signature is missing.
  if (!carriesSignature(req)) return renderError(missingAuthentication(isQueryForm(req) ? 'query' : 'rest-json'), isQueryForm(req) ? 'query' : 'rest-json', req.requestId)
  // Signed for a service the local cloud does not have: say so, rather than suggest signing it.
  const scope = credentialScope(req)
  const target = req.headers['x-amz-target']
  const message = scope
    ? `The local cloud does not implement the AWS service "${scope.service}"${target ? ` (X-Amz-Target ${target})` : ''}.`
    : target
      ? `The local cloud does not implement the AWS service for X-Amz-Target ${target}.`
      : 'The local cloud could not tell which AWS service this request is for. Sign it with SigV4 ' +
        '(the service is read from the credential scope), or use a service host such as {apiId}.execute-api.localhost.'
  if (isQueryForm(req)) {
    return renderError(new AwsError('InvalidAction', 400, message), 'query', req.requestId)
  }
  return renderError(new AwsError('UnknownOperationException', 400, message), 'rest-json', req.requestId)
}

const isQueryForm = (req: CloudRequest) => (req.headers['content-type'] ?? '').includes('x-www-form-urlencoded')

function send(res: http.ServerResponse, response: CloudResponse): void {
  if (res.headersSent) return
  const body = response.body ?? ''
  const headers = response.headers ?? {}
  let hasLength = false
  for (const name in headers) if (name.toLowerCase() === 'content-length') hasLength = true
  res.writeHead(response.status, hasLength ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) })
  res.end(body)
}
