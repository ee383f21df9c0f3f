/**
 * AWS::ApiGatewayV2::* through real stacks: the chat app's shape (routes, integrations, a route response, an
 * authorizer on $connect, Deployment with DependsOn, Stage), Ref/GetAtt values, updates, clear failures for
 * properties the local cloud does not emulate, and deletion.
 */
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
  waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
  waitUntilStackUpdateComplete,
} from '@aws-sdk/client-cloudformation'
import { ApiGatewayV2Client, GetApiCommand, GetRouteResponsesCommand, GetRoutesCommand, GetStageCommand, GetTagsCommand } from '@aws-sdk/client-apigatewayv2'
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api'
import { describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'

const wait = { maxWaitTime: 60, minDelay: 0.1, maxDelay: 0.5 }
let cloud: TestCloud
let cfn: CloudFormationClient
let v2: ApiGatewayV2Client
useTestCloud((c) => {
  cloud = c
  cfn = new CloudFormationClient(c.sdk)
  v2 = new ApiGatewayV2Client(c.sdk)
})

const uri = (fn: string) => ({
  'Fn::Sub': `arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/arn:aws:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${fn}/invocations`,
})
const integration = (fn: string) => ({ Type: 'AWS::ApiGatewayV2::Integration', Properties: { ApiId: { Ref: 'Api' }, IntegrationType: 'AWS_PROXY', IntegrationUri: uri(fn) } })
const route = (key: string, target: string, extra: Record<string, unknown> = {}) => ({
  Type: 'AWS::ApiGatewayV2::Route',
  Properties: { ApiId: { Ref: 'Api' }, RouteKey: key, AuthorizationType: 'NONE', Target: { 'Fn::Join': ['/', ['integrations', { Ref: target }]] }, ...extra },
})

function chat(variables: Record<string, string>, extraStage: Record<string, unknown> = {}) {
  return JSON.stringify({
    Resources: {
      Api: {
        Type: 'AWS::ApiGatewayV2::Api',
        Properties: { Name: 'chat', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action', Tags: { lab: '354' } },
      },
      ConnectInteg: integration('onconnect'),
      SendInteg: integration('sendmessage'),
      Auth: {
        Type: 'AWS::ApiGatewayV2::Authorizer',
        Properties: { ApiId: { Ref: 'Api' }, Name: 'auth', AuthorizerType: 'REQUEST', AuthorizerUri: uri('auth'), IdentitySource: ['route.request.querystring.token'] },
      },
      ConnectRoute: route('$connect', 'ConnectInteg', { AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: 'Auth' } }),
      SendRoute: route('sendmessage', 'SendInteg', { RouteResponseSelectionExpression: '$default' }),
      SendRouteResponse: { Type: 'AWS::ApiGatewayV2::RouteResponse', Properties: { ApiId: { Ref: 'Api' }, RouteId: { Ref: 'SendRoute' }, RouteResponseKey: '$default' } },
      SendIntegResponse: {
        Type: 'AWS::ApiGatewayV2::IntegrationResponse',
        Properties: { ApiId: { Ref: 'Api' }, IntegrationId: { Ref: 'SendInteg' }, IntegrationResponseKey: '$default' },
      },
      Deployment: { Type: 'AWS::ApiGatewayV2::Deployment', DependsOn: ['ConnectRoute', 'SendRoute'], Properties: { ApiId: { Ref: 'Api' } } },
      Stage: {
        Type: 'AWS::ApiGatewayV2::Stage',
        Properties: {
          ApiId: { Ref: 'Api' }, StageName: 'Prod', DeploymentId: { Ref: 'Deployment' }, StageVariables: variables,
          DefaultRouteSettings: { ThrottlingBurstLimit: 50, ThrottlingRateLimit: 100 }, ...extraStage,
        },
      },
    },
    Outputs: {
      WebSocketURI: { Value: { 'Fn::Sub': 'wss://${Api}.execute-api.${AWS::Region}.amazonaws.com/${Stage}' } },
      ApiEndpoint: { Value: { 'Fn::GetAtt': ['Api', 'ApiEndpoint'] } },
      ApiId: { Value: { 'Fn::GetAtt': ['Api', 'ApiId'] } },
      ApiRef: { Value: { Ref: 'Api' } },
      DeploymentId: { Value: { 'Fn::GetAtt': ['Deployment', 'DeploymentId'] } },
      SendRouteId: { Value: { 'Fn::GetAtt': ['SendRoute', 'RouteId'] } },
      IntegrationId: { Value: { 'Fn::GetAtt': ['SendInteg', 'IntegrationId'] } },
      AuthorizerId: { Value: { 'Fn::GetAtt': ['Auth', 'AuthorizerId'] } },
      StageRef: { Value: { Ref: 'Stage' } },
    },
  })
}

async function outputs(stackName: string): Promise<Record<string, string>> {
  const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stackName }))
  return Object.fromEntries((Stacks?.[0].Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue!]))
}

async function failureReasons(stackName: string): Promise<string[]> {
  const { StackEvents } = await cfn.send(new DescribeStackEventsCommand({ StackName: stackName }))
  return (StackEvents ?? []).filter((e) => e.ResourceStatus?.endsWith('FAILED')).map((e) => e.ResourceStatusReason ?? '')
}

