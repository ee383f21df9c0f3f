/** IAM users, access keys and managed policies (API and CloudFormation), STS AssumeRole, the second local account. */
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStacksCommand, waitUntilStackCreateComplete, waitUntilStackDeleteComplete } from '@aws-sdk/client-cloudformation'
import {
  AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, DeletePolicyCommand, DeleteUserCommand,
  DetachUserPolicyCommand, GetPolicyVersionCommand, GetUserCommand, IAMClient, ListAccessKeysCommand, ListUsersCommand, PutUserPolicyCommand,
} from '@aws-sdk/client-iam'
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { labCloudEnv, useTestCloud, type TestCloud } from '../helpers/cloud.js'
import { signRequest } from '../helpers/signed-fetch.js'
import { request } from './apigateway-helpers.js'

let cloud: TestCloud
let iam: IAMClient
useTestCloud(async (c) => {
  cloud = c
  iam = new IAMClient(c.sdk)
})

const allow = (Action: string, Resource = '*') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action, Resource }] })
const wait = { maxWaitTime: 60, minDelay: 0.1, maxDelay: 0.5 }

describe('IAM users and access keys', () => {
  it('creates a user and keys with AWS shapes and quotas; refuses to delete a user that still has keys', async () => {
    const user = (await iam.send(new CreateUserCommand({ UserName: 'carol', Path: '/team/' }))).User!
    expect(user).toMatchObject({ UserName: 'carol', Path: '/team/', Arn: 'arn:aws:iam::000000000000:user/team/carol' })
    expect(user.UserId).toMatch(/^AIDA[A-Z0-9]{17}$/)
    await expect(iam.send(new CreateUserCommand({ UserName: 'CAROL' }))).rejects.toThrow('User with name CAROL already exists.')
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'carol' }))).AccessKey!
    expect(key.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/)
    expect(key.SecretAccessKey).toHaveLength(40)
    await iam.send(new CreateAccessKeyCommand({ UserName: 'carol' }))
    await expect(iam.send(new CreateAccessKeyCommand({ UserName: 'carol' }))).rejects.toThrow('Cannot exceed quota for AccessKeysPerUser: 2')
    const listed = await iam.send(new ListAccessKeysCommand({ UserName: 'carol' }))
    expect(listed.AccessKeyMetadata?.map((k) => k.Status)).toEqual(['Active', 'Active'])
    expect(JSON.stringify(listed)).not.toContain(key.SecretAccessKey!)
    await expect(iam.send(new DeleteUserCommand({ UserName: 'carol' }))).rejects.toThrow('Cannot delete entity, must delete access keys first.')
    expect((await iam.send(new ListUsersCommand({ PathPrefix: '/team/' }))).Users?.map((u) => u.UserName)).toEqual(['carol'])

    const carol = { ...cloud.sdk, credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! } }
    const who = await new STSClient(carol).send(new GetCallerIdentityCommand({}))
    expect(who).toMatchObject({ Account: '000000000000', Arn: 'arn:aws:iam::000000000000:user/team/carol', UserId: user.UserId })
    // GetUser without UserName acts on the caller, who needs iam:GetUser on itself like any IAM action.
    await iam.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'self', PolicyDocument: allow('iam:GetUser', user.Arn!) }))
    expect((await new IAMClient(carol).send(new GetUserCommand({}))).User?.UserName).toBe('carol')
  })

  it('customer managed policies: attach, refuse deletion while attached, versions URL-encoded', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'dave' }))
    const policy = (await iam.send(new CreatePolicyCommand({ PolicyName: 'invoke-all', PolicyDocument: allow('execute-api:Invoke') }))).Policy!
    expect(policy.Arn).toBe('arn:aws:iam::000000000000:policy/invoke-all')
    await iam.send(new AttachUserPolicyCommand({ UserName: 'dave', PolicyArn: policy.Arn }))
    await expect(iam.send(new DeletePolicyCommand({ PolicyArn: policy.Arn }))).rejects.toThrow('Cannot delete a policy attached to entities.')
    const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: policy.Arn, VersionId: 'v1' }))
    expect(JSON.parse(decodeURIComponent(version.PolicyVersion!.Document!))).toEqual(JSON.parse(allow('execute-api:Invoke')))
    await expect(iam.send(new AttachUserPolicyCommand({ UserName: 'dave', PolicyArn: 'arn:aws:iam::000000000000:policy/missing' }))).rejects.toThrow('does not exist or is not attachable')
    await iam.send(new DetachUserPolicyCommand({ UserName: 'dave', PolicyArn: policy.Arn }))
    await iam.send(new DeletePolicyCommand({ PolicyArn: policy.Arn }))
  })
})

