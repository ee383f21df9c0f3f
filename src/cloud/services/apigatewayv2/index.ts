/**
 * @module API Gateway v2 (`apigatewayv2`): the control plane under `/v2/` (REST-JSON, signing name `apigateway`, shared
 * with the v1 REST service, which keeps every other path), its CloudFormation types, and `_deployedStage`, the seam the
 * data planes (WebSocket in `ws/`, HTTP APIs later) serve frozen deployments through.
 * @see https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/api-reference.html
 */
import { AwsError } from '../../core/aws-error.js'
import { ownValue } from '../../core/safe-names.js'
import type { CloudContext, CloudRequest, ServiceDef } from '../../core/types.js'
import { createApi } from './api/index.js'
import { resourceProviders } from './cfn/index.js'
import { deployedStage } from './deployed-stage.js'
import { ApigwV2Model, emptyState } from './model.js'
import { handleControlPlane } from './wire.js'
import { webSocketDataPlane } from './ws/index.js'

export function apigatewayv2Service(): ServiceDef {
  let model: ApigwV2Model | undefined
  const getModel = (): ApigwV2Model => {
    if (!model) throw new AwsError('ServiceUnavailableException', 503, 'API Gateway v2 has not started yet')
    return model
  }
  const api = createApi(getModel)
  /** Internal: the frozen API a stage serves, or undefined (see docs/contracts.md). */
  api._deployedStage = async (input: { apiId?: unknown; stage?: unknown }) => {
    const m = getModel()
    return deployedStage(ownValue(m.apis, input.apiId), input.stage, m.accountId)
  }
  // The WebSocket data plane: upgrades, and the execute-api requests REST hands over (@connections).
  const webSockets = webSocketDataPlane()
  api._executeApi = (input: { request: CloudRequest }, ctx: CloudContext) => webSockets.handleHttp(input.request, ctx)
  // A deleted API or stage serves nothing: its open connections close (wire calls and CloudFormation both come here).
  const { DeleteApi, DeleteStage } = api
  api.DeleteApi = async (input: any, ctx: CloudContext) => {
    const answer = await DeleteApi(input, ctx)
    webSockets.closeDeleted(String(input.apiId))
    return answer
  }
  api.DeleteStage = async (input: any, ctx: CloudContext) => {
    const answer = await DeleteStage(input, ctx)
    webSockets.closeDeleted(String(input.apiId), String(input.stageName))
    return answer
  }
  return {
    name: 'apigatewayv2',
    signingNames: ['apigateway'],
    pathPrefixes: ['/v2/'],
    protocol: 'rest-json',
    api,
    resourceProviders,
    async start(ctx: CloudContext) {
      model = new ApigwV2Model(ctx.store('apigatewayv2', 'state', emptyState), ctx.accountId)
    },
    async handle(req, ctx) {
      return handleControlPlane(req, ctx, api)
    },
    upgrade: webSockets.upgrade,
    stop: webSockets.stop,
  }
}
