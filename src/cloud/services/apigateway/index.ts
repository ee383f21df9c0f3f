/**
 * @module API Gateway (REST, v1): the control plane (REST-JSON, signing name `apigateway`), the
 * CloudFormation providers, and the execute-api data plane that serves frozen deployments.
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_Operations.html
 */
import { AwsError } from '../../core/aws-error.js'
import type { CloudContext, ServiceDef } from '../../core/types.js'
import { createApi } from './api/index.js'
import { resourceProviders } from './cfn/index.js'
import { executeApi } from './execute/index.js'
import { testInvokeMethod } from './execute/test-invoke.js'
import { testInvokeAuthorizer } from './execute/test-invoke-authorizer.js'
import { ApigwModel, emptyState } from './model.js'
import { handleControlPlane } from './wire.js'

export function apigatewayService(): ServiceDef {
  let model: ApigwModel | undefined
  const getModel = (): ApigwModel => {
    if (!model) throw new AwsError('ServiceUnavailableException', 503, 'API Gateway has not started yet')
    return model
  }
  const api = createApi(getModel)
  api.TestInvokeMethod = (input, ctx) => testInvokeMethod(input, ctx, getModel())
  api.TestInvokeAuthorizer = (input, ctx) => testInvokeAuthorizer(input, ctx, getModel())
  return {
    name: 'apigateway',
    signingNames: ['apigateway'],
    protocol: 'rest-json',
    api,
    resourceProviders,
    async start(ctx: CloudContext) {
      model = new ApigwModel(ctx.store('apigateway', 'state', emptyState), ctx.accountId)
    },
    async handle(req, ctx) {
      if (req.route.kind === 'execute-api') return executeApi(req, ctx, getModel())
      return handleControlPlane(req, ctx, api)
    },
  }
}
