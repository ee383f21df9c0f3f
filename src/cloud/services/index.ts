/** @module Every service of the local cloud. Adding a service is one line here. */
import type { ServiceDef } from '../core/types.js'
import { apigatewayService } from './apigateway/index.js'
import { apigatewayv2Service } from './apigatewayv2/index.js'
import { cloudformationService } from './cloudformation/index.js'
import { cognitoIdpService } from './cognito-idp/index.js'
import { dynamodbService } from './dynamodb/index.js'
import { iamService } from './iam/index.js'
import { lambdaService } from './lambda/index.js'
import { logsService } from './logs/index.js'
import { s3Service } from './s3/index.js'
import { stsService } from './sts/index.js'
import { taggingService } from './tagging/index.js'

export function allServices(): ServiceDef[] {
  return [
    s3Service(),
    cloudformationService(),
    lambdaService(),
    apigatewayService(),
    apigatewayv2Service(),
    dynamodbService(),
    iamService(),
    logsService(),
    stsService(),
    taggingService(),
    cognitoIdpService(),
  ]
}