describe('AWS::ApiGatewayV2 stacks', () => {
  it('creates the chat API, answers Ref/GetAtt as AWS does, updates the stage, and deletes everything', async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'ws-chat', TemplateBody: chat({ table: 'chat' }) }))
    await waitUntilStackCreateComplete({ client: cfn, ...wait }, { StackName: 'ws-chat' })
    const out = await outputs('ws-chat')
    expect(out.ApiRef).toMatch(/^[a-z0-9]{10}$/)
    expect(out.ApiId).toBe(out.ApiRef)
    expect(out.ApiEndpoint).toBe(`wss://${out.ApiRef}.execute-api.us-east-1.amazonaws.com`)
    expect(out.WebSocketURI).toBe(`wss://${out.ApiRef}.execute-api.us-east-1.amazonaws.com/Prod`)
    expect(out.StageRef).toBe('Prod')

    const ApiId = out.ApiRef
    const routes = (await v2.send(new GetRoutesCommand({ ApiId }))).Items ?? []
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(['$connect', 'sendmessage'])
    expect(routes.find((r) => r.RouteKey === '$connect')).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: out.AuthorizerId })
    expect(routes.find((r) => r.RouteKey === 'sendmessage')).toMatchObject({ RouteId: out.SendRouteId, Target: `integrations/${out.IntegrationId}` })
    const responses = await v2.send(new GetRouteResponsesCommand({ ApiId, RouteId: out.SendRouteId }))
    expect(responses.Items?.map((r) => r.RouteResponseKey)).toEqual(['$default'])
    const stage = await v2.send(new GetStageCommand({ ApiId, StageName: 'Prod' }))
    expect(stage).toMatchObject({ DeploymentId: out.DeploymentId, StageVariables: { table: 'chat' }, DefaultRouteSettings: { ThrottlingBurstLimit: 50, ThrottlingRateLimit: 100 } })
    const tags = (await v2.send(new GetTagsCommand({ ResourceArn: `arn:aws:apigateway:us-east-1::/apis/${ApiId}` }))).Tags
    expect(tags).toMatchObject({ lab: '354', 'aws:cloudformation:stack-name': 'ws-chat', 'aws:cloudformation:logical-id': 'Api' })

    await cfn.send(new UpdateStackCommand({ StackName: 'ws-chat', TemplateBody: chat({ table: 'other' }, { Description: 'v2' }) }))
    await waitUntilStackUpdateComplete({ client: cfn, ...wait }, { StackName: 'ws-chat' })
    const updated = await v2.send(new GetStageCommand({ ApiId, StageName: 'Prod' }))
    expect(updated).toMatchObject({ StageVariables: { table: 'other' }, Description: 'v2', DeploymentId: out.DeploymentId })

    await cfn.send(new DeleteStackCommand({ StackName: 'ws-chat' }))
    await waitUntilStackDeleteComplete({ client: cfn, ...wait }, { StackName: 'ws-chat' })
    const gone = await v2.send(new GetApiCommand({ ApiId })).catch((e) => e)
    expect(gone.name).toBe('NotFoundException')
    const tagging = new ResourceGroupsTaggingAPIClient(cloud.sdk)
    const left = await tagging.send(new GetResourcesCommand({ TagFilters: [{ Key: 'aws:cloudformation:stack-name', Values: ['ws-chat'] }] }))
    expect(left.ResourceTagMappingList).toEqual([])
  })

  it('an AutoDeploy stage serves the routes without a Deployment resource', async () => {
    const template = JSON.parse(chat({ table: 'chat' }))
    delete template.Resources.Deployment
    delete template.Outputs.DeploymentId
    template.Resources.Stage.Properties = { ApiId: { Ref: 'Api' }, StageName: 'dev', AutoDeploy: true }
    template.Resources.Stage.DependsOn = ['ConnectRoute', 'SendRoute']
    await cfn.send(new CreateStackCommand({ StackName: 'ws-auto', TemplateBody: JSON.stringify(template) }))
    await waitUntilStackCreateComplete({ client: cfn, ...wait }, { StackName: 'ws-auto' })
    const ApiId = (await outputs('ws-auto')).ApiRef
    const stage = await v2.send(new GetStageCommand({ ApiId, StageName: 'dev' }))
    expect(stage.AutoDeploy).toBe(true)
    expect(stage.DeploymentId).toMatch(/^[a-z0-9]+$/)
    await cfn.send(new DeleteStackCommand({ StackName: 'ws-auto' }))
    await waitUntilStackDeleteComplete({ client: cfn, ...wait }, { StackName: 'ws-auto' })
  })

  it('fails clearly on what it does not emulate and on AWS validation errors', async () => {
    const body = JSON.parse(chat({}))
    body.Resources.Api.Properties.BodyS3Location = { Bucket: 'b', Key: 'k' }
    await cfn.send(new CreateStackCommand({ StackName: 'ws-body', TemplateBody: JSON.stringify(body) }))
    await expect(waitUntilStackCreateComplete({ client: cfn, ...wait }, { StackName: 'ws-body' })).rejects.toThrow()
    expect((await failureReasons('ws-body')).join('\n')).toContain('BodyS3Location is not supported by the local cloud')

    const noDependsOn = JSON.parse(chat({}))
    delete noDependsOn.Resources.Deployment.DependsOn
    noDependsOn.Resources.SendRoute.Properties.AuthorizationType = 'AWS_IAM'
    await cfn.send(new CreateStackCommand({ StackName: 'ws-auth', TemplateBody: JSON.stringify(noDependsOn) }))
    await expect(waitUntilStackCreateComplete({ client: cfn, ...wait }, { StackName: 'ws-auth' })).rejects.toThrow()
    expect((await failureReasons('ws-auth')).join('\n')).toContain('Currently, authorization is restricted to the $connect route only')
  })
})
