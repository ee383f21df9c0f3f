/**
 * Templates written for this project in the styles real users bring (the patterns of AWS's sample repository and
 * of the CloudFormation user guide), deployed, exercised and deleted on the local cloud with only emulated
 * services: parameters of every emulated type, numbers and booleans as strings, inline custom resources with
 * cfnresponse / cfn-response, AWS::LanguageExtensions, Rules, nested stacks.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { GetApiKeyCommand, GetModelsCommand, GetRestApiCommand, GetStageCommand, GetUsagePlanCommand, GetMethodCommand, APIGatewayClient } from '@aws-sdk/client-api-gateway'
import {
  CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStackEventsCommand, DescribeStacksCommand,
  ListStacksCommand, waitUntilStackCreateComplete, waitUntilStackDeleteComplete,
} from '@aws-sdk/client-cloudformation'
import { DescribeContinuousBackupsCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { GetFunctionConfigurationCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { CreateBucketCommand, GetBucketCorsCommand, GetBucketVersioningCommand, GetPublicAccessBlockCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam'
import { describe, expect, it } from 'vitest'
import { interpreterFor } from '../../src/common/interpreters.js'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { createLambdaRole } from '../helpers/lambda-role.js'

let cloud: TestCloud
let cfn: CloudFormationClient
const wait = { minDelay: 0.05, maxDelay: 0.3, maxWaitTime: 90 }
const samples = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/cfn/samples')
const sample = (name: string) => fs.readFileSync(path.join(samples, name), 'utf8')
const CAPS = ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND']

useTestCloud(async (c) => {
  await createLambdaRole(c)
  cloud = c
  cfn = new CloudFormationClient(cloud.sdk)
})

async function deploy(StackName: string, TemplateBody: string, Parameters: { ParameterKey: string; ParameterValue: string }[] = []) {
  await cfn.send(new CreateStackCommand({ StackName, TemplateBody, Parameters, Capabilities: CAPS }))
  try {
    await waitUntilStackCreateComplete({ client: cfn, ...wait }, { StackName })
  } catch (err) {
    const events = (await cfn.send(new DescribeStackEventsCommand({ StackName }))).StackEvents ?? []
    throw new Error(`${StackName} failed: ${events.filter((e) => e.ResourceStatusReason).map((e) => `${e.LogicalResourceId} ${e.ResourceStatus} ${e.ResourceStatusReason}`).join('\n')}`, { cause: err })
  }
  const stack = (await cfn.send(new DescribeStacksCommand({ StackName }))).Stacks![0]
  return Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue!]))
}

async function remove(StackName: string) {
  await cfn.send(new DeleteStackCommand({ StackName }))
  await waitUntilStackDeleteComplete({ client: cfn, ...wait }, { StackName })
}

describe('templates in the styles users bring', () => {
  // @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
  // @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-model.html
  it('API Gateway + Lambda: Number parameters and quoted numbers and booleans reach the services typed, the Model is stored', async () => {
    const out = await deploy('sample-api', sample('api-lambda.yaml'))
    const lambda = new LambdaClient(cloud.sdk)
    const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: out.FunctionName }))
    expect(config).toMatchObject({ Timeout: 10, MemorySize: 256 })
    const invoked = await lambda.send(new InvokeCommand({ FunctionName: out.FunctionName, Payload: Buffer.from('{}') }))
    expect(JSON.parse(JSON.parse(Buffer.from(invoked.Payload!).toString()).body)).toEqual({ greeting: 'hello', origin: 'https://a.example', weight: '2', prod: 'yes' })

    const apigw = new APIGatewayClient(cloud.sdk)
    const models = (await apigw.send(new GetModelsCommand({ restApiId: out.ApiId }))).items!.map((m) => m.name).sort()
    expect(models).toEqual(['Empty', 'Error', 'GreetingRequest'])
    expect(out.ModelName).toBe('GreetingRequest')
    const stage = await apigw.send(new GetStageCommand({ restApiId: out.ApiId, stageName: 'prod' }))
    expect(stage.tracingEnabled).toBe(false)
    await remove('sample-api')
    await expect(lambda.send(new GetFunctionConfigurationCommand({ FunctionName: out.FunctionName }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
  })

  // @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cfn-lambda-function-code-cfnresponsemodule.html
  it('custom resources answer through cfnresponse and cfn-response, and a FAILED answer rolls back with its reason', async () => {
    const out = await deploy('sample-custom', sample('custom-resources.yaml'), [{ ParameterKey: 'Word', ParameterValue: 'labs' }])
    expect(out).toEqual({ Upper: 'LABS', Length: '4', PythonId: 'py-labs', Reversed: 'SBAL', NodeId: expect.stringMatching(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]+$/) })
    await remove('sample-custom')

    const failing = sample('custom-resources.yaml').replace("      Word: !Ref Word\n", "      Word: !Ref Word\n      Fail: 'true'\n")
    await cfn.send(new CreateStackCommand({ StackName: 'sample-custom-fail', TemplateBody: failing, Capabilities: CAPS }))
    await expect(waitUntilStackCreateComplete({ client: cfn, ...wait }, { StackName: 'sample-custom-fail' })).rejects.toThrow()
    const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'sample-custom-fail' }))).StackEvents!
    expect(events.find((e) => e.LogicalResourceId === 'PythonResource' && e.ResourceStatus === 'CREATE_FAILED')?.ResourceStatusReason)
      .toMatch(/^Received response status \[FAILED\] from custom resource\. Message returned: told to fail \(RequestId: [-0-9a-f]{36}\)$/)
    await remove('sample-custom-fail')
  })

  // @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/transform-aws-languageextensions.html
  // @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-dynamodb-table-pointintimerecoveryspecification.html
  it('LanguageExtensions, Rules and a DynamoDB table with point-in-time recovery', async () => {
    await expect(cfn.send(new CreateStackCommand({ StackName: 'sample-data', TemplateBody: sample('data.yaml'), Parameters: [{ ParameterKey: 'ReadCapacity', ParameterValue: '3' }] })))
      .rejects.toMatchObject({ name: 'ValidationError', message: 'ReadCapacity must be 1, 2, 5 or 10' })
    const out = await deploy('sample-data', sample('data.yaml'), [{ ParameterKey: 'ReadCapacity', ParameterValue: '2' }])
    expect(out).toMatchObject({ EnvironmentCount: '2', LogsdevName: '/sample-data/dev', LogstestName: '/sample-data/test' })
    const ddb = new DynamoDBClient(cloud.sdk)
    const table = (await ddb.send(new DescribeTableCommand({ TableName: out.TableName }))).Table!
    expect(table.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 2, WriteCapacityUnits: 5 })
    const backups = await ddb.send(new DescribeContinuousBackupsCommand({ TableName: out.TableName }))
    expect(backups.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus).toBe('ENABLED')
    const logs = new CloudWatchLogsClient(cloud.sdk)
    const groups = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/sample-data/' }))).logGroups!
    expect(groups.map((g) => [g.logGroupName, g.retentionInDays])).toEqual([['/sample-data/dev', 7], ['/sample-data/test', 7]])
    await remove('sample-data')
    expect((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/sample-data/' }))).logGroups).toEqual([])
  })

  // @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-nested-stacks.html
  it('nested stacks: created and deleted with the parent; a failed one is deleted with the parent, with AWS reason text', async () => {
    const s3 = new S3Client(cloud.sdk)
    await s3.send(new CreateBucketCommand({ Bucket: 'sample-templates' }))
    await s3.send(new PutObjectCommand({ Bucket: 'sample-templates', Key: 'child.yaml', Body: sample('nested-child.yaml') }))
    const ChildUrl = `${cloud.endpoint}/sample-templates/child.yaml`
    const out = await deploy('sample-nested', sample('nested-parent.yaml'), [{ ParameterKey: 'ChildUrl', ParameterValue: ChildUrl }])
    expect(out.ChildLogGroup).toMatch(/^sample-nested-Child-/)
    await remove('sample-nested')

    // 13 is no retention CloudWatch Logs accepts: the child's log group fails.
    await cfn.send(new CreateStackCommand({ StackName: 'sample-nested-fail', TemplateBody: sample('nested-parent.yaml'), Parameters: [{ ParameterKey: 'ChildUrl', ParameterValue: ChildUrl }, { ParameterKey: 'Retention', ParameterValue: '13' }] }))
    await expect(waitUntilStackCreateComplete({ client: cfn, ...wait }, { StackName: 'sample-nested-fail' })).rejects.toThrow()
    const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'sample-nested-fail' }))).StackEvents!
    const failed = events.find((e) => e.LogicalResourceId === 'Child' && e.ResourceStatus === 'CREATE_FAILED')!
    expect(failed.ResourceStatusReason).toMatch(/^Embedded stack arn:aws:cloudformation:us-east-1:\d{12}:stack\/sample-nested-fail-Child-[A-Za-z0-9]+\/[-0-9a-f]+ was not successfully created: The following resource\(s\) failed to create: \[Logs\]\.$/)
    await remove('sample-nested-fail')
    const children = (await cfn.send(new ListStacksCommand({}))).StackSummaries!.filter((s) => s.StackName!.startsWith('sample-nested-fail-Child'))
    expect(children.map((s) => s.StackStatus)).toEqual(['DELETE_COMPLETE'])
  })

  // @see https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html (values reach handlers in the schema's types)
  it('every provider gets numbers and booleans written as strings as the numbers and booleans they stand for', async () => {
    const out = await deploy('sample-typed', sample('typed-strings.yaml'))
    const iam = new IAMClient(cloud.sdk)
    expect((await iam.send(new GetRoleCommand({ RoleName: out.RoleName }))).Role!.MaxSessionDuration).toBe(7200)
    const s3 = new S3Client({ ...cloud.sdk, forcePathStyle: true })
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: out.Bucket }))).Status).toBe('Enabled')
    expect((await s3.send(new GetPublicAccessBlockCommand({ Bucket: out.Bucket }))).PublicAccessBlockConfiguration)
      .toEqual({ BlockPublicAcls: true, BlockPublicPolicy: false, IgnorePublicAcls: true, RestrictPublicBuckets: false })
    expect((await s3.send(new GetBucketCorsCommand({ Bucket: out.Bucket }))).CORSRules![0].MaxAgeSeconds).toBe(300)
    const logs = new CloudWatchLogsClient(cloud.sdk)
    expect((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: out.Logs }))).logGroups![0].retentionInDays).toBe(30)
    const apigw = new APIGatewayClient(cloud.sdk)
    expect((await apigw.send(new GetRestApiCommand({ restApiId: out.ApiId }))).minimumCompressionSize).toBe(1024)
    const api = await apigw.send(new GetRestApiCommand({ restApiId: out.ApiId }))
    const method = await apigw.send(new GetMethodCommand({ restApiId: out.ApiId, resourceId: api.rootResourceId!, httpMethod: 'GET' }))
    expect(method.requestParameters).toEqual({ 'method.request.querystring.name': true })
    const stage = await apigw.send(new GetStageCommand({ restApiId: out.ApiId, stageName: 'v1' }))
    expect(stage.tracingEnabled).toBe(false)
    expect(stage.methodSettings!['*/*']).toMatchObject({ throttlingBurstLimit: 10, throttlingRateLimit: 5.5 })
    expect((await apigw.send(new GetApiKeyCommand({ apiKey: out.Key }))).enabled).toBe(false)
    const plan = await apigw.send(new GetUsagePlanCommand({ usagePlanId: out.Plan }))
    expect([plan.quota?.limit, plan.throttle]).toEqual([100, { burstLimit: 4, rateLimit: 2.5 }])
    await remove('sample-typed')
  })

  // @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-python.html
  it('runs a function on the interpreter of its declared version when the machine has one', async () => {
    const body = JSON.stringify({
      Resources: {
        Fn: {
          Type: 'AWS::Lambda::Function',
          Properties: {
            Runtime: 'python3.13', Handler: 'index.handler', Role: 'arn:aws:iam::000000000000:role/lambda-role',
            Code: { ZipFile: 'import sys\ndef handler(event, context):\n    return "%d.%d" % sys.version_info[:2]\n' },
          },
        },
      },
      Outputs: { Name: { Value: { Ref: 'Fn' } } },
    })
    const out = await deploy('sample-runtime', body)
    const invoked = await new LambdaClient(cloud.sdk).send(new InvokeCommand({ FunctionName: out.Name, Payload: Buffer.from('{}') }))
    expect(JSON.parse(Buffer.from(invoked.Payload!).toString())).toBe(interpreterFor('python3.13')!.version)
    await remove('sample-runtime')
  })
})
