/**
 * @module What the WebSocket data plane reads of a deployed stage: `apigatewayv2._deployedStage({apiId, stage})`
 * (the control plane's `deployed-stage.ts`), the deployment's frozen routes (by route key), integrations and
 * authorizers (by id), with the stage's live settings. Read once per connection: a connection keeps the deployment
 * it connected to, as on AWS, where a new deployment only affects new connections.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-deploy.html
 */
import { AwsError } from '../../../core/aws-error.js'
import { ownValue } from '../../../core/safe-names.js'
import type { CloudContext } from '../../../core/types.js'

// The members of the control plane's `DeployedStage` this data plane reads (docs/contracts.md).
export interface WsRoute {
  routeId: string
  routeKey: string
  integrationId?: string
  authorizationType: string
  authorizerId?: string
  routeResponseSelectionExpression?: string
  /** By route response key (only `$default` exists). */
  routeResponses: Record<string, unknown>
}

export interface WsIntegrationResponse {
  integrationResponseKey: string
  responseTemplates?: Record<string, string>
  templateSelectionExpression?: string
}

export interface WsIntegration {
  integrationId: string
  integrationType: string
  integrationUri?: string
  lambdaFunctionArn?: string
  timeoutInMillis: number
  requestTemplates?: Record<string, string>
  templateSelectionExpression?: string
  integrationResponses: Record<string, WsIntegrationResponse>
}

export interface WsAuthorizer {
  authorizerId: string
  name: string
  authorizerType: string
  authorizerUri?: string
  identitySource: string[]
  authorizerResultTtlInSeconds?: number
}

export interface DeployedWebSocketApi {
  apiId: string
  accountId: string
  region: string
  protocolType: string
  stageName: string
  deploymentId: string
  routeSelectionExpression: string
  disableExecuteApiEndpoint: boolean
  routes: Record<string, WsRoute>
  integrations: Record<string, WsIntegration>
  authorizers: Record<string, WsAuthorizer>
  stageVariables: Record<string, string>
  defaultRouteSettings: { loggingLevel?: 'ERROR' | 'INFO' | 'OFF' }
  accessLogSettings?: { destinationArn?: string; format?: string }
}

/** `undefined`: no such API or stage, nothing deployed to it, or not a WebSocket API. */
export async function deployedStage(ctx: CloudContext, apiId: string, stage: string): Promise<DeployedWebSocketApi | undefined> {
  let found: DeployedWebSocketApi | undefined
  try {
    found = await ctx.call('apigatewayv2', '_deployedStage', { apiId, stage })
  } catch (err) {
    if (err instanceof AwsError && (err.status === 404 || err.code === 'InvalidAction')) return undefined
    throw err
  }
  return found && found.protocolType === 'WEBSOCKET' ? found : undefined
}

export const routeByKey = (api: DeployedWebSocketApi, key: string): WsRoute | undefined => ownValue(api.routes, key)

export const integrationOf = (api: DeployedWebSocketApi, route: WsRoute): WsIntegration | undefined =>
  route.integrationId === undefined ? undefined : ownValue(api.integrations, route.integrationId)

/**
 * A two-way route: `RouteResponseSelectionExpression: $default` and the `$default` route response (the only key
 * WebSocket routes have); without both the backend's answer never reaches the client.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-response.html
 */
export const hasRouteResponse = (route: WsRoute): boolean =>
  route.routeResponseSelectionExpression === '$default' && ownValue(route.routeResponses, '$default') !== undefined
