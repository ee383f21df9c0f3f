import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, TagResourceCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb'
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs'
import { CreateBucketCommand, PutBucketTaggingCommand, S3Client } from '@aws-sdk/client-s3'
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam'
import { GetResourcesCommand, GetTagKeysCommand, GetTagValuesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api'
import { describe, expect, it } from 'vitest'
import { AwsError } from '../../src/cloud/core/aws-error.js'
import type { ServiceDef } from '../../src/cloud/core/types.js'
import { taggingService } from '../../src/cloud/services/tagging/index.js'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { startHarness } from '../helpers/service-harness.js'

let cloud: TestCloud
useTestCloud(async (c) => {
  cloud = c
  const lab = [{ Key: 'lab', Value: '300' }]
  const ddb = new DynamoDBClient(cloud.sdk)
  const table = await ddb.send(new CreateTableCommand({
    TableName: 'LabTable', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST',
  }))
  await waitUntilTableExists({ client: ddb, maxWaitTime: 60, minDelay: 1, maxDelay: 1 }, { TableName: 'LabTable' })
  await ddb.send(new TagResourceCommand({ ResourceArn: table.TableDescription!.TableArn, Tags: lab }))
  await new IAMClient(cloud.sdk).send(new CreateRoleCommand({
    RoleName: 'lab-role', Tags: [...lab, { Key: 'team', Value: 'blue' }],
    AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
  }))
  await new IAMClient(cloud.sdk).send(new CreateRoleCommand({
    RoleName: 'untagged', AssumeRolePolicyDocument: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] }),
  }))
  await new CloudWatchLogsClient(cloud.sdk).send(new CreateLogGroupCommand({ logGroupName: '/lab/300', tags: { lab: '301' } }))
})

const tagging = () => new ResourceGroupsTaggingAPIClient(cloud.sdk)

describe('tagging GetResources (SDK v3)', () => {
  it('finds tagged resources across services by tag key and values', async () => {
    const { ResourceTagMappingList, PaginationToken } = await tagging().send(new GetResourcesCommand({ TagFilters: [{ Key: 'lab', Values: ['300'] }] }))
    expect(ResourceTagMappingList?.map((m) => m.ResourceARN).sort()).toEqual([
      'arn:aws:dynamodb:us-east-1:000000000000:table/LabTable',
      'arn:aws:iam::000000000000:role/lab-role',
    ])
    expect(PaginationToken).toBe('')
    const anyLab = await tagging().send(new GetResourcesCommand({ TagFilters: [{ Key: 'lab' }] }))
    expect(anyLab.ResourceTagMappingList).toHaveLength(3)
    const both = await tagging().send(new GetResourcesCommand({ TagFilters: [{ Key: 'lab', Values: ['300', '301'] }, { Key: 'team', Values: ['blue'] }] }))
    expect(both.ResourceTagMappingList?.map((m) => m.ResourceARN)).toEqual(['arn:aws:iam::000000000000:role/lab-role'])
  })

  it('answers for the region the call is signed for: its regional resources (buckets by location) and global ones', async () => {
    const west = { ...cloud.sdk, region: 'eu-west-1' }
    const s3 = new S3Client(west)
    await s3.send(new CreateBucketCommand({ Bucket: 'west-bucket', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }))
    await s3.send(new PutBucketTaggingCommand({ Bucket: 'west-bucket', Tagging: { TagSet: [{ Key: 'lab', Value: '300' }] } }))
    const arns = async (sdk: typeof cloud.sdk) =>
      ((await new ResourceGroupsTaggingAPIClient(sdk).send(new GetResourcesCommand({ TagFilters: [{ Key: 'lab', Values: ['300'] }] }))).ResourceTagMappingList ?? [])
        .map((m) => m.ResourceARN)
        .sort()
    expect(await arns(west)).toEqual([
      'arn:aws:iam::000000000000:role/lab-role',
      'arn:aws:s3:::west-bucket',
    ])
    expect(await arns(cloud.sdk)).toEqual(['arn:aws:dynamodb:us-east-1:000000000000:table/LabTable', 'arn:aws:iam::000000000000:role/lab-role'])
  })

  it('filters by resource type and leaves out untagged resources', async () => {
    const tables = await tagging().send(new GetResourcesCommand({ ResourceTypeFilters: ['dynamodb:table'] }))
    expect(tables.ResourceTagMappingList?.map((m) => m.ResourceARN)).toEqual(['arn:aws:dynamodb:us-east-1:000000000000:table/LabTable'])
    const logs = await tagging().send(new GetResourcesCommand({ ResourceTypeFilters: ['logs'] }))
    expect(logs.ResourceTagMappingList?.[0].Tags).toEqual([{ Key: 'lab', Value: '301' }])
    const roles = await tagging().send(new GetResourcesCommand({ ResourceTypeFilters: ['iam:role'] }))
    expect(roles.ResourceTagMappingList?.map((m) => m.ResourceARN)).toEqual(['arn:aws:iam::000000000000:role/lab-role'])
  })

  it('pages with ResourcesPerPage and lists tag keys and values', async () => {
    const first = await tagging().send(new GetResourcesCommand({ ResourcesPerPage: 2 }))
    expect(first.ResourceTagMappingList).toHaveLength(2)
    expect(first.PaginationToken).not.toBe('')
    const second = await tagging().send(new GetResourcesCommand({ ResourcesPerPage: 2, PaginationToken: first.PaginationToken }))
    expect(second.ResourceTagMappingList).toHaveLength(1)
    expect((await tagging().send(new GetTagKeysCommand({}))).TagKeys).toEqual(['lab', 'team'])
    expect((await tagging().send(new GetTagValuesCommand({ Key: 'lab' }))).TagValues).toEqual(['300', '301'])
  })

  it('no longer lists a deleted resource (what lab teardown relies on)', async () => {
    await new DynamoDBClient(cloud.sdk).send(new DeleteTableCommand({ TableName: 'LabTable' }))
    const after = await tagging().send(new GetResourcesCommand({ ResourceTypeFilters: ['dynamodb'] }))
    expect(after.ResourceTagMappingList).toEqual([])
  })

  it('rejects bad input in the JSON 1.1 error shape', async () => {
    const err = await tagging().send(new GetResourcesCommand({ ResourcesPerPage: 500 })).catch((e) => e)
    expect(err.name).toBe('InvalidParameterException')
    const token = await tagging().send(new GetResourcesCommand({ PaginationToken: 'garbage' })).catch((e) => e)
    expect(token.name).toBe('PaginationTokenExpiredException')
  })
})

