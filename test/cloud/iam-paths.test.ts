/**
 * Roles and users with a path, as AWS names them: `arn:aws:iam::A:role/service-role/NAME`. IAM's answers carry the
 * path; the gate judges iam:* operations on that ARN (so path wildcards such as `role/service-role/*` allow and deny
 * what they say); a session of such a role is `assumed-role/NAME/SESSION` (AWS drops the path) while its
 * `aws:PrincipalArn` is the role's ARN with the path.
 */
import { CreateRoleCommand, DeleteRoleCommand, GetRoleCommand, GetUserCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam'
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3'
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { describe, expect, it } from 'vitest'
import { useTestCloud, type TestCloud } from '../helpers/cloud.js'
import { failure } from '../helpers/failure.js'
import { policyOf, userWithPolicy } from '../helpers/iam-principal.js'

const ACCOUNT = '000000000000'
const SERVICE_ROLES = 'arn:aws:iam::*:role/service-role/*'
let cloud: TestCloud
let root: IAMClient
let operator: IAMClient
let operatorKey: { accessKeyId: string; secretAccessKey: string }

useTestCloud(async (c) => {
  cloud = c
  root = new IAMClient(c.sdk)
  operatorKey = await userWithPolicy(
    root,
    'operator',
    [
      { Effect: 'Allow', Action: ['iam:GetRole', 'iam:CreateRole', 'iam:DeleteRole', 'iam:GetUser'], Resource: [SERVICE_ROLES, 'arn:aws:iam::*:user/team/*'] },
      { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/*' },
      { Effect: 'Deny', Action: 'iam:DeleteRole', Resource: 'arn:aws:iam::*:role/service-role/protected-*' },
    ],
    '/team/a/',
  )
  operator = new IAMClient({ ...c.sdk, credentials: operatorKey })
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] })
  await root.send(new CreateRoleCommand({ RoleName: 'svc', Path: '/service-role/', AssumeRolePolicyDocument: trust }))
  await root.send(new CreateRoleCommand({ RoleName: 'protected-svc', Path: '/service-role/', AssumeRolePolicyDocument: trust }))
  await root.send(new CreateRoleCommand({ RoleName: 'plain', AssumeRolePolicyDocument: trust }))
  // The role lists buckets only for sessions whose principal ARN is under the service-role path.
  const byPath = { Effect: 'Allow' as const, Action: 's3:ListAllMyBuckets', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': SERVICE_ROLES } } }
  await root.send(new PutRolePolicyCommand({ RoleName: 'svc', PolicyName: 'list', PolicyDocument: policyOf(byPath) }))
  await root.send(new PutRolePolicyCommand({ RoleName: 'plain', PolicyName: 'list', PolicyDocument: policyOf(byPath) }))
}, 60_000)

describe('IAM paths', { timeout: 60_000 }, () => {
  it("IAM's answers carry the path in roles' and users' ARNs", async () => {
    expect((await root.send(new GetRoleCommand({ RoleName: 'svc' }))).Role).toMatchObject({ Path: '/service-role/', Arn: `arn:aws:iam::${ACCOUNT}:role/service-role/svc` })
    expect((await operator.send(new GetUserCommand({}))).User).toMatchObject({ Path: '/team/a/', Arn: `arn:aws:iam::${ACCOUNT}:user/team/a/operator` })
  })

  it('a path wildcard allows the roles under that path, and only them (AWS words the refusal with the role name)', async () => {
    expect((await operator.send(new GetRoleCommand({ RoleName: 'svc' }))).Role?.RoleName).toBe('svc')
    const err = await failure(operator.send(new GetRoleCommand({ RoleName: 'plain' })))
    expect([err.name, err.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403])
    expect(err.message).toBe(
      `User: arn:aws:iam::${ACCOUNT}:user/team/a/operator is not authorized to perform: iam:GetRole on resource: role plain because no identity-based policy allows the iam:GetRole action`,
    )
  })

  it('CreateRole is judged on the ARN the role will have, path included', async () => {
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] })
    const made = await operator.send(new CreateRoleCommand({ RoleName: 'made-by-operator', Path: '/service-role/', AssumeRolePolicyDocument: trust }))
    expect(made.Role?.Arn).toBe(`arn:aws:iam::${ACCOUNT}:role/service-role/made-by-operator`)
    expect((await failure(operator.send(new CreateRoleCommand({ RoleName: 'at-root', AssumeRolePolicyDocument: trust })))).name).toBe('AccessDenied')
    await operator.send(new DeleteRoleCommand({ RoleName: 'made-by-operator' }))
  })

  it('a Deny on a path pattern refuses what it names', async () => {
    const err = await failure(operator.send(new DeleteRoleCommand({ RoleName: 'protected-svc' })))
    expect(err.message).toContain('iam:DeleteRole on resource: role protected-svc with an explicit deny in an identity-based policy')
    expect((await root.send(new GetRoleCommand({ RoleName: 'protected-svc' }))).Role?.RoleName).toBe('protected-svc')
  })

  it("a user's path is in the ARN the gate judges its own and other users' operations on", async () => {
    await userWithPolicy(root, 'teammate', [], '/team/b/')
    await userWithPolicy(root, 'outsider', [])
    expect((await operator.send(new GetUserCommand({ UserName: 'teammate' }))).User?.Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/team/b/teammate`)
    expect((await failure(operator.send(new GetUserCommand({ UserName: 'outsider' })))).message).toContain('iam:GetUser on resource: user outsider because')
  })

  it("a session drops the role's path from its ARN; its aws:PrincipalArn keeps it", async () => {
    const sts = new STSClient({ ...cloud.sdk, credentials: operatorKey })
    const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/service-role/svc`, RoleSessionName: 'night-job' }))
    expect(assumed.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/svc/night-job`)
    const c = assumed.Credentials!
    const credentials = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }
    expect((await new STSClient({ ...cloud.sdk, credentials }).send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/svc/night-job`)
    expect((await new S3Client({ ...cloud.sdk, credentials }).send(new ListBucketsCommand({}))).$metadata.httpStatusCode).toBe(200)
    // The role without the path has the same policy: its sessions are refused by the condition.
    const p = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/plain`, RoleSessionName: 'day-job' }))).Credentials!
    const plain = new S3Client({ ...cloud.sdk, credentials: { accessKeyId: p.AccessKeyId!, secretAccessKey: p.SecretAccessKey!, sessionToken: p.SessionToken! } })
    expect((await failure(plain.send(new ListBucketsCommand({})))).name).toBe('AccessDenied')
  })

  it('a role ARN without the role\'s path names no role (AssumeRole is refused)', async () => {
    const sts = new STSClient({ ...cloud.sdk, credentials: operatorKey })
    expect((await failure(sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/svc`, RoleSessionName: 'xx' })))).name).toBe('AccessDenied')
  })
})
