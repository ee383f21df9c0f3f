/**
 * The API gate judges the resource an operation acts on, not a member the caller added: a signed, unprivileged IAM
 * user whose policies name only its own role/table/log group/user pool sends another operation's member beside the
 * real one (`RoleName` on CreateAccessKey, `ResourceArn` on Scan, `resourceArn` on DeleteLogGroup, `ResourceArn` on
 * AdminCreateUser, a `Qualifier` in a configuration update). Before the fix each of these was judged on the added
 * member and went through (an access key for the administrator, a table scanned, a log group deleted, a user
 * created in another pool, a Deny dodged). A function package in a bucket the caller may not read is refused too.
 */
import { CognitoIdentityProviderClient, CreateUserPoolCommand, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider'
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { CreateTableCommand, DynamoDBClient, PutItemCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb'
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, ListAccessKeysCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam'
import { CreateFunctionCommand, GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { zip } from '../fixtures/lambda/zip.js'
import { useTestCloud, type TestCloud } from '../helpers/cloud.js'
import { signedFetch } from '../helpers/signed-fetch.js'

const ACCOUNT = '000000000000'
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] })

let cloud: TestCloud
let iam: IAMClient
let lambda: LambdaClient
let mallory: { accessKeyId: string; secretAccessKey: string }
let allowedPool: string
let victimPool: string
let cognito: CognitoIdentityProviderClient

