/**
 * @module The local cloud: one node:http server on 127.0.0.1 that speaks the AWS wire protocols. Each request
 * goes through the edge (`edge/handler.ts`): checks on its headers before its body is read, the body within
 * its limits, then the service, which answers in its protocol; any failure becomes an AWS-shaped error —
 * never a hang or a crash.
 */
import http from 'node:http'
import path from 'node:path'
import { AwsError } from './core/aws-error.js'
import { DEFAULT_REGION, LOCAL_ACCOUNT_ID } from './core/arn.js'
import { requestId as newRequestId } from './core/ids.js'
import { makePrivate } from '../common/private-state.js'
import { sweepPartialWrites } from './core/atomic-file.js'
import { CloudStartError } from './core/start-error.js'
import { JsonStore } from './core/store.js'
import type { CloudContext, ResourceProvider, ServiceDef } from './core/types.js'
import { BodyBudget } from './edge/body.js'
import { handleRequest, handleUpgrade, type Edge } from './edge/handler.js'
import type { Route } from './edge/identify.js'
import { DEFAULT_EDGE_LIMITS, type EdgeLimits } from './edge/limits.js'
import { edgeSteps } from './edge/pipeline.js'
import { authenticateHeaders, authenticatePayload } from './edge/authenticate.js'
import { installAuthority } from './edge/install-auth.js'
import { sendOnSocket } from './edge/respond.js'
import { renderError } from './protocols/errors.js'
import { allServices } from './services/index.js'

export interface CloudOptions {
  port: number
  /** LAB_HOME/cloud */
  dataDir: string
  log?: (line: string) => void
  /** Log one line per request (foreground `lab cloud start`). */
  logRequests?: boolean
  /** Timeouts and size caps of the edge (tests use short ones); the rest keep `DEFAULT_EDGE_LIMITS`. */
  limits?: Partial<EdgeLimits>
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
  const byPathPrefix: { name: string; prefix: string; service: ServiceDef }[] = []
  const providers = new Map<string, ResourceProvider>()
  for (const service of services.values()) {
    for (const name of service.signingNames) {
      if (service.pathPrefixes) for (const prefix of service.pathPrefixes) byPathPrefix.push({ name, prefix, service })
      else bySigningName.set(name, service)
    }
    for (const prefix of service.targetPrefixes ?? []) targets.push([prefix, service])
    for (const [type, provider] of Object.entries(service.resourceProviders ?? {})) providers.set(type, provider)
  }

  // Before the port is taken: damaged credentials stop the start with a message, not a half-started cloud.
  const { authority, edgeAuth } = installAuthority(options.dataDir, LOCAL_ACCOUNT_ID, options.anyCredentials ?? process.env.LAB_CLOUD_ANY_CREDENTIALS === '1', log)
  const limits: EdgeLimits = { ...DEFAULT_EDGE_LIMITS, ...options.limits }
  const server = createServer(limits)
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
  // The state is the learner's alone (src/common/private-state.ts): repaired now, and kept so for every file and
  // folder the cloud writes from here on, whatever the umask it was started with.
  process.umask(0o077)
  const opened = makePrivate(options.dataDir)
  if (opened) log(`state: ${opened} files and folders in ${options.dataDir} were readable by other users; made private (0600/0700)`)
  const started: ServiceDef[] = []
  try {
    for (const service of services.values()) {
      await service.start?.(ctx)
      started.push(service)
    }
    // Only now is this cloud known to hold its data alone (DynamoDB's LOCK): sweep what a kill -9 left.
    const swept = sweepPartialWrites(options.dataDir)
    if (swept) log(`state: removed ${swept} partial files left by an interrupted write`)
    for (const service of started) await service.recover?.(ctx)
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
      case 'cognito-discovery':
      case 'cognito-preflight':
        return services.get('cognito-idp')
      case 'target':
        return targets.find(([prefix]) => route.target.startsWith(prefix))?.[1]
      case 'signed': {
        const { path } = route
        const prefixed = path === undefined ? undefined : byPathPrefix.find((p) => p.name === route.signingName && path.startsWith(p.prefix))
        return prefixed?.service ?? bySigningName.get(route.signingName)
      }
      default:
        return undefined
    }
  }

  // Hook points: authentication joins `beforeBody` (on the headers) and `afterBody` (the payload hash).
  const steps = edgeSteps({
    beforeBody: [(req, service) => authenticateHeaders(req, edgeAuth, service)],
    afterBody: [(req) => authenticatePayload(req)],
  })
  const edge: Edge = { ctx, serviceFor, services: [...services.values()], limits, budget: new BodyBudget(limits.maxBytesInFlight), steps, log, logRequests: options.logRequests ?? false }
  server.on('request', (raw, res) => void handleRequest(edge, raw, res))
  // `Expect: 100-continue` (the SDKs' large S3 uploads): the checks run before the client is told to send its body.
  server.on('checkContinue', (raw, res) => void handleRequest(edge, raw, res, true))
  server.on('upgrade', (raw, socket, head) => void handleUpgrade(edge, raw, socket, head))

  // Requests Node cannot even parse (huge headers, broken request lines) or that time out (slowloris headers, a
  // request slower than requestTimeoutMs) still get an AWS-shaped answer, unless an answer is already under way.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    const answering = (socket as { _httpMessage?: http.ServerResponse })._httpMessage?.headersSent
    if (err.code === 'ECONNRESET' || !socket.writable || answering) {
      socket.destroy()
      return
    }
    const [status, code] =
      err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'RequestHeaderFieldsTooLarge'] : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'RequestTimeout'] : [400, 'BadRequest']
    const message =
      err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? `The request did not arrive in time (headers within ${limits.headersTimeoutMs / 1000} s, the whole request within ${limits.requestTimeoutMs / 1000} s); the local cloud closed the connection.`
        : `The local cloud could not read this HTTP request: ${err.message}`
    sendOnSocket(socket, renderError(new AwsError(code, status, message), 'rest-json', newRequestId()))
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

/**
 * Node checks the header and request deadlines every `connectionsCheckingInterval` (30 s by default): often
 * enough here that a slow client is closed within a second of its deadline. Keep-alive stays for the SDKs.
 */
function createServer(limits: EdgeLimits): http.Server {
  const headersTimeout = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs)
  const server = http.createServer({
    headersTimeout,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4))),
    keepAliveTimeout: 65_000,
  })
  server.maxConnections = limits.maxConnections
  return server
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new PortInUseError(port) : err))
    server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port))
  })
}
