/**
 * IAM policies gate every local AWS API for IAM users and role sessions, as on AWS: a function's execution-role
 * credentials cannot read other functions (their code, their environment's secrets) unless its role allows it; a
 * resource-scoped Allow matches only its resource; an explicit Deny wins; an S3 read-only user cannot write; a bucket
 * policy naming a role grants its sessions without an identity policy; DynamoDB permissions are per table; the
 * account's root key is unaffected; a policy change is seen at once.
 */
import { DynamoDBClient, BatchWriteItemCommand, CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, DeleteRolePolicyCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam'
import { CreateFunctionCommand, GetFunctionConfigurationCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { CreateBucketCommand, DeleteBucketPolicyCommand, GetObjectCommand, HeadObjectCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { describe, expect, it } from 'vitest'
import { useTestCloud, type TestCloud } from '../helpers/cloud.js'
import { zip } from '../fixtures/lambda/zip.js'

const ACCOUNT = '000000000000'
const ARN = (kind: 'role' | 'user', name: string) => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`
const FN = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`
const LAMBDA_TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] })
const allow = (action: string | string[], resource: string | string[], effect = 'Allow') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Action: action, Resource: resource }] })

let cloud: TestCloud
let iam: IAMClient
let lambda: LambdaClient
let s3: S3Client
let dynamo: DynamoDBClient
let user: { accessKeyId: string; secretAccessKey: string }

useTestCloud(async (c) => {
  cloud = c
  iam = new IAMClient(c.sdk)
  lambda = new LambdaClient(c.sdk)
  s3 = new S3Client(c.sdk)
  dynamo = new DynamoDBClient(c.sdk)
  const code = (source: string) => ({ ZipFile: zip({ 'index.js': source }) })
  await iam.send(new CreateRoleCommand({ RoleName: 'prober', AssumeRolePolicyDocument: LAMBDA_TRUST }))
  await iam.send(new CreateRoleCommand({ RoleName: 'victim-role', AssumeRolePolicyDocument: LAMBDA_TRUST }))
  const victim = { Runtime: 'nodejs22.x' as const, Role: ARN('role', 'victim-role'), Handler: 'index.handler', Code: code('exports.handler = async () => 1') }
  await lambda.send(new CreateFunctionCommand({ ...victim, FunctionName: 'victim', Environment: { Variables: { DB_PASSWORD: 'hunter2' } } }))
  await lambda.send(new CreateFunctionCommand({ ...victim, FunctionName: 'bystander' }))
  // The attacker's function: calls Lambda with its own execution-role credentials, from inside its sandbox.
  const probe = `const l = require('@aws-sdk/client-lambda')
exports.handler = async (e) => {
  try {
    const out = await new l.LambdaClient({}).send(new l[e.command + 'Command'](e.input))
    return { ok: true, variables: (out.Configuration ?? out).Environment?.Variables, count: out.Functions?.length }
  } catch (err) { return { ok: false, name: err.name, status: err.$metadata?.httpStatusCode, message: err.message } }
}`
  await lambda.send(new CreateFunctionCommand({ ...victim, FunctionName: 'probe', Role: ARN('role', 'prober'), Code: code(probe) }))
  // An IAM user with AWS's read-only S3 policy, who may also assume the `bucket-reader` role.
  await iam.send(new CreateUserCommand({ UserName: 'reader' }))
  await iam.send(new AttachUserPolicyCommand({ UserName: 'reader', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }))
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'reader' }))).AccessKey!
  user = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }
  const trustUser = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ARN('user', 'reader') }, Action: 'sts:AssumeRole' }] })
  await iam.send(new CreateRoleCommand({ RoleName: 'bucket-reader', AssumeRolePolicyDocument: trustUser }))
  await iam.send(new CreateRoleCommand({ RoleName: 'table-writer', AssumeRolePolicyDocument: trustUser }))
  await s3.send(new CreateBucketCommand({ Bucket: 'gated' }))
  await s3.send(new PutObjectCommand({ Bucket: 'gated', Key: 'doc.txt', Body: 'hello' }))
}, 60_000)

