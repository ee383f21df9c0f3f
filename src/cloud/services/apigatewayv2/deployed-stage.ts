/**
 * @module The seam between the control plane and the data planes: `apigatewayv2._deployedStage({apiId, stage})`
 * answers what a stage serves right now — the deployment's frozen routes, integrations and authorizers, with the
 * stage's live settings (variables, throttling, logging), which change without a redeployment as on AWS.
 * Keys are what the data plane looks up by: routes by route key, route and integration responses by their keys.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-deploy.html
 */
import { ownValue } from '../../core/safe-names.js'
import type {
  ApiRecord,
  AuthorizerRecord,
  IntegrationRecord,
  IntegrationResponseRecord,
  ProtocolType,
  RouteRecord,
  RouteResponseRecord,
  RouteSettingsRecord,
} from './model.js'
import { clone } from './model.js'

export interface DeployedRoute extends Omit<RouteRecord, 'target' | 'routeResponses'> {
  /** From the route's `target` (`integrations/{id}`); absent when the route has no target. */
  integrationId?: string
  /** By `routeResponseKey` (only `$default` on AWS). */
  routeResponses: Record<string, RouteResponseRecord>
}

export interface DeployedIntegration extends Omit<IntegrationRecord, 'integrationResponses'> {
  /** The function ARN of a Lambda integration URI (`…/functions/{arn}/invocations`), else absent. */
  lambdaFunctionArn?: string
  /** By `integrationResponseKey` (`$default`, `/2\d\d/`, …). */
  integrationResponses: Record<string, IntegrationResponseRecord>
}

export interface DeployedStage {
  apiId: string
  accountId: string
  region: string
  protocolType: ProtocolType
  stageName: string
  deploymentId: string
  /** Frozen with the deployment. */
  routeSelectionExpression: string
  apiKeySelectionExpression?: string
  disableExecuteApiEndpoint: boolean
  /** By route key: `$connect`, `$disconnect`, `$default`, custom keys. */
  routes: Record<string, DeployedRoute>
  /** By integration id. */
  integrations: Record<string, DeployedIntegration>
  /** By authorizer id (a `$connect` route with `CUSTOM` names one in `authorizerId`). */
  authorizers: Record<string, AuthorizerRecord>
  /** Live stage settings (not frozen). */
  stageVariables: Record<string, string>
  defaultRouteSettings: RouteSettingsRecord
  /** By route key. */
  routeSettings: Record<string, RouteSettingsRecord>
  accessLogSettings?: { destinationArn?: string; format?: string }
}

const LAMBDA_URI = /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:lambda:path\/2015-03-31\/functions\/(arn:aws[a-z-]*:lambda:[^/]+)\/invocations$/
const FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(?::[A-Za-z0-9_$-]+)?$/

/** The function an AWS_PROXY/AWS integration URI invokes: the apigateway invocation URI's inner ARN, or an ARN itself. */
export function lambdaFunctionArn(uri: string | undefined): string | undefined {
  if (!uri) return undefined
  const inner = LAMBDA_URI.exec(uri)?.[1]
  if (inner) return inner
  return FUNCTION_ARN.test(uri) ? uri : undefined
}

const TARGET = /^integrations\/([A-Za-z0-9]+)$/

export function integrationIdOf(target: string | undefined): string | undefined {
  return target ? TARGET.exec(target)?.[1] : undefined
}

/** A nullable-prototype map keyed by `key` of each value. */
function byKey<T>(values: Iterable<T>, key: (value: T) => string): Record<string, T> {
  const out = Object.create(null) as Record<string, T>
  for (const value of values) out[key(value)] = value
  return out
}

/** The stage as its data plane serves it, or undefined (no such API or stage, or nothing deployed to it yet). */
export function deployedStage(api: ApiRecord | undefined, stageName: unknown, accountId: string): DeployedStage | undefined {
  if (!api) return undefined
  const stage = ownValue(api.stages, stageName)
  if (!stage?.deploymentId) return undefined
  const deployment = ownValue(api.deployments, stage.deploymentId)
  if (!deployment) return undefined
  const frozen = clone(deployment.snapshot)
  const routes = byKey(
    Object.values(frozen.routes).map(
      ({ target, routeResponses, ...route }): DeployedRoute => ({
        ...route,
        integrationId: integrationIdOf(target),
        routeResponses: byKey(Object.values(routeResponses), (rr) => rr.routeResponseKey),
      }),
    ),
    (r) => r.routeKey,
  )
  const integrations = byKey(
    Object.values(frozen.integrations).map(
      (i): DeployedIntegration => ({
        ...i,
        lambdaFunctionArn: lambdaFunctionArn(i.integrationUri),
        integrationResponses: byKey(Object.values(i.integrationResponses), (ir) => ir.integrationResponseKey),
      }),
    ),
    (i) => i.integrationId,
  )
  return {
    apiId: api.apiId,
    accountId,
    region: api.region,
    protocolType: api.protocolType,
    stageName: stage.stageName,
    deploymentId: deployment.deploymentId,
    routeSelectionExpression: frozen.routeSelectionExpression,
    apiKeySelectionExpression: frozen.apiKeySelectionExpression,
    disableExecuteApiEndpoint: frozen.disableExecuteApiEndpoint ?? api.disableExecuteApiEndpoint,
    routes,
    integrations,
    authorizers: byKey(Object.values(frozen.authorizers), (a) => a.authorizerId),
    stageVariables: { ...stage.stageVariables },
    defaultRouteSettings: { ...stage.defaultRouteSettings },
    routeSettings: clone(stage.routeSettings),
    accessLogSettings: stage.accessLogSettings ? { ...stage.accessLogSettings } : undefined,
  }
}
