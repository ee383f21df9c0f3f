/**
 * @module API Gateway (REST, v1) state: rest APIs with their resource tree, methods, integrations,
 * frozen deployments, stages and gateway responses. No HTTP and no wire shapes here.
 */
import { AwsError } from '../../core/aws-error.js'
import { ownValue } from '../../core/safe-names.js'
import type { JsonStore } from '../../core/store.js'
import { AuthorizerCache } from '../../authz/authorizer-cache.js'
import type { AuthorizerOutput } from '../../authz/authorizer-output.js'

/** `Integration` as in the SDK (`httpMethod` is the integration's own HTTP method). */
export interface IntegrationRecord {
  type: string
  httpMethod?: string
  uri?: string
  requestParameters?: Record<string, string>
  requestTemplates?: Record<string, string>
  passthroughBehavior?: string
  contentHandling?: string
  timeoutInMillis: number
  cacheNamespace?: string
  cacheKeyParameters: string[]
  credentials?: string
  integrationResponses?: Record<string, IntegrationResponseRecord>
}

export interface IntegrationResponseRecord {
  statusCode: string
  selectionPattern?: string
  responseParameters?: Record<string, string>
  responseTemplates?: Record<string, string>
  contentHandling?: string
}

export interface MethodResponseRecord {
  statusCode: string
  responseParameters?: Record<string, boolean>
  responseModels?: Record<string, string>
}

export interface MethodRecord {
  httpMethod: string
  authorizationType: string
  /** The authorizer of a CUSTOM or COGNITO_USER_POOLS method. */
  authorizerId?: string
  /** OAuth scopes a COGNITO_USER_POOLS method requires of an access token (none: an ID token is expected). */
  authorizationScopes?: string[]
  apiKeyRequired: boolean
  operationName?: string
  requestParameters?: Record<string, boolean>
  requestModels?: Record<string, string>
  methodResponses?: Record<string, MethodResponseRecord>
  methodIntegration?: IntegrationRecord
}

export interface ResourceRecord {
  id: string
  parentId?: string
  pathPart?: string
  path: string
  resourceMethods: Record<string, MethodRecord>
}

export interface GatewayResponseRecord {
  responseType: string
  statusCode?: string
  responseParameters?: Record<string, string>
  responseTemplates?: Record<string, string>
}

/**
 * `Authorizer` as in the SDK: a Lambda function (TOKEN, REQUEST) or Cognito user pools that methods name
 * by `authorizerId`.
 */
export interface AuthorizerRecord {
  id: string
  name: string
  type: 'TOKEN' | 'REQUEST' | 'COGNITO_USER_POOLS'
  providerARNs?: string[]
  authType?: string
  authorizerUri?: string
  authorizerCredentials?: string
  identitySource?: string
  identityValidationExpression?: string
  /** 0 turns the result cache off. */
  authorizerResultTtlInSeconds: number
}

/** What a deployment froze: the data plane serves only this, never the live tree. */
export interface Snapshot {
  resources: Record<string, ResourceRecord>
  gatewayResponses: Record<string, GatewayResponseRecord>
  binaryMediaTypes: string[]
  /** The resource policy as it was when deployed: a changed policy needs a new deployment, as on AWS. */
  policy?: string
  /** Authorizers as deployed (absent in deployments made before authorizers existed). */
  authorizers?: Record<string, AuthorizerRecord>
}

export interface DeploymentRecord {
  id: string
  description?: string
  createdDate: number
  snapshot: Snapshot
}

/** A stage's settings for all methods (key `*\/*`) or one (`resourcePath/METHOD`, the path's `/` as `~1`). */
export interface MethodSettingRecord {
  loggingLevel: 'OFF' | 'ERROR' | 'INFO'
  dataTraceEnabled: boolean
  metricsEnabled: boolean
  throttlingBurstLimit: number
  throttlingRateLimit: number
}

export interface StageRecord {
  stageName: string
  deploymentId: string
  methodSettings?: Record<string, MethodSettingRecord>
  accessLogSettings?: { destinationArn?: string; format?: string }
  description?: string
  variables?: Record<string, string>
  tags: Record<string, string>
  tracingEnabled: boolean
  cacheClusterEnabled: boolean
  createdDate: number
  lastUpdatedDate: number
}

export interface RestApiRecord {
  id: string
  name: string
  description?: string
  version?: string
  createdDate: number
  region: string
  binaryMediaTypes: string[]
  minimumCompressionSize?: number
  apiKeySource: string
  endpointConfiguration: { types: string[]; ipAddressType?: string }
  disableExecuteApiEndpoint: boolean
  tags: Record<string, string>
  rootResourceId: string
  resources: Record<string, ResourceRecord>
  deployments: Record<string, DeploymentRecord>
  stages: Record<string, StageRecord>
  gatewayResponses: Record<string, GatewayResponseRecord>
  /** The resource policy (JSON, short `execute-api:/…` resources expanded), if any. */
  policy?: string
  /** Absent in state saved before authorizers existed. */
  authorizers?: Record<string, AuthorizerRecord>
}

export interface ApiKeyRecord {
  id: string
  name: string
  value: string
  description?: string
  enabled: boolean
  createdDate: number
  lastUpdatedDate: number
  tags: Record<string, string>
}

