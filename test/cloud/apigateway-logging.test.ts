/** Stage settings: the CloudWatch role gotcha, execution and access logs, stage/method throttling. */
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  GetStageCommand,
  UpdateAccountCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway'
import { CloudFormationClient, CreateStackCommand, DescribeStackEventsCommand, waitUntilStackCreateComplete } from '@aws-sdk/client-cloudformation'
import { CloudWatchLogsClient, CreateLogGroupCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { describe, expect, it } from 'vitest'
import { startTestCloud, type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { ApiBuilder, request } from './apigateway-helpers.js'

let cloud: TestCloud
let apigw: APIGatewayClient
let logs: CloudWatchLogsClient
useTestCloud((c) => {
  cloud = c
  apigw = new APIGatewayClient(cloud.sdk)
  logs = new CloudWatchLogsClient(cloud.sdk)
})

const messages = async (logGroupName: string) =>
  ((await logs.send(new FilterLogEventsCommand({ logGroupName }))).events ?? []).map((e) => e.message).join('\n')

describe('stage settings', () => {
  it('needs the account CloudWatch role before logging, then writes execution and access logs', async () => {
    const api = await ApiBuilder.create(apigw, 'logged')
    await api.mock('/ok', 'GET', '{"ok":true}')
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' }))
    const enable = new UpdateStageCommand({ restApiId: api.id, stageName: 'dev', patchOperations: [{ op: 'replace', path: '/*/*/logging/loglevel', value: 'INFO' }] })
    const refused = await apigw.send(enable).catch((e) => e)
    expect(refused.message).toBe('CloudWatch Logs role ARN must be set in account settings to enable logging')

    await apigw.send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: 'arn:aws:iam::000000000000:role/apigw-logs' }] }))
    await apigw.send(enable)
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'access' }))
    await apigw.send(
      new UpdateStageCommand({
        restApiId: api.id,
        stageName: 'dev',
        patchOperations: [
          { op: 'replace', path: '/accessLogSettings/destinationArn', value: 'arn:aws:logs:us-east-1:000000000000:log-group:access' },
          { op: 'replace', path: '/accessLogSettings/format', value: '$context.requestId $context.httpMethod $context.resourcePath $context.status' },
        ],
      }),
    )
    const stage = await apigw.send(new GetStageCommand({ restApiId: api.id, stageName: 'dev' }))
    expect(stage.methodSettings?.['*/*']).toMatchObject({ loggingLevel: 'INFO', throttlingRateLimit: 10000 })

    const res = await request(cloud.port, `/_aws/execute-api/${api.id}/dev/ok`)
    const requestId = res.headers['x-amzn-requestid']
    const execution = await messages(`API-Gateway-Execution-Logs_${api.id}/dev`)
    expect(execution).toContain(`(${requestId}) Method completed with status: 200`)
    expect(await messages('access')).toContain(`${requestId} GET /ok 200`)
  })

  it('throttles by method settings; a burst of 0 switches a method off', async () => {
    const api = await ApiBuilder.create(apigw, 'throttled')
    await api.mock('/a', 'GET', '{}')
    await api.mock('/b', 'GET', '{}')
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' }))
    await apigw.send(
      new UpdateStageCommand({
        restApiId: api.id,
        stageName: 'dev',
        patchOperations: [
          { op: 'replace', path: '/~1a/GET/throttling/burstLimit', value: '0' },
          { op: 'replace', path: '/~1a/GET/throttling/rateLimit', value: '0' },
        ],
      }),
    )
    const blocked = await request(cloud.port, `/_aws/execute-api/${api.id}/dev/a`)
    expect([blocked.status, blocked.text, blocked.headers['x-amzn-errortype']]).toEqual([429, '{"message":"Too Many Requests"}', 'TooManyRequestsException'])
    expect((await request(cloud.port, `/_aws/execute-api/${api.id}/dev/b`)).status).toBe(200)
  })

  it('fails a CloudFormation stage that logs before the account has a role… and deploys with AWS::ApiGateway::Account', async () => {
    // A cloud of its own: the first test already gave this one's account a role.
    const other = await startTestCloud()
    try {
      const cfn = new CloudFormationClient(other.sdk)
      const base = (withAccount: boolean) => ({
        Resources: {
          Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'cfn-logs' } },
          Get: {
            Type: 'AWS::ApiGateway::Method',
            Properties: {
              RestApiId: { Ref: 'Api' },
              ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] },
              HttpMethod: 'GET',
              AuthorizationType: 'NONE',
              Integration: { Type: 'MOCK', RequestTemplates: { 'application/json': '{"statusCode": 200}' }, IntegrationResponses: [{ StatusCode: 200 }] },
              MethodResponses: [{ StatusCode: 200 }],
            },
          },
          Deployment: {
            Type: 'AWS::ApiGateway::Deployment',
            DependsOn: withAccount ? ['Get', 'Account'] : ['Get'],
            Properties: { RestApiId: { Ref: 'Api' }, StageName: 'prod', StageDescription: { LoggingLevel: 'INFO', MetricsEnabled: true } },
          },
          ...(withAccount
            ? { Account: { Type: 'AWS::ApiGateway::Account', Properties: { CloudWatchRoleArn: 'arn:aws:iam::000000000000:role/apigw-logs' } } }
            : {}),
        },
      })
      await cfn.send(new CreateStackCommand({ StackName: 'no-role', TemplateBody: JSON.stringify(base(false)) }))
      await waitUntilStackCreateComplete({ client: cfn, maxWaitTime: 60, minDelay: 0.1, maxDelay: 0.5 }, { StackName: 'no-role' }).catch(() => undefined)
      const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'no-role' }))).StackEvents ?? []
      expect(events.map((e) => e.ResourceStatusReason ?? '').join('\n')).toContain('CloudWatch Logs role ARN must be set in account settings to enable logging')

      await cfn.send(new CreateStackCommand({ StackName: 'with-role', TemplateBody: JSON.stringify(base(true)) }))
      await waitUntilStackCreateComplete({ client: cfn, maxWaitTime: 60, minDelay: 0.1, maxDelay: 0.5 }, { StackName: 'with-role' })
    } finally {
      await other.close()
    }
  })
})
