/**
 * TagResources / UntagResources tag each resource through its own service and need that service's tagging permission
 * on it (lambda:TagResource, dynamodb:TagResource, s3:PutBucketTagging, apigateway:PUT/DELETE on /tags/…, iam:TagRole,
 * logs:TagResource), besides tag:TagResources on the call. A resource the caller may not tag, or that its service
 * refuses, comes back in FailedResourcesMap with the service's code, status and message; the others are tagged.
 */
import { APIGatewayClient, CreateRestApiCommand, GetTagsCommand } from '@aws-sdk/client-api-gateway'
import { CloudWatchLogsClient, CreateLogGroupCommand, ListTagsForResourceCommand } from '@aws-sdk/client-cloudwatch-logs'
import { CreateTableCommand, DynamoDBClient, ListTagsOfResourceCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb'
import { CreateRoleCommand, IAMClient, ListRoleTagsCommand } from '@aws-sdk/client-iam'
import { CreateFunctionCommand, LambdaClient, ListTagsCommand } from '@aws-sdk/client-lambda'
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient, TagResourcesCommand, UntagResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api'
import { CreateBucketCommand, GetBucketTaggingCommand, PutBucketTaggingCommand, S3Client } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { zip } from '../fixtures/lambda/zip.js'
import { useTestCloud, type TestCloud } from '../helpers/cloud.js'
import { failure } from '../helpers/failure.js'
import { userWithPolicy } from '../helpers/iam-principal.js'

const ACCOUNT = '000000000000'
const R = `us-east-1:${ACCOUNT}`
const FN = `arn:aws:lambda:${R}:function:tag-fn`
const TABLE = `arn:aws:dynamodb:${R}:table/TagTable`
const BUCKET = 'arn:aws:s3:::tag-bucket'
const ROLE = `arn:aws:iam::${ACCOUNT}:role/service-role/tag-role`
const GROUP = `arn:aws:logs:${R}:log-group:/tag/group`
let cloud: TestCloud
let restApi: string
let tagger: ResourceGroupsTaggingAPIClient

useTestCloud(async (c) => {
  cloud = c
  const iam = new IAMClient(c.sdk)
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] })
  await iam.send(new CreateRoleCommand({ RoleName: 'tag-role', Path: '/service-role/', AssumeRolePolicyDocument: trust }))
  await new LambdaClient(c.sdk).send(new CreateFunctionCommand({ FunctionName: 'tag-fn', Runtime: 'nodejs22.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zip({ 'index.js': 'exports.handler = async () => 1' }) } }))
  const ddb = new DynamoDBClient(c.sdk)
  await ddb.send(new CreateTableCommand({ TableName: 'TagTable', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }))
  await waitUntilTableExists({ client: ddb, maxWaitTime: 60, minDelay: 1, maxDelay: 1 }, { TableName: 'TagTable' })
  const s3 = new S3Client(c.sdk)
  await s3.send(new CreateBucketCommand({ Bucket: 'tag-bucket' }))
  await s3.send(new PutBucketTaggingCommand({ Bucket: 'tag-bucket', Tagging: { TagSet: [{ Key: 'owner', Value: 'ops' }] } }))
  await new CloudWatchLogsClient(c.sdk).send(new CreateLogGroupCommand({ logGroupName: '/tag/group' }))
  restApi = `arn:aws:apigateway:us-east-1::/restapis/${(await new APIGatewayClient(c.sdk).send(new CreateRestApiCommand({ name: 'tag-api' }))).id}`
  const credentials = await userWithPolicy(iam, 'tagger', [
    { Effect: 'Allow', Action: ['tag:TagResources', 'tag:UntagResources'], Resource: '*' },
    { Effect: 'Allow', Action: ['lambda:TagResource', 'lambda:UntagResource'], Resource: `arn:aws:lambda:*:*:function:*` },
    { Effect: 'Allow', Action: 's3:PutBucketTagging', Resource: BUCKET },
    { Effect: 'Allow', Action: 'apigateway:PUT', Resource: 'arn:aws:apigateway:*::/tags/*' },
    { Effect: 'Allow', Action: ['iam:TagRole', 'iam:UntagRole'], Resource: 'arn:aws:iam::*:role/service-role/*' },
  ])
  tagger = new ResourceGroupsTaggingAPIClient({ ...c.sdk, credentials })
}, 120_000)

const denied = (action: string, resource: string, status: number) => ({
  StatusCode: status,
  ErrorCode: 'AccessDeniedException',
  ErrorMessage: `User: arn:aws:iam::${ACCOUNT}:user/tagger is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
})

describe('TagResources / UntagResources under the IAM gate', { timeout: 60_000 }, () => {
  it("tags what the caller may tag in each service and lists the rest in FailedResourcesMap with the service's error", async () => {
    const missing = `arn:aws:lambda:${R}:function:no-such-fn`
    const out = await tagger.send(new TagResourcesCommand({ ResourceARNList: [FN, TABLE, BUCKET, restApi, ROLE, GROUP, missing], Tags: { team: 'red' } }))
    expect(out.$metadata.httpStatusCode).toBe(200)
    expect(out.FailedResourcesMap).toEqual({
      [TABLE]: denied('dynamodb:TagResource', TABLE, 400),
      [GROUP]: denied('logs:TagResource', GROUP, 400),
      [missing]: { StatusCode: 404, ErrorCode: 'ResourceNotFoundException', ErrorMessage: expect.stringContaining('no-such-fn') },
    })
    expect((await new LambdaClient(cloud.sdk).send(new ListTagsCommand({ Resource: FN }))).Tags).toEqual({ team: 'red' })
    // S3 keeps the bucket's other tags: the Tagging API adds, PutBucketTagging alone would replace.
    const bucketTags = (await new S3Client(cloud.sdk).send(new GetBucketTaggingCommand({ Bucket: 'tag-bucket' }))).TagSet
    expect(bucketTags?.map((t) => `${t.Key}=${t.Value}`).sort()).toEqual(['owner=ops', 'team=red'])
    expect((await new APIGatewayClient(cloud.sdk).send(new GetTagsCommand({ resourceArn: restApi }))).tags).toEqual({ team: 'red' })
    expect((await new IAMClient(cloud.sdk).send(new ListRoleTagsCommand({ RoleName: 'tag-role' }))).Tags).toEqual([{ Key: 'team', Value: 'red' }])
    expect((await new DynamoDBClient(cloud.sdk).send(new ListTagsOfResourceCommand({ ResourceArn: TABLE }))).Tags ?? []).toEqual([])
    expect((await new CloudWatchLogsClient(cloud.sdk).send(new ListTagsForResourceCommand({ resourceArn: GROUP }))).tags ?? {}).toEqual({})
  })

  it('UntagResources needs the service\'s untag permission (API Gateway: DELETE on the tags path)', async () => {
    const out = await tagger.send(new UntagResourcesCommand({ ResourceARNList: [FN, restApi, BUCKET], TagKeys: ['team'] }))
    const tagsPath = `arn:aws:apigateway:us-east-1::/tags/${restApi}`
    expect(out.FailedResourcesMap).toEqual({ [restApi]: { ...denied('apigateway:DELETE', tagsPath, 403) } })
    expect((await new LambdaClient(cloud.sdk).send(new ListTagsCommand({ Resource: FN }))).Tags ?? {}).toEqual({})
    expect((await new APIGatewayClient(cloud.sdk).send(new GetTagsCommand({ resourceArn: restApi }))).tags).toEqual({ team: 'red' })
    const bucketTags = (await new S3Client(cloud.sdk).send(new GetBucketTaggingCommand({ Bucket: 'tag-bucket' }))).TagSet
    expect(bucketTags).toEqual([{ Key: 'owner', Value: 'ops' }])
  })

  it('the account root tags every kind; a caller without tag:TagResources is refused the whole call', async () => {
    const root = new ResourceGroupsTaggingAPIClient(cloud.sdk)
    const out = await root.send(new TagResourcesCommand({ ResourceARNList: [TABLE, GROUP], Tags: { lab: '353' } }))
    expect(out.FailedResourcesMap ?? {}).toEqual({})
    expect((await new DynamoDBClient(cloud.sdk).send(new ListTagsOfResourceCommand({ ResourceArn: TABLE }))).Tags).toEqual([{ Key: 'lab', Value: '353' }])
    const iam = new IAMClient(cloud.sdk)
    const outsider = new ResourceGroupsTaggingAPIClient({ ...cloud.sdk, credentials: await userWithPolicy(iam, 'no-tagging', [{ Effect: 'Allow', Action: 'lambda:*', Resource: '*' }]) })
    const err = await failure(outsider.send(new TagResourcesCommand({ ResourceARNList: [FN], Tags: { a: 'b' } })))
    expect([err.name, err.$metadata.httpStatusCode]).toEqual(['AccessDeniedException', 400])
    expect((await new LambdaClient(cloud.sdk).send(new ListTagsCommand({ Resource: FN }))).Tags ?? {}).toEqual({})
  })

  it("an IAM role named with a path other than its own, or another account's resource, is not tagged", async () => {
    const wrongPath = `arn:aws:iam::${ACCOUNT}:role/service-role/elsewhere/tag-role`
    const otherAccount = `arn:aws:lambda:us-east-1:111111111111:function:tag-fn`
    const out = await tagger.send(new TagResourcesCommand({ ResourceARNList: [wrongPath, otherAccount], Tags: { sneaky: 'yes' } }))
    expect(out.FailedResourcesMap?.[wrongPath]).toMatchObject({ StatusCode: 404, ErrorCode: 'NoSuchEntity' })
    expect(out.FailedResourcesMap?.[otherAccount]).toMatchObject({ StatusCode: 400, ErrorCode: 'InvalidParameterException' })
    expect((await new IAMClient(cloud.sdk).send(new ListRoleTagsCommand({ RoleName: 'tag-role' }))).Tags?.some((t) => t.Key === 'sneaky')).toBe(false)
  })

  it('GetResources needs tag:GetResources alone (AWS lists no per-service read for it)', async () => {
    const reader = new ResourceGroupsTaggingAPIClient({ ...cloud.sdk, credentials: await userWithPolicy(new IAMClient(cloud.sdk), 'tag-reader', [{ Effect: 'Allow', Action: 'tag:GetResources', Resource: '*' }]) })
    const found = await reader.send(new GetResourcesCommand({ TagFilters: [{ Key: 'owner' }] }))
    expect(found.ResourceTagMappingList?.map((m) => m.ResourceARN)).toEqual([BUCKET])
  })

  it('refuses bad input in the JSON 1.1 shape and reports resource types it does not tag', async () => {
    const root = new ResourceGroupsTaggingAPIClient(cloud.sdk)
    expect((await failure(root.send(new TagResourcesCommand({ ResourceARNList: [], Tags: { a: 'b' } })))).name).toBe('InvalidParameterException')
    expect((await failure(root.send(new TagResourcesCommand({ ResourceARNList: [FN], Tags: {} })))).name).toBe('InvalidParameterException')
    const stack = `arn:aws:cloudformation:${R}:stack/s/1`
    const out = await root.send(new TagResourcesCommand({ ResourceARNList: [stack], Tags: { a: 'b' } }))
    expect(out.FailedResourcesMap?.[stack]).toMatchObject({ StatusCode: 400, ErrorCode: 'InvalidParameterException' })
  })
})