const probe = async (command: string, input: object) => {
  const out = await lambda.send(new InvokeCommand({ FunctionName: 'probe', Payload: Buffer.from(JSON.stringify({ command, input })) }))
  expect(out.FunctionError).toBeUndefined()
  return JSON.parse(Buffer.from(out.Payload!).toString()) as { ok: boolean; name?: string; status?: number; message?: string; variables?: Record<string, string>; count?: number }
}
const session = async (role: string) => {
  const sts = new STSClient({ ...cloud.sdk, credentials: user })
  const c = (await sts.send(new AssumeRoleCommand({ RoleArn: ARN('role', role), RoleSessionName: 'test' }))).Credentials!
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }
}
const failure = (p: Promise<unknown>) => p.then(() => undefined, (err) => ({ name: err.name as string, status: err.$metadata?.httpStatusCode as number, message: err.message as string }))
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/prober/probe`

describe("a function's execution role", { timeout: 60_000 }, () => {
  it("cannot list functions or read another function's code or configuration without a policy allowing it (AWS's words); the root key can", async () => {
    for (const command of ['GetFunction', 'GetFunctionConfiguration']) {
      const denied = await probe(command, { FunctionName: 'victim' })
      expect(denied).toMatchObject({
        ok: false,
        name: 'AccessDeniedException',
        status: 403,
        message: `User: ${SESSION} is not authorized to perform: lambda:${command} on resource: ${FN('victim')} because no identity-based policy allows the lambda:${command} action`,
      })
      expect(JSON.stringify(denied)).not.toContain('hunter2')
    }
    expect(await probe('ListFunctions', {})).toMatchObject({ ok: false, message: `User: ${SESSION} is not authorized to perform: lambda:ListFunctions on resource: * because no identity-based policy allows the lambda:ListFunctions action` })
    // A qualified name is judged on the qualified ARN.
    expect((await probe('GetFunction', { FunctionName: 'victim', Qualifier: '$LATEST' })).message).toContain(`on resource: ${FN('victim')}:$LATEST because`)
    // The account's root key (the install's) is unaffected.
    const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'victim' }))
    expect(config.Environment?.Variables?.DB_PASSWORD).toBe('hunter2')
  })

  it('a resource-scoped Allow opens only its function, an explicit Deny beats it, and each policy change is seen at once', async () => {
    await iam.send(new PutRolePolicyCommand({ RoleName: 'prober', PolicyName: 'read-victim', PolicyDocument: allow(['lambda:GetFunctionConfiguration', 'lambda:ListFunctions'], [FN('victim'), '*']) }))
    expect(await probe('GetFunctionConfiguration', { FunctionName: 'victim' })).toMatchObject({ ok: true, variables: { DB_PASSWORD: 'hunter2' } })
    expect((await probe('ListFunctions', {})).count).toBe(3)
    await iam.send(new PutRolePolicyCommand({ RoleName: 'prober', PolicyName: 'read-victim', PolicyDocument: allow('lambda:GetFunctionConfiguration', FN('victim')) }))
    expect(await probe('GetFunctionConfiguration', { FunctionName: 'victim' })).toMatchObject({ ok: true })
    expect(await probe('GetFunctionConfiguration', { FunctionName: 'bystander' })).toMatchObject({ ok: false, name: 'AccessDeniedException', message: expect.stringContaining(`on resource: ${FN('bystander')} because no identity-based policy allows`) })
    // GetFunction is another action: not granted by GetFunctionConfiguration.
    expect(await probe('GetFunction', { FunctionName: 'victim' })).toMatchObject({ ok: false })
    // By full ARN, the same function.
    expect(await probe('GetFunctionConfiguration', { FunctionName: FN('victim') })).toMatchObject({ ok: true })

    await iam.send(new PutRolePolicyCommand({ RoleName: 'prober', PolicyName: 'deny-all-lambda', PolicyDocument: allow('lambda:*', '*', 'Deny') }))
    expect(await probe('GetFunctionConfiguration', { FunctionName: 'victim' })).toMatchObject({
      ok: false,
      name: 'AccessDeniedException',
      message: `User: ${SESSION} is not authorized to perform: lambda:GetFunctionConfiguration on resource: ${FN('victim')} with an explicit deny in an identity-based policy`,
    })
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'prober', PolicyName: 'deny-all-lambda' }))
    expect(await probe('GetFunctionConfiguration', { FunctionName: 'victim' })).toMatchObject({ ok: true })
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'prober', PolicyName: 'read-victim' }))
    expect(await probe('GetFunctionConfiguration', { FunctionName: 'victim' })).toMatchObject({ ok: false, name: 'AccessDeniedException' })
  })
})

describe('S3', { timeout: 30_000 }, () => {
  it('an IAM user with AmazonS3ReadOnlyAccess can read but not write (S3 403 AccessDenied, resource quoted)', async () => {
    const asUser = new S3Client({ ...cloud.sdk, credentials: user })
    expect(await (await asUser.send(new GetObjectCommand({ Bucket: 'gated', Key: 'doc.txt' }))).Body!.transformToString()).toBe('hello')
    expect((await asUser.send(new HeadObjectCommand({ Bucket: 'gated', Key: 'doc.txt' }))).ContentLength).toBe(5)
    expect(await failure(asUser.send(new PutObjectCommand({ Bucket: 'gated', Key: 'doc.txt', Body: 'overwritten' })))).toEqual({
      name: 'AccessDenied',
      status: 403,
      message: `User: ${ARN('user', 'reader')} is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::gated/doc.txt" because no identity-based policy allows the s3:PutObject action`,
    })
    expect(await (await s3.send(new GetObjectCommand({ Bucket: 'gated', Key: 'doc.txt' }))).Body!.transformToString()).toBe('hello')
  })

  it('a bucket policy naming a role grants its sessions without an identity policy; one naming only the account does not; its Deny beats an identity Allow', async () => {
    const asRole = new S3Client({ ...cloud.sdk, credentials: await session('bucket-reader') })
    const get = () => asRole.send(new GetObjectCommand({ Bucket: 'gated', Key: 'doc.txt' })).then((o) => o.Body!.transformToString())
    expect(await failure(get())).toMatchObject({ name: 'AccessDenied', status: 403 })
    const grant = (principal: string, effect = 'Allow') =>
      s3.send(new PutBucketPolicyCommand({ Bucket: 'gated', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Principal: { AWS: principal }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::gated/*' }] }) }))
    await grant(ARN('role', 'bucket-reader'))
    expect(await get()).toBe('hello')
    await grant(ACCOUNT)
    expect(await failure(get())).toMatchObject({ name: 'AccessDenied' })
    // The read-only user's identity policy allows GetObject; the bucket policy's Deny wins.
    await grant(ARN('user', 'reader'), 'Deny')
    expect(await failure(new S3Client({ ...cloud.sdk, credentials: user }).send(new GetObjectCommand({ Bucket: 'gated', Key: 'doc.txt' })))).toMatchObject({
      name: 'AccessDenied',
      message: `User: ${ARN('user', 'reader')} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::gated/doc.txt" with an explicit deny in a resource-based policy`,
    })
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: 'gated' }))
  })
})

describe('DynamoDB', { timeout: 30_000 }, () => {
  it('a table-scoped policy opens that table only (400 AccessDeniedException), batch calls included', async () => {
    for (const TableName of ['mine', 'theirs']) {
      await dynamo.send(new CreateTableCommand({ TableName, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] }))
    }
    const table = (name: string) => `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${name}`
    await iam.send(new PutRolePolicyCommand({ RoleName: 'table-writer', PolicyName: 'mine', PolicyDocument: allow(['dynamodb:PutItem', 'dynamodb:BatchWriteItem'], table('mine')) }))
    const asRole = new DynamoDBClient({ ...cloud.sdk, credentials: await session('table-writer') })
    const item = { id: { S: '1' } }
    await asRole.send(new PutItemCommand({ TableName: 'mine', Item: item }))
    expect(await failure(asRole.send(new PutItemCommand({ TableName: 'theirs', Item: item })))).toEqual({
      name: 'AccessDeniedException',
      status: 400,
      message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/table-writer/test is not authorized to perform: dynamodb:PutItem on resource: ${table('theirs')} because no identity-based policy allows the dynamodb:PutItem action`,
    })
    await asRole.send(new BatchWriteItemCommand({ RequestItems: { mine: [{ PutRequest: { Item: item } }] } }))
    const both = { mine: [{ PutRequest: { Item: item } }], theirs: [{ PutRequest: { Item: item } }] }
    expect(await failure(asRole.send(new BatchWriteItemCommand({ RequestItems: both })))).toMatchObject({ name: 'AccessDeniedException', message: expect.stringContaining(table('theirs')) })
    // The root key writes anywhere.
    await dynamo.send(new PutItemCommand({ TableName: 'theirs', Item: item }))
  })
})

describe('IAM users', () => {
  it("cannot grant themselves more: IAM's own API is gated too (Query AccessDenied)", async () => {
    const asUser = new IAMClient({ ...cloud.sdk, credentials: user })
    expect(await failure(asUser.send(new PutUserPolicyCommand({ UserName: 'reader', PolicyName: 'all', PolicyDocument: allow('*', '*') })))).toEqual({
      name: 'AccessDenied',
      status: 403,
      message: `User: ${ARN('user', 'reader')} is not authorized to perform: iam:PutUserPolicy on resource: user reader because no identity-based policy allows the iam:PutUserPolicy action`,
    })
  })
})
