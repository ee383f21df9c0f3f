/** @module The contracts between the edge, the services and the CloudFormation engine. */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { JsonStore } from './store.js'
import type { Route } from '../edge/identify.js'
import type { CallerIdentity, SigningSecret } from '../edge/sigv4.js'
import type { PresignOptions } from '../edge/sigv4-presign.js'
import type { TemporaryCredentials } from '../services/sts/sessions.js'

/** One HTTP request as the edge hands it to a service (body fully read). */
export interface CloudRequest {
  method: string
  /** Path without the query string, still percent-encoded (S3 keys need the raw form). */
  rawPath: string
  /** Decoded path. */
  path: string
  query: URLSearchParams
  /** Header names lower-cased; repeated headers joined with `, `. */
  headers: Record<string, string>
  body: Buffer
  /** Host header without the port, lower-cased. */
  host: string
  /** Region from the SigV4 credential scope, else the default region. */
  region: string
  requestId: string
  sourceIp: string
  /** How the edge routed it: execute-api and S3 website/virtual-host requests carry their ids here. */
  route: Route
  raw: IncomingMessage
  /** The API operation, once the service has told which it is (`CreateStack`): the request log shows it. */
  operation?: string
  /** Who signed the request, once the edge has verified it; absent for unsigned (anonymous) requests. */
  identity?: CallerIdentity
}

export interface CloudResponse {
  status: number
  headers?: Record<string, string | string[]>
  body?: string | Buffer
  /** When the answer is an AWS error: its code (`ValidationError`), for the request log. Not sent. */
  errorCode?: string
}

export type Protocol = 'query' | 'rest-xml' | 'json' | 'rest-json' | 'execute-api'

/** An operation of a service's public API: AWS's own input/output shapes (as in SDK v3 commands). */
export type ApiOperation = (input: any, ctx: CloudContext) => Promise<any>

export interface ServiceDef {
  /** Service key used by `ctx.call` and in state file names, e.g. `s3`, `cloudformation`. */
  name: string
  /** SigV4 signing names that route to this service, e.g. `['s3']`. */
  signingNames: string[]
  /**
   * When set, requests signed for one of `signingNames` come here only if their path starts with one of these (API
   * Gateway v2's `/v2/` under the signing name `apigateway`); the service without prefixes takes the rest.
   */
  pathPrefixes?: string[]
  /** `X-Amz-Target` prefixes that route here, e.g. `DynamoDB_20120810`. */
  targetPrefixes?: string[]
  /** The protocol whose error shape the edge uses when `handle` throws an `AwsError`. */
  protocol: Protocol
  /** Wire protocol entry point. */
  handle(req: CloudRequest, ctx: CloudContext): Promise<CloudResponse>
  /** Operations other services (and CloudFormation providers) may call through `ctx.call`. */
  api: Record<string, ApiOperation>
  /** CloudFormation resource providers this service owns, keyed by type (`AWS::S3::Bucket`). */
  resourceProviders?: Record<string, ResourceProvider>
  /** Called once when the cloud starts (load state, start helpers). */
  start?(ctx: CloudContext): Promise<void>
  /**
   * Called once every service has started (so this cloud holds its data alone, and other services answer):
   * clean up what a `kill -9` left half done.
   */
  recover?(ctx: CloudContext): Promise<void>
  /** Called when the cloud stops (flush, kill child processes). */
  stop?(): Promise<void>
  /** WebSocket upgrades (later issues). Return true if handled. */
  upgrade?(req: IncomingMessage, socket: Duplex, head: Buffer, ctx: CloudContext): boolean
}

export interface CloudContext {
  accountId: string
  defaultRegion: string
  port: number
  /** `http://localhost:PORT`: what SDK clients (and Lambda sandboxes via AWS_ENDPOINT_URL) use. */
  endpoint: string
  /** LAB_HOME/cloud: each service keeps its files under `dataDir/<service>`. */
  dataDir: string
  /** Call another service's public API in-process (never reach into its model). */
  call<T = any>(service: string, operation: string, input?: any): Promise<T>
  /** A service's JSON store under dataDir. */
  store<T>(service: string, name: string, initial: () => T): JsonStore<T>
  /** The CloudFormation provider for a resource type, if any service registers one. */
  resourceProvider(type: string): ResourceProvider | undefined
  /** The keys this cloud accepts, and temporary credentials for roles (functions' execution roles). */
  credentials: CloudCredentials
  log(message: string): void
}

/** The install's key and STS's temporary keys (src/cloud/services/sts/sessions.ts). */
export interface CloudCredentials {
  lookup(accessKeyId: string): SigningSecret | undefined
  issueRoleCredentials(roleArn: string, sessionName: string, seconds: number, now?: number, roleId?: string): TemporaryCredentials
  /** Another owner of access keys (IAM's users) makes them known to the edge. */
  addKeySource(source: (accessKeyId: string) => SigningSecret | undefined): void
  /** The second local account's id (cross-account cases), if any. */
  readonly secondAccountId?: string
  /** A presigned URL for `url`, signed with the install's key (the cloud's own URLs, e.g. a custom resource's ResponseURL). */
  presignUrl(url: string, opts: PresignOptions): string
}

/** What a provider's create/update returns: the physical id (`!Ref`) and the `!GetAtt` attributes. */
export interface ProviderResult {
  physicalId: string
  attributes?: Record<string, unknown>
}

export interface ResourceContext {
  logicalId: string
  stackName: string
  stackId: string
  region: string
  accountId: string
  /** Stack tags plus aws:cloudformation:{stack-name,stack-id,logical-id}, to apply where the type supports tags. */
  tags: { Key: string; Value: string }[]
  /** Calls the stack's resources need, judged as whoever the operation acts as (its caller or service role). */
  call: CloudContext['call']
  /** The cloud's own plumbing around a resource (a custom resource's response bucket), with the account's rights. */
  internal: CloudContext['call']
  endpoint: string
}

/**
 * A thin CloudFormation adapter over one service's api (LocalStack's resource providers).
 * Properties not in `properties` fail the resource with a reason naming them — never skipped silently.
 */
export interface ResourceProvider<P = any> {
  /** Every property this provider honours. */
  properties: string[]
  /** Properties CloudFormation needs (a missing one fails the resource like AWS's validation). */
  required?: string[]
  /** Properties whose change replaces the resource (create new, then delete old). */
  createOnly?: string[]
  create(props: P, rc: ResourceContext): Promise<ProviderResult>
  /** Absent: every change replaces. Must keep `physicalId` unless it replaces. */
  update?(physicalId: string, props: P, previous: P, rc: ResourceContext): Promise<ProviderResult>
  delete(physicalId: string, props: P, rc: ResourceContext): Promise<void>
}
