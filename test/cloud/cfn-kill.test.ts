/**
 * Crash-safe bookkeeping: `kill -9` the cloud at random moments of CreateStack, start it again, delete the stack,
 * and nothing the stack created is left (checked through each service's API and the Tagging API).
 */
import { APIGatewayClient, GetRestApisCommand } from '@aws-sdk/client-api-gateway'
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStackEventsCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation'
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb'
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam'
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda'
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api'
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { startCloudProcess, type CloudProcess } from '../helpers/cloud-process.js'

const ITERATIONS = 8

const template = JSON.stringify({
  Resources: {
    Bucket: { Type: 'AWS::S3::Bucket' },
    Table: {
      Type: 'AWS::DynamoDB::Table',
      Properties: { BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }] },
    },
    Role: {
      Type: 'AWS::IAM::Role',
      Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] } },
    },
    Fn: {
      Type: 'AWS::Lambda::Function',
      Properties: { Runtime: 'nodejs22.x', Handler: 'index.handler', Role: { 'Fn::GetAtt': ['Role', 'Arn'] }, Code: { ZipFile: 'exports.handler = async () => ({ statusCode: 200, body: "ok" })' } },
    },
    Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'killed-api' } },
    Items: { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: { Ref: 'Api' }, ParentId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, PathPart: 'items' } },
    Get: {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        RestApiId: { Ref: 'Api' }, ResourceId: { Ref: 'Items' }, HttpMethod: 'GET', AuthorizationType: 'NONE',
        Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST', Uri: { 'Fn::Sub': 'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations' } },
      },
    },
    Permission: { Type: 'AWS::Lambda::Permission', Properties: { FunctionName: { Ref: 'Fn' }, Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' } },
    Deployment: { Type: 'AWS::ApiGateway::Deployment', DependsOn: 'Get', Properties: { RestApiId: { Ref: 'Api' }, StageName: 'prod' } },
  },
})

/** Deterministic "random" delays (seeded), so a failure can be reproduced. */
function random(seed: number): () => number {
  let x = seed
  return () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
}

function clients(cloud: CloudProcess) {
  const sdk = { ...cloud.sdk, maxAttempts: 1 }
  return {
    cfn: new CloudFormationClient(sdk),
    s3: new S3Client(sdk),
    lambda: new LambdaClient(sdk),
    ddb: new DynamoDBClient(sdk),
    apigw: new APIGatewayClient(sdk),
    iam: new IAMClient(sdk),
    tagging: new ResourceGroupsTaggingAPIClient(sdk),
  }
}

async function settle(cfn: CloudFormationClient, stackId: string): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stackId }))
    const status = Stacks![0].StackStatus!
    if (!status.endsWith('_IN_PROGRESS')) return status
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`stack ${stackId} never settled`)
}

/** Why resources failed, as the stack's events say (for the failure message). */
async function failureReasons(cfn: CloudFormationClient, stackId: string): Promise<string> {
  const { StackEvents } = await cfn.send(new DescribeStackEventsCommand({ StackName: stackId }))
  return (StackEvents ?? []).filter((e) => e.ResourceStatus?.endsWith('FAILED')).map((e) => `${e.LogicalResourceId}: ${e.ResourceStatusReason}`).join('; ')
}

/** Everything a stack could have left, through the services' own list calls and the Tagging API. */
async function leftovers(c: ReturnType<typeof clients>) {
  return {
    buckets: ((await c.s3.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name),
    functions: ((await c.lambda.send(new ListFunctionsCommand({}))).Functions ?? []).map((f) => f.FunctionName),
    tables: (await c.ddb.send(new ListTablesCommand({}))).TableNames ?? [],
    apis: ((await c.apigw.send(new GetRestApisCommand({}))).items ?? []).map((a) => a.id),
    roles: ((await c.iam.send(new ListRolesCommand({}))).Roles ?? []).map((r) => r.RoleName).filter((n) => n?.startsWith('kill-')),
    tagged: ((await c.tagging.send(new GetResourcesCommand({}))).ResourceTagMappingList ?? []).map((m) => m.ResourceARN),
  }
}

const nothing = { buckets: [], functions: [], tables: [], apis: [], roles: [], tagged: [] }

describe('CloudFormation bookkeeping survives kill -9', () => {
  it(`${ITERATIONS} kills at random moments of CreateStack, then DeleteStack after a restart: nothing is left`, async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-cfn-kill-'))
    let cloud: CloudProcess = await startCloudProcess('lab-cfn-kill-', home)
    try {
      // One undisturbed run to learn how long a create takes on this machine.
      let c = clients(cloud)
      const started = Date.now()
      const { StackId: first } = await c.cfn.send(new CreateStackCommand({ StackName: 'kill-0', TemplateBody: template, Capabilities: ['CAPABILITY_IAM'] }))
      expect(await settle(c.cfn, first!)).toBe('CREATE_COMPLETE')
      const createMs = Date.now() - started
      await c.cfn.send(new DeleteStackCommand({ StackName: first }))
      expect(await settle(c.cfn, first!)).toBe('DELETE_COMPLETE')
      expect(await leftovers(c)).toEqual(nothing)

      const next = random(20261203)
      const outcomes: string[] = []
      for (let i = 1; i <= ITERATIONS; i++) {
        const delay = Math.floor(next() * createMs * 1.2)
        const { StackId } = await c.cfn.send(new CreateStackCommand({ StackName: `kill-${i}`, TemplateBody: template, Capabilities: ['CAPABILITY_IAM'] }))
        await new Promise((r) => setTimeout(r, delay))
        cloud.child.kill('SIGKILL')
        await cloud.child
        cloud = await startCloudProcess('lab-cfn-kill-', home)
        c = clients(cloud)
        const after = await settle(c.cfn, StackId!)
        await c.cfn.send(new DeleteStackCommand({ StackName: StackId }))
        const deleted = await settle(c.cfn, StackId!)
        outcomes.push(`${delay} ms → ${after} → ${deleted}${deleted === 'DELETE_COMPLETE' ? '' : ` (${await failureReasons(c.cfn, StackId!)})`}`)
        expect(deleted, outcomes.join('\n')).toBe('DELETE_COMPLETE')
        expect(await leftovers(c), outcomes.join('\n')).toEqual(nothing)
      }
      console.log(`kill points (create takes ${createMs} ms):\n${outcomes.join('\n')}`)
    } finally {
      cloud.child.kill('SIGKILL')
    }
  }, 600_000)
})