export interface UsagePlanRecord {
  id: string
  name: string
  description?: string
  apiStages: { apiId: string; stage: string }[]
  throttle?: { burstLimit?: number; rateLimit?: number }
  quota?: { limit: number; offset?: number; period: string }
  keyIds: string[]
  tags: Record<string, string>
}

export interface ApigwState {
  /** GetAccount/UpdateAccount: the role API Gateway writes CloudWatch logs with. */
  account?: { cloudwatchRoleArn?: string }
  restApis: Record<string, RestApiRecord>
  apiKeys: Record<string, ApiKeyRecord>
  usagePlans: Record<string, UsagePlanRecord>
}

export const emptyState = (): ApigwState => ({ restApis: {}, apiKeys: {}, usagePlans: {} })

/** Usage counters (quota and throttle buckets): per cloud run, not persisted. */
export interface UsageCounters {
  quota: Map<string, { period: string; used: number }>
  /** Token buckets: usage plan keys and stage/method throttles. */
  buckets: Map<string, { tokens: number; at: number }>
  /** CloudWatch log stream names per log group. */
  streams: Map<string, string>
}

/** The live state plus lookups that fail like AWS does. */
export class ApigwModel {
  readonly usage: UsageCounters = { quota: new Map(), buckets: new Map(), streams: new Map() }
  /** Lambda authorizer results (per cloud run, like AWS's cache per stage): scoped per authorizer and deployment. */
  readonly authorizerCache = new AuthorizerCache<AuthorizerOutput>()

  constructor(
    readonly store: JsonStore<ApigwState>,
    readonly accountId: string,
  ) {
    // State saved before API keys existed has no such maps.
    store.data.apiKeys ??= {}
    store.data.usagePlans ??= {}
  }

  get apis(): Record<string, RestApiRecord> {
    return this.store.data.restApis
  }

  get apiKeys(): Record<string, ApiKeyRecord> {
    return this.store.data.apiKeys
  }

  get usagePlans(): Record<string, UsagePlanRecord> {
    return this.store.data.usagePlans
  }

  /** A deleted API or stage leaves the usage plans that listed it. */
  dropFromUsagePlans(apiId: string, stage?: string): void {
    for (const plan of Object.values(this.usagePlans)) {
      plan.apiStages = plan.apiStages.filter((s) => !(s.apiId === apiId && (stage === undefined || s.stage === stage)))
    }
  }

  apiKey(id: string): ApiKeyRecord {
    const key = ownValue(this.apiKeys, id)
    if (!key) throw notFound('Invalid API Key identifier specified')
    return key
  }

  usagePlan(id: string): UsagePlanRecord {
    const plan = ownValue(this.usagePlans, id)
    if (!plan) throw notFound('Invalid Usage Plan ID specified')
    return plan
  }

  save(): void {
    this.store.save()
  }

  /** @see https://docs.aws.amazon.com/apigateway/latest/api/API_GetRestApi.html */
  api(id: string): RestApiRecord {
    const api = ownValue(this.apis, id)
    if (!api) throw notFound(`Invalid API identifier specified ${this.accountId}:${id}`)
    return api
  }

  resource(api: RestApiRecord, id: string): ResourceRecord {
    const resource = ownValue(api.resources, id)
    if (!resource) throw notFound('Invalid Resource identifier specified')
    return resource
  }

  method(api: RestApiRecord, resourceId: string, httpMethod: string): MethodRecord {
    const method = ownValue(this.resource(api, resourceId).resourceMethods, httpMethod)
    if (!method) throw notFound('Invalid Method identifier specified')
    return method
  }

  integration(api: RestApiRecord, resourceId: string, httpMethod: string): IntegrationRecord {
    const integration = this.method(api, resourceId, httpMethod).methodIntegration
    if (!integration) throw notFound('Invalid Integration identifier specified')
    return integration
  }

  stage(api: RestApiRecord, name: string): StageRecord {
    const stage = ownValue(api.stages, name)
    if (!stage) throw notFound('Invalid stage identifier specified')
    return stage
  }

  /** @see https://docs.aws.amazon.com/apigateway/latest/api/API_GetAuthorizer.html */
  authorizer(api: RestApiRecord, id: string): AuthorizerRecord {
    const authorizer = ownValue(api.authorizers ?? {}, id)
    if (!authorizer) throw notFound('Invalid Authorizer identifier specified')
    return authorizer
  }

  deployment(api: RestApiRecord, id: string): DeploymentRecord {
    const deployment = ownValue(api.deployments, id)
    if (!deployment) throw notFound('Invalid Deployment identifier specified')
    return deployment
  }
}

export const notFound = (message: string) => new AwsError('NotFoundException', 404, message)
export const badRequest = (message: string) => new AwsError('BadRequestException', 400, message)
export const conflict = (message: string) => new AwsError('ConflictException', 409, message)

/** Deep copy through JSON: state is plain JSON already. */
export function clone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value))
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000)

export const apiKeyArn = (region: string, id: string) => `arn:aws:apigateway:${region}::/apikeys/${id}`
export const usagePlanArn = (region: string, id: string) => `arn:aws:apigateway:${region}::/usageplans/${id}`
export const restApiArn = (region: string, id: string) => `arn:aws:apigateway:${region}::/restapis/${id}`
export const stageArn = (region: string, id: string, stage: string) => `arn:aws:apigateway:${region}::/restapis/${id}/stages/${stage}`
