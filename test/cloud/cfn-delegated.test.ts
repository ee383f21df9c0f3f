/**
 * CloudFormation acts with the caller's permissions, or as the stack's service role (RoleARN), as on AWS: an IAM user
 * who may only call CloudFormation gets a stack whose Lambda function fails with Lambda's AccessDenied and rolls
 * back; one whose policy allows the function gets it; a RoleARN the caller may not pass, or CloudFormation may not
 * assume, is refused in AWS's words; a stack's role is kept (across a restart) for later operations, even for
 * callers who may not pass it; a nested stack acts as its parent's caller; the account's root key is unaffected.
 */
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation'
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, DeleteUserPolicyCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam'
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { useTestCloud, type TestCloud } from '../helpers/cloud.js'

const ACCOUNT = '000000000000'
const ARN = (kind: 'role' | 'user', name: string) => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`
const trust = (service: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] })
const policy = (...statements: [string | string[], string | string[]][]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements.map(([Action, Resource]) => ({ Effect: 'Allow', Action, Resource })) })

/** One inline Lambda function with a fixed name, on an existing execution role. */
const template = (name: string, description = 'v1') =>
  JSON.stringify({
    Resources: {
      Fn: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          FunctionName: name,
          Description: description,
          Runtime: 'nodejs22.x',
          Handler: 'index.handler',
          Role: ARN('role', 'fn-role'),
          Code: { ZipFile: 'exports.handler = async () => 1' },
        },
      },
    },
  })

let cloud: TestCloud
let iam: IAMClient
const keys: Record<string, { accessKeyId: string; secretAccessKey: string }> = {}

async function user(name: string, document: string) {
  await iam.send(new CreateUserCommand({ UserName: name }))
  await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: document }))
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!
  keys[name] = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }
}

useTestCloud(async (c) => {
  cloud = c
  iam = new IAMClient(c.sdk)
  await iam.send(new CreateRoleCommand({ RoleName: 'fn-role', AssumeRolePolicyDocument: trust('lambda.amazonaws.com') }))
  await iam.send(new CreateRoleCommand({ RoleName: 'cfn-service', AssumeRolePolicyDocument: trust('cloudformation.amazonaws.com') }))
  await iam.send(new PutRolePolicyCommand({ RoleName: 'cfn-service', PolicyName: 'p', PolicyDocument: policy(['lambda:*', '*'], ['iam:PassRole', ARN('role', 'fn-role')]) }))
  await iam.send(new CreateRoleCommand({ RoleName: 'not-for-cfn', AssumeRolePolicyDocument: trust('lambda.amazonaws.com') }))
  await user('deployer', policy(['cloudformation:*', '*']))
  await user('builder', policy(['cloudformation:*', '*'], ['lambda:*', '*'], ['iam:PassRole', ARN('role', 'fn-role')]))
  await user('passer', policy(['cloudformation:*', '*'], ['iam:PassRole', [ARN('role', 'cfn-service'), ARN('role', 'not-for-cfn'), ARN('role', 'missing')]]))
}, 60_000)

const cfnAs = (name?: string) => new CloudFormationClient(name ? { ...cloud.sdk, credentials: keys[name] } : cloud.sdk)
const failure = (p: Promise<unknown>) => p.then(() => undefined, (err) => ({ name: err.name as string, status: err.$metadata?.httpStatusCode as number, message: err.message as string }))

/** Polls until the stack's operation has ended (no clock involved in any assertion). */
async function settled(stackName: string) {
  const cfn = cfnAs()
  for (;;) {
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks![0]
    if (!stack.StackStatus!.endsWith('_IN_PROGRESS')) return stack
    await new Promise((r) => setTimeout(r, 50))
  }
}

async function functionExists(name: string) {
  return new LambdaClient(cloud.sdk).send(new GetFunctionCommand({ FunctionName: name })).then(() => true, () => false)
}

describe('CloudFormation acts as its caller', { timeout: 60_000 }, () => {
  it("fails a resource the caller may not create, with the service's AccessDenied, and rolls back", async () => {
    await cfnAs('deployer').send(new CreateStackCommand({ StackName: 'denied', TemplateBody: template('delegated-denied') }))
    expect((await settled('denied')).StackStatus).toBe('ROLLBACK_COMPLETE')
    const events = (await cfnAs().send(new DescribeStackEventsCommand({ StackName: 'denied' }))).StackEvents!
    const failed = events.find((e) => e.LogicalResourceId === 'Fn' && e.ResourceStatus === 'CREATE_FAILED')
    expect(failed?.ResourceStatusReason).toContain(
      `User: ${ARN('user', 'deployer')} is not authorized to perform: lambda:CreateFunction on resource: arn:aws:lambda:us-east-1:${ACCOUNT}:function:delegated-denied because no identity-based policy allows the lambda:CreateFunction action`,
    )
    expect(failed?.ResourceStatusReason).toContain('AccessDeniedException')
    expect(await functionExists('delegated-denied')).toBe(false)
  })

  it('creates and deletes what the caller may create and delete', async () => {
    await cfnAs('builder').send(new CreateStackCommand({ StackName: 'allowed', TemplateBody: template('delegated-allowed') }))
    expect((await settled('allowed')).StackStatus).toBe('CREATE_COMPLETE')
    expect(await functionExists('delegated-allowed')).toBe(true)
    await cfnAs('builder').send(new DeleteStackCommand({ StackName: 'allowed' }))
    const cfn = cfnAs()
    for (;;) {
      const stacks = (await cfn.send(new DescribeStacksCommand({}))).Stacks ?? []
      if (!stacks.some((s) => s.StackName === 'allowed')) break
      await new Promise((r) => setTimeout(r, 50))
    }
    expect(await functionExists('delegated-allowed')).toBe(false)
  })

  it('acts as the same caller in a nested stack', async () => {
    const s3 = new S3Client(cloud.sdk)
    await s3.send(new CreateBucketCommand({ Bucket: 'nested-templates' }))
    const child = JSON.stringify({ Resources: { Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'delegated-nested' } } } })
    await s3.send(new PutObjectCommand({ Bucket: 'nested-templates', Key: 'child.json', Body: child }))
    const parent = JSON.stringify({ Resources: { Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: `${cloud.endpoint}/nested-templates/child.json` } } } })
    await cfnAs('builder').send(new CreateStackCommand({ StackName: 'nested', TemplateBody: parent }))
    expect((await settled('nested')).StackStatus).toBe('ROLLBACK_COMPLETE')
    const events = (await cfnAs().send(new DescribeStackEventsCommand({ StackName: 'nested' }))).StackEvents!
    const failed = events.find((e) => e.LogicalResourceId === 'Child' && e.ResourceStatus === 'CREATE_FAILED')
    const childId = /^Embedded stack (\S+) was not successfully created/.exec(failed?.ResourceStatusReason ?? '')?.[1]
    const childEvents = (await cfnAs().send(new DescribeStackEventsCommand({ StackName: childId }))).StackEvents!
    const denied = childEvents.find((e) => e.LogicalResourceId === 'Logs' && e.ResourceStatus === 'CREATE_FAILED')
    expect(denied?.ResourceStatusReason).toContain(`User: ${ARN('user', 'builder')} is not authorized to perform: logs:CreateLogGroup`)
  })

  it("leaves the account's root key all-powerful", async () => {
    await cfnAs().send(new CreateStackCommand({ StackName: 'root', TemplateBody: template('delegated-root') }))
    expect((await settled('root')).StackStatus).toBe('CREATE_COMPLETE')
  })
})

describe('a stack service role (RoleARN)', { timeout: 60_000 }, () => {
  it('is refused when the caller may not pass it (iam:PassRole), in CreateStack and CreateChangeSet', async () => {
    for (const call of [
      cfnAs('deployer').send(new CreateStackCommand({ StackName: 'no-pass', TemplateBody: template('np'), RoleARN: ARN('role', 'cfn-service') })),
      cfnAs('deployer').send(new CreateChangeSetCommand({ StackName: 'no-pass', ChangeSetName: 'c', ChangeSetType: 'CREATE', TemplateBody: template('np'), RoleARN: ARN('role', 'cfn-service') })),
    ]) {
      expect(await failure(call)).toEqual({
        name: 'AccessDenied',
        status: 403,
        message: `User: ${ARN('user', 'deployer')} is not authorized to perform: iam:PassRole on resource: ${ARN('role', 'cfn-service')} because no identity-based policy allows the iam:PassRole action`,
      })
    }
    expect(await failure(cfnAs().send(new DescribeStacksCommand({ StackName: 'no-pass' })))).toMatchObject({ name: 'ValidationError' })
  })

  it('is refused when CloudFormation cannot assume it (its trust policy, or no such role)', async () => {
    for (const role of ['not-for-cfn', 'missing']) {
      const err = await failure(cfnAs('passer').send(new CreateStackCommand({ StackName: 'no-assume', TemplateBody: template('na'), RoleARN: ARN('role', role) })))
      expect(err).toEqual({ name: 'ValidationError', status: 400, message: `Role ${ARN('role', role)} is invalid or cannot be assumed` })
    }
    expect(await failure(cfnAs('passer').send(new CreateStackCommand({ StackName: 'no-assume', TemplateBody: template('na'), RoleARN: 'cfn-service' })))).toMatchObject({
      name: 'ValidationError',
      message: 'cfn-service is not a valid RoleARN',
    })
  })

  it("acts with the role's permissions, kept with the stack across a restart, for callers who may not pass it", async () => {
    await cfnAs('passer').send(new CreateStackCommand({ StackName: 'role-stack', TemplateBody: template('delegated-role'), RoleARN: ARN('role', 'cfn-service') }))
    const created = await settled('role-stack')
    expect([created.StackStatus, created.RoleARN]).toEqual(['CREATE_COMPLETE', ARN('role', 'cfn-service')])
    expect(await functionExists('delegated-role')).toBe(true)

    cloud = await cloud.restart()
    iam = new IAMClient(cloud.sdk)
    // The caller can no longer pass any role: the stack's own role still does the work.
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'passer', PolicyName: 'p' }))
    await iam.send(new PutUserPolicyCommand({ UserName: 'passer', PolicyName: 'p', PolicyDocument: policy(['cloudformation:*', '*']) }))
    await cfnAs('passer').send(new UpdateStackCommand({ StackName: 'role-stack', TemplateBody: template('delegated-role', 'v2') }))
    expect((await settled('role-stack')).StackStatus).toBe('UPDATE_COMPLETE')

    // A role CloudFormation can no longer assume stops the next operation, as AWS's DeleteStack does.
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'cfn-service', PolicyDocument: trust('lambda.amazonaws.com') }))
    expect(await failure(cfnAs('passer').send(new DeleteStackCommand({ StackName: 'role-stack' })))).toEqual({
      name: 'ValidationError',
      status: 400,
      message: `Role ${ARN('role', 'cfn-service')} is invalid or cannot be assumed`,
    })
    expect((await settled('role-stack')).StackStatus).toBe('UPDATE_COMPLETE')
  })
})
