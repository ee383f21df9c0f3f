/** @module The CloudFormation resource types API Gateway v2 provides. */
import type { ResourceProvider } from '../../../core/types.js'
import { apiProvider } from './api.js'
import { authorizerProvider } from './authorizer.js'
import { deploymentProvider } from './deployment.js'
import { integrationProvider, integrationResponseProvider } from './integration.js'
import { routeProvider, routeResponseProvider } from './route.js'
import { stageProvider } from './stage.js'

export const resourceProviders: Record<string, ResourceProvider> = {
  'AWS::ApiGatewayV2::Api': apiProvider,
  'AWS::ApiGatewayV2::Route': routeProvider,
  'AWS::ApiGatewayV2::RouteResponse': routeResponseProvider,
  'AWS::ApiGatewayV2::Integration': integrationProvider,
  'AWS::ApiGatewayV2::IntegrationResponse': integrationResponseProvider,
  'AWS::ApiGatewayV2::Authorizer': authorizerProvider,
  'AWS::ApiGatewayV2::Deployment': deploymentProvider,
  'AWS::ApiGatewayV2::Stage': stageProvider,
}
