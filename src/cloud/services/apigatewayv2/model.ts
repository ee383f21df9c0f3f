/**
 * @module API Gateway v2 state: APIs of one protocol type (WEBSOCKET today; HTTP later uses the same records) with
 * their routes, integrations, authorizers, frozen deployments and stages. No HTTP and no wire shapes here: member
 * names are the REST-JSON API's own (camelCase, as in the API reference's `/v2/apis` pages).
 * @see https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis.html
 */
import { AwsError } from '../../core/aws-error.js'
import { ownValue } from '../../core/safe-names.js'
import type { JsonStore } from '../../core/store.js'

export type ProtocolType = 'WEBSOCKET' | 'HTTP'
export type AuthorizationType = 'NONE' | 'AWS_IAM' | 'CUSTOM' | 'JWT'
export type IntegrationType = 'AWS_PROXY' | 'MOCK' | 'AWS' | 'HTTP' | 'HTTP_PROXY'

/** A WebSocket route's response (only the key `$default` exists on AWS). */
export interface RouteResponseRecord {
  routeResponseId: string
  routeResponseKey: string
  modelSelectionExpression?: string
}

/** A route: WebSocket keys (`$connect`, `$disconnect`, `$default`, `sendmessage`) or, later, HTTP keys (`GET /items`). */
export interface RouteRecord {
  routeId: string
  routeKey: string
  /** `integrations/{integrationId}`, as AWS stores it. */
  target?: string
  authorizationType: AuthorizationType
  authorizerId?: string
  authorizationScopes?: string[]
  apiKeyRequired: boolean
  operationName?: string
  routeResponseSelectionExpression?: string
  routeResponses: Record<string, RouteResponseRecord>
}

/** An integration response of a non-proxy WebSocket integration (keys `$default` or `/regex/` on the status). */
export interface IntegrationResponseRecord {
  integrationResponseId: string
  integrationResponseKey: string
  contentHandlingStrategy?: 'CONVERT_TO_BINARY' | 'CONVERT_TO_TEXT'
  responseParameters?: Record<string, string>
  responseTemplates?: Record<string, string>
  templateSelectionExpression?: string
}

export interface IntegrationRecord {
  integrationId: string
  integrationType: IntegrationType
  /** Lambda: `arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{fnArn}/invocations` or the function ARN. */
  integrationUri?: string
  integrationMethod?: string
  connectionType: 'INTERNET'
  contentHandlingStrategy?: 'CONVERT_TO_BINARY' | 'CONVERT_TO_TEXT'
  credentialsArn?: string
  description?: string
  passthroughBehavior?: 'WHEN_NO_MATCH' | 'NEVER' | 'WHEN_NO_TEMPLATES'
  /** WebSocket: always `1.0`. */
  payloadFormatVersion: string
  requestParameters?: Record<string, string>
  requestTemplates?: Record<string, string>
  templateSelectionExpression?: string
  /** 50–29000 for WebSocket APIs. */
  timeoutInMillis: number
  integrationResponseSelectionExpression?: string
  integrationResponses: Record<string, IntegrationResponseRecord>
}

/** A Lambda authorizer (`REQUEST`; `JWT` is HTTP-only and comes with HTTP APIs). */
export interface AuthorizerRecord {
  authorizerId: string
  name: string
  authorizerType: 'REQUEST' | 'JWT'
  authorizerUri?: string
  authorizerCredentialsArn?: string
  /** WebSocket: `route.request.header.X`, `route.request.querystring.X`, `stageVariables.X`, `context.X`. */
  identitySource: string[]
  identityValidationExpression?: string
  authorizerResultTtlInSeconds?: number
  authorizerPayloadFormatVersion?: string
  enableSimpleResponses?: boolean
}

/** What a deployment froze: the data plane serves only this, never the live API. */
export interface ApiSnapshot {
  routeSelectionExpression: string
  apiKeySelectionExpression?: string
  /** Absent in deployments stored before it was frozen (the live API's value is used for those). */
  disableExecuteApiEndpoint?: boolean
  routes: Record<string, RouteRecord>
  integrations: Record<string, IntegrationRecord>
  authorizers: Record<string, AuthorizerRecord>
}

export interface DeploymentRecord {
  deploymentId: string
  description?: string
  createdDate: number
  autoDeployed: boolean
  snapshot: ApiSnapshot
}

