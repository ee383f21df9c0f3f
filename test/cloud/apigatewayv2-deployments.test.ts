/**
 * Deployments freeze WebSocket APIs, and `apigatewayv2._deployedStage` (the data planes' seam, docs/contracts.md)
 * answers what a stage serves: frozen routes/integrations/authorizers, live stage settings; autoDeploy redeploys.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apigatewayService } from '../../src/cloud/services/apigateway/index.js'
import { apigatewayv2Service } from '../../src/cloud/services/apigatewayv2/index.js'
import type { DeployedStage } from '../../src/cloud/services/apigatewayv2/deployed-stage.js'
import { startHarness, type Harness } from '../helpers/service-harness.js'

let h: Harness
beforeAll(async () => {
  h = await startHarness([apigatewayService(), apigatewayv2Service()])
})
afterAll(() => h.stop())

const FN = 'arn:aws:lambda:us-east-1:000000000000:function:chat'
const LAMBDA_URI = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FN}/invocations`
const v2 = (op: string, input: Record<string, unknown>) => h.ctx.call('apigatewayv2', op, input)
const deployed = (apiId: string, stage: string) => h.ctx.call<DeployedStage | undefined>('apigatewayv2', '_deployedStage', { apiId, stage })
const wsApi = () => v2('CreateApi', { name: 'chat', protocolType: 'WEBSOCKET', routeSelectionExpression: '$request.body.action', region: 'us-east-1' })

describe('deployment snapshots', () => {
  it('freeze routes per deployment; later changes reach the stage only on redeploy; stage settings are live', async () => {
    const { apiId } = await wsApi()
    const integration = await v2('CreateIntegration', { apiId, integrationType: 'AWS_PROXY', integrationUri: LAMBDA_URI })
    const target = `integrations/${integration.integrationId}`
    const authorizer = await v2('CreateAuthorizer', {
      apiId, name: 'auth', authorizerType: 'REQUEST', authorizerUri: LAMBDA_URI, identitySource: ['route.request.header.Auth'],
    })
    await v2('CreateRoute', { apiId, routeKey: '$connect', target, authorizationType: 'CUSTOM', authorizerId: authorizer.authorizerId })
    const send = await v2('CreateRoute', { apiId, routeKey: 'sendmessage', target, routeResponseSelectionExpression: '$default' })
    await v2('CreateRouteResponse', { apiId, routeId: send.routeId, routeResponseKey: '$default' })
    await v2('CreateIntegrationResponse', { apiId, integrationId: integration.integrationId, integrationResponseKey: '$default' })
    expect(await deployed(apiId, 'prod')).toBeUndefined()
    await v2('CreateStage', { apiId, stageName: 'prod', stageVariables: { table: 'chat' } })
    expect(await deployed(apiId, 'prod')).toBeUndefined() // a stage without a deployment serves nothing
    const deployment = await v2('CreateDeployment', { apiId, stageName: 'prod' })

    const stage = (await deployed(apiId, 'prod'))!
    expect(stage).toMatchObject({
      apiId, accountId: '000000000000', region: 'us-east-1', protocolType: 'WEBSOCKET', stageName: 'prod',
      deploymentId: deployment.deploymentId, routeSelectionExpression: '$request.body.action', apiKeySelectionExpression: '$request.header.x-api-key',
    })
    expect(stage.routes['$connect']).toMatchObject({ authorizationType: 'CUSTOM', authorizerId: authorizer.authorizerId, integrationId: integration.integrationId })
    expect(stage.routes['sendmessage'].routeResponses['$default'].routeResponseKey).toBe('$default')
    expect(stage.integrations[integration.integrationId]).toMatchObject({ integrationType: 'AWS_PROXY', lambdaFunctionArn: FN, timeoutInMillis: 29000 })
    expect(Object.keys(stage.integrations[integration.integrationId].integrationResponses)).toEqual(['$default'])
    expect(stage.authorizers[authorizer.authorizerId]).toMatchObject({ authorizerUri: LAMBDA_URI, identitySource: ['route.request.header.Auth'] })
    expect(stage.stageVariables).toEqual({ table: 'chat' })

    await v2('CreateRoute', { apiId, routeKey: 'later', target })
    await v2('UpdateRoute', { apiId, routeId: send.routeId, routeKey: 'renamed' })
    await v2('UpdateApi', { apiId, routeSelectionExpression: '$request.body.type' })
    const stale = (await deployed(apiId, 'prod'))!
    expect(Object.keys(stale.routes).sort()).toEqual(['$connect', 'sendmessage'])
    expect(stale.routeSelectionExpression).toBe('$request.body.action')
    // The answer is a copy: a data plane cannot change the frozen deployment by accident.
    stale.routes['$connect'].authorizationType = 'NONE'
    expect((await deployed(apiId, 'prod'))!.routes['$connect'].authorizationType).toBe('CUSTOM')

    await v2('UpdateStage', { apiId, stageName: 'prod', stageVariables: { table: 'other' }, defaultRouteSettings: { throttlingBurstLimit: 5, throttlingRateLimit: 10 } })
    const live = (await deployed(apiId, 'prod'))!
    expect(live.stageVariables).toEqual({ table: 'other' })
    expect(live.defaultRouteSettings).toMatchObject({ throttlingBurstLimit: 5, throttlingRateLimit: 10, loggingLevel: 'OFF' })

    await v2('CreateDeployment', { apiId, stageName: 'prod' })
    const fresh = (await deployed(apiId, 'prod'))!
    expect(Object.keys(fresh.routes).sort()).toEqual(['$connect', 'later', 'renamed'])
    expect(fresh.routeSelectionExpression).toBe('$request.body.type')
  })

  it('autoDeploy redeploys after every change, and says why when it cannot', async () => {
    const { apiId } = await wsApi()
    const stage = await v2('CreateStage', { apiId, stageName: 'dev', autoDeploy: true })
    expect(stage.deploymentId).toBeUndefined()
    expect(stage.lastDeploymentStatusMessage).toContain('At least one route is required')
    const mock = await v2('CreateIntegration', { apiId, integrationType: 'MOCK', requestTemplates: { $default: '{"statusCode": 200}' } })
    await v2('CreateRoute', { apiId, routeKey: '$default', target: `integrations/${mock.integrationId}` })
    const first = (await deployed(apiId, 'dev'))!
    expect(Object.keys(first.routes)).toEqual(['$default'])
    expect(first.integrations[mock.integrationId].requestTemplates).toEqual({ $default: '{"statusCode": 200}' })
    await v2('CreateRoute', { apiId, routeKey: 'ping', target: `integrations/${mock.integrationId}` })
    const second = (await deployed(apiId, 'dev'))!
    expect(Object.keys(second.routes).sort()).toEqual(['$default', 'ping'])
    expect(second.deploymentId).not.toBe(first.deploymentId)
    const deployments = await v2('GetDeployments', { apiId })
    expect(deployments.items.every((d: { autoDeployed: boolean }) => d.autoDeployed)).toBe(true)
    const manual = await v2('CreateDeployment', { apiId, stageName: 'dev' }).catch((e) => e)
    expect(manual.code).toBe('BadRequestException')
  })

  it('answers undefined for unknown APIs and stages, and after DeleteApi', async () => {
    expect(await deployed('nosuchapi1', 'prod')).toBeUndefined()
    expect(await deployed('__proto__', 'constructor')).toBeUndefined()
    const { apiId } = await wsApi()
    const mock = await v2('CreateIntegration', { apiId, integrationType: 'MOCK' })
    await v2('CreateRoute', { apiId, routeKey: '$default', target: `integrations/${mock.integrationId}` })
    await v2('CreateStage', { apiId, stageName: 'p', autoDeploy: true })
    expect(await deployed(apiId, 'p')).toBeDefined()
    expect(await deployed(apiId, 'other')).toBeUndefined()
    await v2('DeleteApi', { apiId })
    expect(await deployed(apiId, 'p')).toBeUndefined()
  })

  it('a deployment a stage uses cannot be deleted', async () => {
    const { apiId } = await wsApi()
    const mock = await v2('CreateIntegration', { apiId, integrationType: 'MOCK' })
    await v2('CreateRoute', { apiId, routeKey: '$default', target: `integrations/${mock.integrationId}` })
    const d = await v2('CreateDeployment', { apiId })
    await v2('CreateStage', { apiId, stageName: 'p', deploymentId: d.deploymentId })
    const err = await v2('DeleteDeployment', { apiId, deploymentId: d.deploymentId }).catch((e) => e)
    expect(err).toMatchObject({ code: 'BadRequestException', message: 'Active stages pointing to this deployment must be moved or deleted' })
    expect((await deployed(apiId, 'p'))!.deploymentId).toBe(d.deploymentId)
  })
})

describe('persistence', () => {
  it('keeps APIs, deployments and stages across a restart of the cloud', async () => {
    const { apiId } = await wsApi()
    const mock = await v2('CreateIntegration', { apiId, integrationType: 'MOCK' })
    await v2('CreateRoute', { apiId, routeKey: '$default', target: `integrations/${mock.integrationId}` })
    await v2('CreateStage', { apiId, stageName: 'kept', autoDeploy: true, stageVariables: { a: 'b' } })
    const before = await deployed(apiId, 'kept')
    const again = await startHarness([apigatewayService(), apigatewayv2Service()], h.dataDir)
    try {
      const after = await again.ctx.call<DeployedStage | undefined>('apigatewayv2', '_deployedStage', { apiId, stage: 'kept' })
      expect(after).toEqual(before)
    } finally {
      await again.stop()
    }
  })
})
