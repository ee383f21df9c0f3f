/** @module The CloudFormation resource types API Gateway (REST, v1) provides. */
import type { ResourceProvider } from '../../../core/types.js'
import { accountProvider } from './account.js'
import { authorizerProvider } from './authorizer.js'
import { apiKeyProvider, usagePlanKeyProvider, usagePlanProvider } from './api-key.js'
import { deploymentProvider } from './deployment.js'
import { gatewayResponseProvider } from './gateway-response.js'
import { methodProvider } from './method.js'
import { modelProvider } from './model.js'
import { resourceProvider } from './resource.js'
import { restApiProvider } from './rest-api.js'
import { stageProvider } from './stage.js'

export const resourceProviders: Record<string, ResourceProvider> = {
  'AWS::ApiGateway::RestApi': restApiProvider,
  'AWS::ApiGateway::Resource': resourceProvider,
  'AWS::ApiGateway::Method': methodProvider,
  'AWS::ApiGateway::Authorizer': authorizerProvider,
  'AWS::ApiGateway::Deployment': deploymentProvider,
  'AWS::ApiGateway::Stage': stageProvider,
  'AWS::ApiGateway::GatewayResponse': gatewayResponseProvider,
  'AWS::ApiGateway::Model': modelProvider,
  'AWS::ApiGateway::Account': accountProvider,
  'AWS::ApiGateway::ApiKey': apiKeyProvider,
  'AWS::ApiGateway::UsagePlan': usagePlanProvider,
  'AWS::ApiGateway::UsagePlanKey': usagePlanKeyProvider,
}
