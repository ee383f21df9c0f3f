import {
  CloudFormationClient, CreateChangeSetCommand, CreateStackCommand, DeleteStackCommand, DescribeStackEventsCommand,
  DescribeStacksCommand, ExecuteChangeSetCommand, UpdateStackCommand, waitUntilChangeSetCreateComplete,
  waitUntilStackCreateComplete, waitUntilStackDeleteComplete, waitUntilStackUpdateComplete,
} from '@aws-sdk/client-cloudformation'
import { DeleteObjectCommand, GetBucketTaggingCommand, HeadBucketCommand, PutObjectCommand, S3Client, CreateBucketCommand } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { markedFetch, signAs } from '../helpers/signed-fetch.js'

const fetch = (url: string, init?: Parameters<typeof markedFetch>[2]) => markedFetch(cloud, url, init)

let cloud: TestCloud
let cfn: CloudFormationClient
let s3: S3Client
const wait = { minDelay: 0.05, maxDelay: 0.2, maxWaitTime: 30 }

useTestCloud((c) => {
  cloud = c
  cfn = new CloudFormationClient(cloud.sdk)
  s3 = new S3Client(cloud.sdk)
})

const outputs = async (name: string) =>
  Object.fromEntries((await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks![0].Outputs!.map((o) => [o.OutputKey, o.OutputValue]))

const template = (logRetention: number, bucketName = 'cfn-int-data') => `
Parameters:
  Retention: { Type: Number, Default: ${logRetention} }
Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: ${bucketName}
  Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub '/labs/\${AWS::StackName}'
      RetentionInDays: !Ref Retention
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]
Outputs:
  Bucket: { Value: !Ref Data }
  BucketArn: { Value: !GetAtt Data.Arn }
  RoleArn: { Value: !GetAtt Role.Arn }
`

describe('CloudFormation with the real S3, Logs and IAM providers', () => {
  it('deploys from a TemplateURL in the local S3, tagging resources, through a change set', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'cfn-int-templates' }))
    await s3.send(new PutObjectCommand({ Bucket: 'cfn-int-templates', Key: 't/stack.yaml', Body: template(7) }))
    const url = `${cloud.endpoint}/cfn-int-templates/t/stack.yaml`
    await expect(cfn.send(new CreateChangeSetCommand({ StackName: 'cfn-int', ChangeSetName: 'c1', ChangeSetType: 'CREATE', TemplateURL: url })))
      .rejects.toMatchObject({ name: 'InsufficientCapabilitiesException', message: 'Requires capabilities : [CAPABILITY_IAM]' })
    const { Id } = await cfn.send(new CreateChangeSetCommand({
      StackName: 'cfn-int', ChangeSetName: 'c1', ChangeSetType: 'CREATE', TemplateURL: url, Capabilities: ['CAPABILITY_IAM'], Tags: [{ Key: 'lab', Value: 'int' }],
    }))
    await waitUntilChangeSetCreateComplete({ client: cfn, ...wait }, { ChangeSetName: Id })
    await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: Id }))
    await waitUntilStackCreateComplete({ client: cfn, ...wait }, { StackName: 'cfn-int' })
    const out = await outputs('cfn-int')
    expect(out.Bucket).toBe('cfn-int-data')
    expect(out.BucketArn).toBe('arn:aws:s3:::cfn-int-data')
    expect(out.RoleArn).toMatch(/^arn:aws:iam::000000000000:role\/cfn-int-Role-/)
    await s3.send(new HeadBucketCommand({ Bucket: 'cfn-int-data' }))
    const tags = (await s3.send(new GetBucketTaggingCommand({ Bucket: 'cfn-int-data' }))).TagSet!
    expect(tags).toEqual(expect.arrayContaining([
      { Key: 'lab', Value: 'int' },
      { Key: 'aws:cloudformation:stack-name', Value: 'cfn-int' },
      { Key: 'aws:cloudformation:logical-id', Value: 'Data' },
    ]))
  })

  it('tags what the stack creates, as the Tagging API sees it', async () => {
    const res = await fetch(`${cloud.endpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'ResourceGroupsTaggingAPI_20170126.GetResources',
        ...signAs('tagging'),
      },
      body: JSON.stringify({ TagFilters: [{ Key: 'lab', Values: ['int'] }] }),
    })
    const arns = ((await res.json()) as any).ResourceTagMappingList.map((m: any) => m.ResourceARN)
    expect(arns).toContain('arn:aws:s3:::cfn-int-data')
  })

  it('updates the log group in place and leaves the rest untouched', async () => {
    await cfn.send(new UpdateStackCommand({ StackName: 'cfn-int', TemplateBody: template(14), Capabilities: ['CAPABILITY_IAM'] }))
    await waitUntilStackUpdateComplete({ client: cfn, ...wait }, { StackName: 'cfn-int' })
    const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'cfn-int' }))).StackEvents!
    const updated = new Set(events.filter((e) => e.ResourceStatus === 'UPDATE_COMPLETE' && e.LogicalResourceId !== 'cfn-int').map((e) => e.LogicalResourceId))
    expect([...updated]).toEqual(['Logs'])
  })

  it('fails to delete a non-empty bucket (DELETE_FAILED), and a retry after emptying it succeeds', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'cfn-int-data', Key: 'file.txt', Body: 'x' }))
    await cfn.send(new DeleteStackCommand({ StackName: 'cfn-int' }))
    await expect(waitUntilStackDeleteComplete({ client: cfn, ...wait }, { StackName: 'cfn-int' })).rejects.toThrow()
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: 'cfn-int' }))).Stacks![0]
    expect(stack.StackStatus).toBe('DELETE_FAILED')
    const failed = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'cfn-int' }))).StackEvents!.find((e) => e.ResourceStatus === 'DELETE_FAILED' && e.LogicalResourceId === 'Data')!
    expect(failed.ResourceStatusReason).toMatch(/BucketNotEmpty|not empty/)
    await s3.send(new DeleteObjectCommand({ Bucket: 'cfn-int-data', Key: 'file.txt' }))
    await cfn.send(new DeleteStackCommand({ StackName: 'cfn-int' }))
    await waitUntilStackDeleteComplete({ client: cfn, ...wait }, { StackName: 'cfn-int' })
    await expect(s3.send(new HeadBucketCommand({ Bucket: 'cfn-int-data' }))).rejects.toThrow()
  })

  it('keeps stacks across a cloud restart', async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'cfn-persist', TemplateBody: template(1, 'cfn-persist-data'), Capabilities: ['CAPABILITY_IAM'] }))
    await waitUntilStackCreateComplete({ client: cfn, ...wait }, { StackName: 'cfn-persist' })
    cloud = await cloud.restart()
    cfn = new CloudFormationClient(cloud.sdk)
    s3 = new S3Client(cloud.sdk)
    expect((await outputs('cfn-persist')).Bucket).toBe('cfn-persist-data')
    await cfn.send(new DeleteStackCommand({ StackName: 'cfn-persist' }))
    await waitUntilStackDeleteComplete({ client: cfn, ...wait }, { StackName: 'cfn-persist' })
  })
})