useTestCloud(async (c) => {
  cloud = c
  iam = new IAMClient(c.sdk)
  lambda = new LambdaClient(c.sdk)
  const dynamo = new DynamoDBClient(c.sdk)
  const logs = new CloudWatchLogsClient(c.sdk)
  cognito = new CognitoIdentityProviderClient(c.sdk)
  await iam.send(new CreateUserCommand({ UserName: 'admin' }))
  await iam.send(new AttachUserPolicyCommand({ UserName: 'admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }))
  await iam.send(new CreateRoleCommand({ RoleName: 'sandbox-mine', AssumeRolePolicyDocument: TRUST }))
  for (const table of ['allowed', 'victim']) {
    await dynamo.send(new CreateTableCommand({ TableName: table, AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }))
  }
  await waitUntilTableExists({ client: dynamo, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { TableName: 'victim' })
  await dynamo.send(new PutItemCommand({ TableName: 'victim', Item: { id: { S: 'secret' } } }))
  for (const group of ['allowed', 'victim']) await logs.send(new CreateLogGroupCommand({ logGroupName: group }))
  allowedPool = (await cognito.send(new CreateUserPoolCommand({ PoolName: 'allowed' }))).UserPool!.Id!
  victimPool = (await cognito.send(new CreateUserPoolCommand({ PoolName: 'victim' }))).UserPool!.Id!
  await new S3Client(c.sdk).send(new CreateBucketCommand({ Bucket: 'private-artifacts' }))
  await new S3Client(c.sdk).send(new PutObjectCommand({ Bucket: 'private-artifacts', Key: 'secret.zip', Body: zip({ 'index.js': '// the secret' }) }))
  await lambda.send(new CreateFunctionCommand({ FunctionName: 'victim', Runtime: 'nodejs22.x', Role: `arn:aws:iam::${ACCOUNT}:role/sandbox-mine`, Handler: 'index.handler', Code: { ZipFile: zip({ 'index.js': 'exports.handler = async () => 1' }) } }))

  await iam.send(new CreateUserCommand({ UserName: 'mallory' }))
  const statements = [
    { Effect: 'Allow', Action: 'iam:*', Resource: `arn:aws:iam::${ACCOUNT}:role/sandbox-*` },
    { Effect: 'Allow', Action: ['dynamodb:*', 'logs:*', 'cognito-idp:*'], Resource: [`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/allowed`, `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:allowed*`, `arn:aws:cognito-idp:us-east-1:${ACCOUNT}:userpool/${allowedPool}`] },
    { Effect: 'Allow', Action: 'lambda:*', Resource: '*' },
    { Effect: 'Deny', Action: 'lambda:UpdateFunctionConfiguration', Resource: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:victim` },
  ]
  await iam.send(new PutUserPolicyCommand({ UserName: 'mallory', PolicyName: 'scoped', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }))
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'mallory' }))).AccessKey!
  mallory = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }
}, 60_000)

const asMallory = (service: string, init: { method?: string; path?: string; headers?: Record<string, string>; body: string }) =>
  signedFetch(cloud, `${cloud.endpoint}${init.path ?? '/'}`, { service, method: init.method ?? 'POST', headers: init.headers, body: init.body, credentials: mallory })
const query = (params: Record<string, string>) => asMallory('iam', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ Version: '2010-05-08', ...params }).toString() })
const json = (service: string, target: string, version: string, body: object) =>
  asMallory(service, { headers: { 'content-type': `application/x-amz-json-${version}`, 'x-amz-target': target }, body: JSON.stringify(body) })

describe('the gate judges what the operation acts on, whatever else the input names', () => {
  it('IAM: a role member beside UserName does not make CreateAccessKey or PutUserPolicy a role operation', async () => {
    const key = await query({ Action: 'CreateAccessKey', UserName: 'admin', RoleName: 'sandbox-mine' })
    expect(key.status).toBe(403)
    expect(await key.text()).toContain('iam:CreateAccessKey on resource: user admin')
    expect((await iam.send(new ListAccessKeysCommand({ UserName: 'admin' }))).AccessKeyMetadata).toEqual([])
    const admin = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] })
    const put = await query({ Action: 'PutUserPolicy', UserName: 'mallory', PolicyName: 'all', PolicyDocument: admin, RoleName: 'sandbox-mine' })
    expect(put.status).toBe(403)
    // The role it may manage, it still manages (an added UserName is no user operation either).
    expect((await query({ Action: 'GetRole', RoleName: 'sandbox-mine', UserName: 'admin' })).status).toBe(200)
  })

  it('DynamoDB: ResourceArn or TableArn of an allowed table does not open another table', async () => {
    const allowedArn = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/allowed`
    for (const member of ['ResourceArn', 'TableArn']) {
      const scan = await json('dynamodb', 'DynamoDB_20120810.Scan', '1.0', { TableName: 'victim', [member]: allowedArn })
      expect(scan.status, member).toBe(400)
      const text = await scan.text()
      expect(text).toContain('AccessDeniedException')
      expect(text).not.toContain('secret')
    }
    expect((await json('dynamodb', 'DynamoDB_20120810.Scan', '1.0', { TableName: 'allowed', ResourceArn: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/victim` })).status).toBe(200)
  })

  it('Logs: resourceArn of an allowed group does not delete another', async () => {
    const res = await json('logs', 'Logs_20140328.DeleteLogGroup', '1.1', { logGroupName: 'victim', resourceArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:allowed` })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('AccessDeniedException')
    const groups = await new CloudWatchLogsClient(cloud.sdk).send(new DescribeLogGroupsCommand({}))
    expect(groups.logGroups?.map((g) => g.logGroupName)).toContain('victim')
  })

  it('Cognito: ResourceArn of an allowed pool does not administer another', async () => {
    const res = await json('cognito-idp', 'AWSCognitoIdentityProviderService.AdminCreateUser', '1.1', {
      UserPoolId: victimPool,
      Username: 'intruder',
      ResourceArn: `arn:aws:cognito-idp:us-east-1:${ACCOUNT}:userpool/${allowedPool}`,
    })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('AccessDeniedException')
    expect((await cognito.send(new ListUsersCommand({ UserPoolId: victimPool }))).Users).toEqual([])
  })

  it('Lambda: a Qualifier in a configuration update does not dodge a Deny on the function', async () => {
    const res = await asMallory('lambda', { method: 'PUT', path: '/2015-03-31/functions/victim/configuration', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ Qualifier: 'x', Timeout: 60 }) })
    expect(res.status).toBe(403)
    expect((await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'victim' }))).Timeout).toBe(3)
  })

  it('Lambda: a package in a bucket the caller may not read is refused (no reading zips through Code.Location)', async () => {
    const body = { FunctionName: 'stolen', Runtime: 'nodejs22.x', Role: `arn:aws:iam::${ACCOUNT}:role/sandbox-mine`, Handler: 'index.handler', Code: { S3Bucket: 'private-artifacts', S3Key: 'secret.zip' } }
    const res = await asMallory('lambda', { path: '/2015-03-31/functions', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('s3:GetObject')
    await expect(lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'stolen' }))).rejects.toThrow(/not found/i)
    // The account's own key still deploys from the bucket.
    await lambda.send(new CreateFunctionCommand({ ...body, FunctionName: 'deployed' } as any))
  })
})