describe('STS AssumeRole', () => {
  const trust = (principal: unknown) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] })

  it('root cannot assume roles; a user the trust policy does not name cannot either', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'named', AssumeRolePolicyDocument: trust({ AWS: 'arn:aws:iam::000000000000:user/erin' }) }))
    await expect(new STSClient(cloud.sdk).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/named', RoleSessionName: 's1' }))).rejects.toThrow('Roles may not be assumed by root accounts.')
    await iam.send(new CreateUserCommand({ UserName: 'frank' }))
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'frank' }))).AccessKey!
    const frank = new STSClient({ ...cloud.sdk, credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! } })
    await expect(frank.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/named', RoleSessionName: 's1' }))).rejects.toThrow(
      'User: arn:aws:iam::000000000000:user/frank is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::000000000000:role/named',
    )
    // A trust policy naming the account delegates to the caller's own policies.
    await iam.send(new CreateRoleCommand({ RoleName: 'account-trust', AssumeRolePolicyDocument: trust({ AWS: '000000000000' }) }))
    await expect(frank.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/account-trust', RoleSessionName: 's1' }))).rejects.toThrow(/not authorized to perform: sts:AssumeRole/)
    await iam.send(new PutUserPolicyCommand({ UserName: 'frank', PolicyName: 'assume', PolicyDocument: allow('sts:AssumeRole', 'arn:aws:iam::000000000000:role/account-trust') }))
    const assumed = await frank.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/account-trust', RoleSessionName: 'frank-session', DurationSeconds: 900 }))
    expect(assumed.AssumedRoleUser?.Arn).toBe('arn:aws:sts::000000000000:assumed-role/account-trust/frank-session')
    expect(assumed.Credentials?.AccessKeyId).toMatch(/^ASIA/)
    expect(assumed.Credentials!.Expiration!.getTime() - Date.now()).toBeLessThanOrEqual(900_000)
    await expect(frank.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/account-trust', RoleSessionName: 's', DurationSeconds: 7200 }))).rejects.toThrow(/Member must satisfy|exceeds the MaxSessionDuration/)
  })
})

describe('the second local account', () => {
  it('lab cloud env --account second gives its root key; the AWS CLI sees account 111111111111', async () => {
    const env = await labCloudEnv(cloud, 'second')
    const main = await labCloudEnv(cloud)
    expect(env.AWS_ACCESS_KEY_ID).not.toBe(main.AWS_ACCESS_KEY_ID)
    const result = await execa('/usr/bin/aws', ['--endpoint-url', cloud.endpoint, '--output', 'json', 'sts', 'get-caller-identity'], {
      reject: false,
      extendEnv: false,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cloud.home, AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY, AWS_REGION: 'us-east-1' },
    })
    expect(result.exitCode, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ Account: '111111111111', Arn: 'arn:aws:iam::111111111111:root' })
    await expect(labCloudEnv(cloud, 'third')).rejects.toThrow('Unknown account "third"')
  })
})

describe('CloudFormation: a user with a key and a managed policy, an AWS_IAM method behind a resource policy', () => {
  it('deploys, the key signs as the user, the policy and resource policy apply, and it all goes away on delete', async () => {
    const cfn = new CloudFormationClient(cloud.sdk)
    const template = {
      Resources: {
        Caller: { Type: 'AWS::IAM::User', Properties: { Policies: [{ PolicyName: 'read', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: { 'Fn::Sub': 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/GET/*' } }] } }] } },
        CallerKey: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: { Ref: 'Caller' } } },
        Writers: { Type: 'AWS::IAM::ManagedPolicy', Properties: { Users: [{ Ref: 'Caller' }], PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }] } } },
        Api: {
          Type: 'AWS::ApiGateway::RestApi',
          Properties: {
            Name: 'cfn-iam',
            Policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }, { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*/DELETE/*' }] },
          },
        },
        Items: { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: { Ref: 'Api' }, ParentId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, PathPart: 'items' } },
        Get: {
          Type: 'AWS::ApiGateway::Method',
          Properties: {
            RestApiId: { Ref: 'Api' }, ResourceId: { Ref: 'Items' }, HttpMethod: 'GET', AuthorizationType: 'AWS_IAM',
            Integration: { Type: 'MOCK', RequestTemplates: { 'application/json': '{"statusCode":200}' }, IntegrationResponses: [{ StatusCode: '200', ResponseTemplates: { 'application/json': '{"ok":true}' } }] },
            MethodResponses: [{ StatusCode: '200' }],
          },
        },
        Deployment: { Type: 'AWS::ApiGateway::Deployment', DependsOn: ['Get'], Properties: { RestApiId: { Ref: 'Api' }, StageName: 'prod' } },
      },
      Outputs: { KeyId: { Value: { Ref: 'CallerKey' } }, Secret: { Value: { 'Fn::GetAtt': ['CallerKey', 'SecretAccessKey'] } }, ApiId: { Value: { Ref: 'Api' } }, UserName: { Value: { Ref: 'Caller' } } },
    }
    await cfn.send(new CreateStackCommand({ StackName: 'iam-users', TemplateBody: JSON.stringify(template), Capabilities: ['CAPABILITY_IAM'] }))
    await waitUntilStackCreateComplete({ client: cfn, ...wait }, { StackName: 'iam-users' })
    const outputs = Object.fromEntries(((await cfn.send(new DescribeStacksCommand({ StackName: 'iam-users' }))).Stacks![0].Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]))
    const creds = { accessKeyId: outputs.KeyId!, secretAccessKey: outputs.Secret! }
    const host = `${outputs.ApiId}.execute-api.localhost:${cloud.port}`
    const signed = await signRequest(cloud, `http://${host}/prod/items`, { service: 'execute-api', credentials: creds })
    const reply = await request(cloud.port, '/prod/items', { headers: signed.headers as Record<string, string> })
    expect(reply.status, reply.text).toBe(200)
    expect(reply.json()).toEqual({ ok: true })

    await cfn.send(new DeleteStackCommand({ StackName: 'iam-users' }))
    await waitUntilStackDeleteComplete({ client: cfn, ...wait }, { StackName: 'iam-users' })
    await expect(iam.send(new GetUserCommand({ UserName: outputs.UserName! }))).rejects.toThrow(/cannot be found/)
    const after = await request(cloud.port, '/prod/items', { headers: (await signRequest(cloud, `http://${host}/prod/items`, { service: 'execute-api', credentials: creds })).headers as Record<string, string> })
    expect(after.status).not.toBe(200)
  })
})
