/**
 * @module What the WebSocket data plane reads of a deployed stage: the frozen API (routes, integrations, route
 * and integration responses, authorizers) as `apigatewayv2._deployedStage({apiId, stage})` returns it, in the
 * members AWS's own API uses (`RouteKey`, `IntegrationType`, …). Read once per connection: a connection keeps the
 * deployment it connected to, as on AWS, where a new deployment only affects new connections.
 */
import { AwsError } from '../../../core/aws-error.js'
import type { CloudContext } from '../../../core/types.js'

export interface WsRoute {
  RouteId: string
  RouteKey: string
  /** `integrations/{IntegrationId}`. */
  Target?: string
  AuthorizationType?: 'NONE' | 'AWS_IAM' | 'CUSTOM' | string
  AuthorizerId?: string
  RouteResponseSelectionExpression?: string
}

export interface WsIntegration {
  IntegrationId: string
  IntegrationType: 'AWS_PROXY' | 'MOCK' | 'AWS' | 'HTTP' | 'HTTP_PROXY' | string
  IntegrationUri?: string
  TemplateSelectionExpression?: string
  RequestTemplates?: Record<string, string>
  TimeoutInMillis?: number
  PassthroughBehavior?: string
}

export interface WsRouteResponse {
  RouteId: string
  RouteResponseKey: string
}

export interface WsIntegrationResponse {
  IntegrationId: string
  IntegrationResponseKey: string
  ResponseTemplates?: Record<string, string>
  TemplateSelectionExpression?: string
}

export interface WsAuthorizer {
  AuthorizerId: string
  AuthorizerType: 'REQUEST' | string
  AuthorizerUri?: string
  IdentitySource?: string[]
  Name?: string
}

export interface WsStage {
  StageName: string
  StageVariables?: Record<string, string>
  DefaultRouteSettings?: { LoggingLevel?: 'OFF' | 'ERROR' | 'INFO'; DataTraceEnabled?: boolean }
  AccessLogSettings?: { DestinationArn?: string; Format?: string }
}

export interface DeployedWebSocketApi {
  ApiId: string
  ProtocolType: string
  RouteSelectionExpression: string
  DisableExecuteApiEndpoint?: boolean
  Region: string
  Stage: WsStage
  Routes: WsRoute[]
  Integrations: WsIntegration[]
  RouteResponses: WsRouteResponse[]
  IntegrationResponses: WsIntegrationResponse[]
  Authorizers: WsAuthorizer[]
}

/** `undefined`: no such API or stage, the stage has no deployment, or the API is not a WebSocket API. */
export async function deployedStage(ctx: CloudContext, apiId: string, stage: string): Promise<DeployedWebSocketApi | undefined> {
  let found: any
  try {
    found = await ctx.call('apigatewayv2', '_deployedStage', { apiId, stage })
  } catch (err) {
    if (err instanceof AwsError && (err.status === 404 || err.code === 'InvalidAction')) return undefined
    throw err
  }
  if (!found || found.ProtocolType !== 'WEBSOCKET') return undefined
  return {
    ApiId: found.ApiId ?? apiId,
    ProtocolType: found.ProtocolType,
    RouteSelectionExpression: found.RouteSelectionExpression ?? '$request.body.action',
    DisableExecuteApiEndpoint: found.DisableExecuteApiEndpoint,
    Region: found.Region ?? ctx.defaultRegion,
    Stage: found.Stage ?? { StageName: stage },
    Routes: found.Routes ?? [],
    Integrations: found.Integrations ?? [],
    RouteResponses: found.RouteResponses ?? [],
    IntegrationResponses: found.IntegrationResponses ?? [],
    Authorizers: found.Authorizers ?? [],
  }
}

export const routeByKey = (api: DeployedWebSocketApi, key: string): WsRoute | undefined => api.Routes.find((r) => r.RouteKey === key)

export function integrationOf(api: DeployedWebSocketApi, route: WsRoute): WsIntegration | undefined {
  const id = /^integrations\/(.+)$/.exec(route.Target ?? '')?.[1]
  return id === undefined ? undefined : api.Integrations.find((i) => i.IntegrationId === id)
}

/** Only `$default` route responses exist for WebSocket routes. */
export const hasRouteResponse = (api: DeployedWebSocketApi, route: WsRoute): boolean =>
  api.RouteResponses.some((r) => r.RouteId === route.RouteId && r.RouteResponseKey === '$default')