/** `DefaultRouteSettings` and per-route `RouteSettings` (key: the route key). */
export interface RouteSettingsRecord {
  dataTraceEnabled?: boolean
  detailedMetricsEnabled?: boolean
  loggingLevel?: 'ERROR' | 'INFO' | 'OFF'
  throttlingBurstLimit?: number
  throttlingRateLimit?: number
}

export interface StageRecord {
  stageName: string
  deploymentId?: string
  autoDeploy: boolean
  description?: string
  defaultRouteSettings: RouteSettingsRecord
  routeSettings: Record<string, RouteSettingsRecord>
  stageVariables: Record<string, string>
  accessLogSettings?: { destinationArn?: string; format?: string }
  lastDeploymentStatusMessage?: string
  tags: Record<string, string>
  createdDate: number
  lastUpdatedDate: number
}

export interface ApiRecord {
  apiId: string
  name: string
  protocolType: ProtocolType
  routeSelectionExpression: string
  apiKeySelectionExpression?: string
  description?: string
  version?: string
  disableSchemaValidation?: boolean
  disableExecuteApiEndpoint: boolean
  ipAddressType: 'ipv4' | 'dualstack'
  createdDate: number
  region: string
  tags: Record<string, string>
  routes: Record<string, RouteRecord>
  integrations: Record<string, IntegrationRecord>
  authorizers: Record<string, AuthorizerRecord>
  deployments: Record<string, DeploymentRecord>
  stages: Record<string, StageRecord>
}

export interface ApigwV2State {
  apis: Record<string, ApiRecord>
}

export const emptyState = (): ApigwV2State => ({ apis: {} })

export const notFound = (message: string, resourceType?: string) =>
  new AwsError('NotFoundException', 404, message, resourceType ? { resourceType } : {})
export const badRequest = (message: string) => new AwsError('BadRequestException', 400, message)
export const conflict = (message: string) => new AwsError('ConflictException', 409, message)

/** The live state plus lookups that fail like AWS does. */
export class ApigwV2Model {
  constructor(
    readonly store: JsonStore<ApigwV2State>,
    readonly accountId: string,
  ) {}

  get apis(): Record<string, ApiRecord> {
    return this.store.data.apis
  }

  save(): void {
    this.store.save()
  }

  /** @see https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid.html */
  api(id: unknown): ApiRecord {
    const api = ownValue(this.apis, id)
    if (!api) throw notFound(`Invalid API identifier specified ${this.accountId}:${String(id)}`, 'Api')
    return api
  }

  route = (api: ApiRecord, id: unknown): RouteRecord => child(api.routes, id, 'Route')
  integration = (api: ApiRecord, id: unknown): IntegrationRecord => child(api.integrations, id, 'Integration')
  authorizer = (api: ApiRecord, id: unknown): AuthorizerRecord => child(api.authorizers, id, 'Authorizer')
  deployment = (api: ApiRecord, id: unknown): DeploymentRecord => child(api.deployments, id, 'Deployment')
  stage(api: ApiRecord, name: unknown): StageRecord {
    const stage = ownValue(api.stages, name)
    if (!stage) throw notFound('Invalid stage identifier specified', 'Stage')
    return stage
  }
}

/** One of an API's child resources by id, or AWS's NotFoundException (`Invalid Route identifier specified …`). */
export function child<T>(map: Record<string, T>, id: unknown, resourceType: string): T {
  const found = ownValue(map, id)
  if (!found) throw notFound(`Invalid ${resourceType} identifier specified ${String(id)}`, resourceType)
  return found
}

/** Deep copy through JSON: state is plain JSON already. */
export function clone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value))
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000)

/** @see https://docs.aws.amazon.com/apigateway/latest/developerguide/arn-format-reference.html */
export const apiArn = (region: string, apiId: string) => `arn:aws:apigateway:${region}::/apis/${apiId}`
export const stageArn = (region: string, apiId: string, stage: string) => `arn:aws:apigateway:${region}::/apis/${apiId}/stages/${stage}`
/** What `GetApi` answers as `apiEndpoint`: AWS's host name (the deployer translates it to the local URL). */
export const apiEndpoint = (api: Pick<ApiRecord, 'apiId' | 'region' | 'protocolType'>) =>
  `${api.protocolType === 'WEBSOCKET' ? 'wss' : 'https'}://${api.apiId}.execute-api.${api.region}.amazonaws.com`
