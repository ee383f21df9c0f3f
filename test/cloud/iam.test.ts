import {
  AttachRolePolicyCommand, CreateRoleCommand, DeleteRoleCommand, DeleteRolePolicyCommand, DetachRolePolicyCommand,
  GetRoleCommand, GetRolePolicyCommand, IAMClient, ListAttachedRolePoliciesCommand, ListRolesCommand, PutRolePolicyCommand,
} from '@aws-sdk/client-iam'
import { afterAll, describe, expect, it } from 'vitest'
import { iamService } from '../../src/cloud/services/iam/index.js'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { startHarness, type Harness } from '../helpers/service-harness.js'
import { markedFetch, signAs } from '../helpers/signed-fetch.js'

const fetch = (url: string, init?: Parameters<typeof markedFetch>[2]) => markedFetch(cloud, url, init)

let cloud: TestCloud
let h: Harness
useTestCloud(async (c) => {
  cloud = c
  h = await startHarness([iamService()])
})
afterAll(() => h?.stop())

const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }
const allowLogs = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:*', Resource: '*' }] }
const iam = () => new IAMClient(cloud.sdk)

describe('iam (query protocol, SDK v3)', () => {
  it('creates, reads and lists roles with AWS\'s shapes', async () => {
    const created = await iam().send(new CreateRoleCommand({
      RoleName: 'fn-role', Path: '/service/', AssumeRolePolicyDocument: JSON.stringify(trust), Description: 'd', Tags: [{ Key: 'lab', Value: '300' }],
    }))
    expect(created.Role?.Arn).toBe('arn:aws:iam::000000000000:role/service/fn-role')
    expect(created.Role?.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/)
    expect(created.Role?.CreateDate).toBeInstanceOf(Date)
    const got = await iam().send(new GetRoleCommand({ RoleName: 'fn-role' }))
    // AWS quirk: the document comes back URL-encoded.
    expect(JSON.parse(decodeURIComponent(got.Role!.AssumeRolePolicyDocument!))).toEqual(trust)
    expect(got.Role?.Tags).toEqual([{ Key: 'lab', Value: '300' }])
    expect(got.Role?.MaxSessionDuration).toBe(3600)
    const listed = await iam().send(new ListRolesCommand({ PathPrefix: '/service/' }))
    expect(listed.Roles?.map((r) => r.RoleName)).toEqual(['fn-role'])
    expect(listed.IsTruncated).toBe(false)
  })

  it('rejects duplicates (names are case-insensitive), missing roles and malformed documents like IAM', async () => {
    const dup = await iam().send(new CreateRoleCommand({ RoleName: 'FN-ROLE', AssumeRolePolicyDocument: JSON.stringify(trust) })).catch((e) => e)
    expect(dup.name).toBe('EntityAlreadyExistsException')
    expect(dup.$metadata.httpStatusCode).toBe(409)
    const missing = await iam().send(new GetRoleCommand({ RoleName: 'nope' })).catch((e) => e)
    expect(missing.name).toBe('NoSuchEntityException')
    expect(missing.$metadata.httpStatusCode).toBe(404)
    expect(missing.message).toBe('The role with name nope cannot be found.')
    const malformed = await iam().send(new CreateRoleCommand({ RoleName: 'bad', AssumeRolePolicyDocument: '{"Statement": [' })).catch((e) => e)
    expect(malformed.name).toBe('MalformedPolicyDocumentException')
    // On the wire the code has no "Exception" suffix (the SDK's class name adds it).
    const raw = await fetch(`${cloud.endpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...signAs('iam'),
      },
      body: 'Action=GetRole&Version=2010-05-08&RoleName=nope',
    })
    expect(raw.status).toBe(404)
    expect(await raw.text()).toMatch(/<Error><Type>Sender<\/Type><Code>NoSuchEntity<\/Code><Message>The role with name nope cannot be found.<\/Message>/)
    const badName = await iam().send(new CreateRoleCommand({ RoleName: 'has space', AssumeRolePolicyDocument: JSON.stringify(trust) })).catch((e) => e)
    expect(badName.name).toBe('ValidationError')
  })

  it('manages inline and attached policies, and refuses to delete a role that still has them', async () => {
    await iam().send(new PutRolePolicyCommand({ RoleName: 'fn-role', PolicyName: 'logs', PolicyDocument: JSON.stringify(allowLogs) }))
    const inline = await iam().send(new GetRolePolicyCommand({ RoleName: 'fn-role', PolicyName: 'logs' }))
    expect(JSON.parse(decodeURIComponent(inline.PolicyDocument!))).toEqual(allowLogs)
    const basic = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'
    await iam().send(new AttachRolePolicyCommand({ RoleName: 'fn-role', PolicyArn: basic }))
    const attached = await iam().send(new ListAttachedRolePoliciesCommand({ RoleName: 'fn-role' }))
    expect(attached.AttachedPolicies).toEqual([{ PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: basic }])

    const conflict = await iam().send(new DeleteRoleCommand({ RoleName: 'fn-role' })).catch((e) => e)
    expect(conflict.name).toBe('DeleteConflictException')
    await iam().send(new DeleteRolePolicyCommand({ RoleName: 'fn-role', PolicyName: 'logs' }))
    const stillAttached = await iam().send(new DeleteRoleCommand({ RoleName: 'fn-role' })).catch((e) => e)
    expect(stillAttached.name).toBe('DeleteConflictException')
    await iam().send(new DetachRolePolicyCommand({ RoleName: 'fn-role', PolicyArn: basic }))
    const notAttached = await iam().send(new DetachRolePolicyCommand({ RoleName: 'fn-role', PolicyArn: basic })).catch((e) => e)
    expect(notAttached.name).toBe('NoSuchEntityException')
    await iam().send(new DeleteRoleCommand({ RoleName: 'fn-role' }))
    expect((await iam().send(new ListRolesCommand({}))).Roles).toEqual([])
  })

  it('refuses managed policies that do not exist: a well-known one on the wrong path, or a customer policy', async () => {
    await iam().send(new CreateRoleCommand({ RoleName: 'attach', AssumeRolePolicyDocument: JSON.stringify(trust) }))
    for (const PolicyArn of ['arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole', 'arn:aws:iam::000000000000:policy/never-created']) {
      const err = await iam().send(new AttachRolePolicyCommand({ RoleName: 'attach', PolicyArn })).catch((e) => e)
      expect([err.name, err.message, err.$metadata.httpStatusCode]).toEqual(['NoSuchEntityException', `Policy ${PolicyArn} does not exist or is not attachable.`, 404])
    }
    // Well-known policies on their real paths, and policies the local cloud does not know by name, attach.
    for (const PolicyArn of ['arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess', 'arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess']) {
      await iam().send(new AttachRolePolicyCommand({ RoleName: 'attach', PolicyArn }))
    }
    expect((await iam().send(new ListAttachedRolePoliciesCommand({ RoleName: 'attach' }))).AttachedPolicies).toHaveLength(2)
  })

  it('keeps roles across a restart', async () => {
    await iam().send(new CreateRoleCommand({ RoleName: 'kept', AssumeRolePolicyDocument: JSON.stringify(trust) }))
    cloud = await cloud.restart()
    expect((await iam().send(new GetRoleCommand({ RoleName: 'kept' }))).Role?.RoleName).toBe('kept')
  })
})

describe('AWS::IAM::Role and AWS::IAM::Policy', () => {
  const role = () => h.ctx.resourceProvider('AWS::IAM::Role')!
  const policy = () => h.ctx.resourceProvider('AWS::IAM::Policy')!

  it('creates a role with policies and tags, updates and deletes it', async () => {
    const rc = h.rc('FnRole', 'lab300')
    const props = {
      AssumeRolePolicyDocument: trust,
      ManagedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      Policies: [{ PolicyName: 'logs', PolicyDocument: allowLogs }],
      Tags: [{ Key: 'lab', Value: '300' }],
    }
    const created = await role().create(props, rc)
    expect(created.physicalId).toMatch(/^lab300-FnRole-[A-Z0-9]{12}$/)
    expect(created.attributes?.Arn).toBe(`arn:aws:iam::000000000000:role/${created.physicalId}`)
    expect(created.attributes?.RoleId).toMatch(/^AROA/)
    const tags = await h.ctx.call('iam', 'ListRoleTags', { RoleName: created.physicalId })
    expect(tags.Tags).toContainEqual({ Key: 'aws:cloudformation:stack-name', Value: 'lab300' })

    const extra = await policy().create({ PolicyName: 'extra', PolicyDocument: allowLogs, Roles: [created.physicalId] }, h.rc('Extra', 'lab300'))
    expect(extra.physicalId).toBeTruthy()

    const next = { ...props, ManagedPolicyArns: [], Policies: [], Description: 'now described' }
    await role().update!(created.physicalId, next, props, rc)
    const attached = await h.ctx.call('iam', 'ListAttachedRolePolicies', { RoleName: created.physicalId })
    expect(attached.AttachedPolicies).toEqual([])
    expect((await h.ctx.call('iam', 'ListRolePolicies', { RoleName: created.physicalId })).PolicyNames).toEqual(['extra'])
    expect((await h.ctx.call('iam', 'GetRole', { RoleName: created.physicalId })).Role.Description).toBe('now described')

    // The AWS::IAM::Policy still on it blocks deletion, as on AWS.
    const blocked = await role().delete(created.physicalId, next, rc).catch((e) => e)
    expect(blocked.code).toBe('DeleteConflict')
    await policy().delete(extra.physicalId, { PolicyName: 'extra', PolicyDocument: allowLogs, Roles: [created.physicalId] }, h.rc('Extra', 'lab300'))
    await role().delete(created.physicalId, next, rc)
    const gone = await h.ctx.call('iam', 'GetRole', { RoleName: created.physicalId }).catch((e) => e)
    expect(gone.code).toBe('NoSuchEntity')
  })

  it('fails a policy naming a missing role, undoing what it already put', async () => {
    await h.ctx.call('iam', 'CreateRole', { RoleName: 'present', AssumeRolePolicyDocument: JSON.stringify(trust) })
    const err = await policy().create({ PolicyName: 'p', PolicyDocument: allowLogs, Roles: ['present', 'absent'] }, h.rc('P')).catch((e) => e)
    expect(err.code).toBe('NoSuchEntity')
    expect((await h.ctx.call('iam', 'ListRolePolicies', { RoleName: 'present' })).PolicyNames).toEqual([])
  })

  it('fails a role whose trust policy is malformed, leaving nothing behind', async () => {
    const err = await role().create({ RoleName: 'broken', AssumeRolePolicyDocument: { Statement: [{ Effect: 'Maybe' }] } }, h.rc('Broken')).catch((e) => e)
    expect(err.code).toBe('MalformedPolicyDocument')
    expect((await h.ctx.call('iam', '_listTaggedResources', {})).map((r: any) => r.ResourceARN)).not.toContain('arn:aws:iam::000000000000:role/broken')
  })
})