describe('tagging aggregation', () => {
  it('skips services without _listTaggedResources and matches s3/apigateway/lambda ARNs by type', async () => {
    const fake = (name: string, resources: unknown[] | undefined): ServiceDef => ({
      name, signingNames: [name], protocol: 'json', handle: async () => ({ status: 501 }),
      api: resources ? { _listTaggedResources: async () => resources } : {},
    })
    const tag = [{ Key: 'lab', Value: '1' }]
    const h = await startHarness([
      taggingService(),
      fake('s3', [{ ResourceARN: 'arn:aws:s3:::site-bucket', Tags: tag }]),
      fake('apigateway', [{ ResourceARN: 'arn:aws:apigateway:us-east-1::/restapis/abc123', Tags: tag }]),
      fake('lambda', [{ ResourceARN: 'arn:aws:lambda:us-east-1:000000000000:function:fn', Tags: tag }]),
      fake('dynamodb', undefined),
      { ...fake('iam', undefined), api: { _listTaggedResources: async () => { throw new AwsError('InternalFailure', 500, 'boom') } } },
    ])
    // A failing service is an error, not a silently shorter list (teardown must not believe it is done).
    const failing = await h.ctx.call('tagging', 'GetResources', {}).catch((e) => e)
    expect(failing.code).toBe('InternalFailure')
    await h.stop()

    const ok = await startHarness([
      taggingService(),
      fake('s3', [{ ResourceARN: 'arn:aws:s3:::site-bucket', Tags: tag }]),
      fake('apigateway', [
        { ResourceARN: 'arn:aws:apigateway:us-east-1::/restapis/abc123', Tags: tag },
        { ResourceARN: 'arn:aws:apigateway:us-east-1::/restapis/abc123/stages/prod', Tags: tag },
      ]),
      fake('lambda', [{ ResourceARN: 'arn:aws:lambda:us-east-1:000000000000:function:fn', Tags: tag }]),
    ])
    const pick = async (types: string[]) =>
      (await ok.ctx.call('tagging', 'GetResources', { ResourceTypeFilters: types })).ResourceTagMappingList.map((m: any) => m.ResourceARN)
    expect(await pick(['s3'])).toEqual(['arn:aws:s3:::site-bucket'])
    expect(await pick(['apigateway'])).toHaveLength(2)
    expect(await pick(['apigateway:restapis'])).toEqual(['arn:aws:apigateway:us-east-1::/restapis/abc123'])
    expect(await pick(['apigateway:restapis/stages'])).toEqual(['arn:aws:apigateway:us-east-1::/restapis/abc123/stages/prod'])
    const bad = await ok.ctx.call('tagging', 'GetResources', { ResourceTypeFilters: ['not a filter'] }).catch((e) => e)
    expect(bad.code).toBe('InvalidParameterException')
    expect(await pick(['lambda:function', 's3:bucket'])).toHaveLength(2)
    await ok.stop()
  })
})
