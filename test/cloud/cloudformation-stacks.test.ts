import {
  CloudFormationClient, CreateStackCommand, DescribeStackResourcesCommand, DeleteStackCommand, DescribeStackEventsCommand, DescribeStackResourceCommand,
  GetTemplateCommand, ListStackResourcesCommand, ListStacksCommand, UpdateStackCommand, UpdateTerminationProtectionCommand,
  waitUntilStackCreateComplete, waitUntilStackDeleteComplete, waitUntilStackUpdateComplete,
} from '@aws-sdk/client-cloudformation'
import { describe, expect, it } from 'vitest'
import { describeStack, type CfnHarness, STACK_WAIT, useCfnHarness } from '../fixtures/cfn/harness.js'

let h: CfnHarness
let cfn: CloudFormationClient

useCfnHarness((harness) => {
  h = harness
  cfn = new CloudFormationClient(h.sdk)
})

const events = async (name: string) => (await cfn.send(new DescribeStackEventsCommand({ StackName: name }))).StackEvents!

const basic = `
AWSTemplateFormatVersion: '2010-09-09'
Description: basic stack
Parameters:
  Env:
    Type: String
    AllowedValues: [dev, prod]
    Default: dev
  Secret:
    Type: String
    NoEcho: true
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub '\${AWS::StackName}-data-\${Env}'
      VersioningConfiguration: !If [IsProd, { Status: Enabled }, !Ref AWS::NoValue]
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Join ['-', [!Ref Data, q]]
      DelaySeconds: 5
      Tags: [{ Key: secret, Value: !Ref Secret }]
  ProdOnly:
    Type: AWS::SQS::Queue
    Condition: IsProd
  Placeholder:
    Type: AWS::CloudFormation::WaitConditionHandle
Outputs:
  BucketArn:
    Value: !GetAtt Data.Arn
    Export:
      Name: !Sub '\${AWS::StackName}-bucket'
  QueueName:
    Value: !Ref Queue
`

describe('CloudFormation stacks (fake providers)', () => {
  it('creates a YAML stack asynchronously, in dependency order, with outputs, tags and events', async () => {
    const created = await cfn.send(new CreateStackCommand({
      StackName: 'basic',
      TemplateBody: basic,
      Parameters: [{ ParameterKey: 'Secret', ParameterValue: 'hunter2' }],
      Tags: [{ Key: 'team', Value: 'labs' }],
    }))
    expect(created.StackId).toMatch(/^arn:aws:cloudformation:us-east-1:000000000000:stack\/basic\/[0-9a-f-]{36}$/)
    await waitUntilStackCreateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'basic' })
    const stack = await describeStack(cfn, 'basic')
    expect(stack.StackStatus).toBe('CREATE_COMPLETE')
    expect(stack.Description).toBe('basic stack')
    expect(stack.Parameters).toEqual(expect.arrayContaining([
      { ParameterKey: 'Secret', ParameterValue: '****' },
      { ParameterKey: 'Env', ParameterValue: 'dev' },
    ]))
    const outputs = Object.fromEntries(stack.Outputs!.map((o) => [o.OutputKey, o]))
    expect(outputs.QueueName.OutputValue).toBe('basic-data-dev-q')
    expect(outputs.BucketArn.OutputValue).toBe('arn:aws:fake:us-east-1:000000000000:basic-data-dev')
    expect(outputs.BucketArn.ExportName).toBe('basic-bucket')

    expect(h.world.calls.indexOf('create Data')).toBeLessThan(h.world.calls.indexOf('create Queue'))
    expect(h.world.calls).not.toContain('create ProdOnly')
    const bucket = h.world.live.get('basic-data-dev')!
    expect(bucket.props.VersioningConfiguration).toBeUndefined()
    expect(bucket.tags).toEqual(expect.arrayContaining([
      { Key: 'team', Value: 'labs' },
      { Key: 'aws:cloudformation:stack-name', Value: 'basic' },
      { Key: 'aws:cloudformation:stack-id', Value: created.StackId },
      { Key: 'aws:cloudformation:logical-id', Value: 'Data' },
    ]))

    const ev = await events('basic')
    expect(ev[0]).toMatchObject({ LogicalResourceId: 'basic', ResourceStatus: 'CREATE_COMPLETE', ResourceType: 'AWS::CloudFormation::Stack' })
    expect(ev.at(-1)).toMatchObject({ ResourceStatus: 'CREATE_IN_PROGRESS', ResourceStatusReason: 'User Initiated' })
    const dataEvents = ev.filter((e) => e.LogicalResourceId === 'Data').reverse()
    expect(dataEvents.map((e) => [e.ResourceStatus, e.ResourceStatusReason])).toEqual([
      ['CREATE_IN_PROGRESS', undefined],
      ['CREATE_IN_PROGRESS', 'Resource creation Initiated'],
      ['CREATE_COMPLETE', undefined],
    ])
    expect(dataEvents[2].PhysicalResourceId).toBe('basic-data-dev')
    expect(JSON.parse(dataEvents[0].ResourceProperties!)).toEqual({ BucketName: 'basic-data-dev' })
    const queueProps = ev.find((e) => e.LogicalResourceId === 'Queue' && e.ResourceProperties)!.ResourceProperties!
    expect(JSON.parse(queueProps).Tags).toEqual([{ Key: 'secret', Value: '****' }])
    expect(h.world.live.get('basic-data-dev-q')!.props.Tags).toEqual([{ Key: 'secret', Value: 'hunter2' }])

    const detail = await cfn.send(new DescribeStackResourceCommand({ StackName: 'basic', LogicalResourceId: 'Queue' }))
    expect(detail.StackResourceDetail).toMatchObject({ PhysicalResourceId: 'basic-data-dev-q', ResourceStatus: 'CREATE_COMPLETE', ResourceType: 'AWS::SQS::Queue' })
    const listed = await cfn.send(new ListStackResourcesCommand({ StackName: 'basic' }))
    expect(listed.StackResourceSummaries!.map((r) => r.LogicalResourceId).sort()).toEqual(['Data', 'Placeholder', 'Queue'])
    const tagged = await h.service.api._listTaggedResources({}, h.ctx)
    expect(tagged).toContainEqual({ ResourceARN: created.StackId, Tags: [{ Key: 'team', Value: 'labs' }] })
    const template = await cfn.send(new GetTemplateCommand({ StackName: 'basic' }))
    expect(template.TemplateBody).toBe(basic)
  })

  it('refuses a second stack of the same name and an update while one runs', async () => {
    await expect(cfn.send(new CreateStackCommand({ StackName: 'basic', TemplateBody: basic, Parameters: [{ ParameterKey: 'Secret', ParameterValue: 'x' }] })))
      .rejects.toMatchObject({ name: 'AlreadyExistsException', message: 'Stack [basic] already exists' })
    const gate = h.world.gate('slow')
    const { StackId } = await cfn.send(new CreateStackCommand({
      StackName: 'slow',
      TemplateBody: JSON.stringify({ Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { Gate: 'slow' } } } }),
    }))
    await expect(cfn.send(new UpdateStackCommand({ StackName: 'slow', UsePreviousTemplate: true })))
      .rejects.toMatchObject({ name: 'ValidationError', message: `Stack:${StackId} is in CREATE_IN_PROGRESS state and can not be updated.` })
    gate.open()
    await waitUntilStackCreateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'slow' })
  })

  it('keeps a NoEcho value with UsePreviousValue, and finds a stack by a physical id', async () => {
    await cfn.send(new UpdateStackCommand({
      StackName: 'basic',
      UsePreviousTemplate: true,
      Parameters: [{ ParameterKey: 'Secret', UsePreviousValue: true }, { ParameterKey: 'Env', ParameterValue: 'prod' }],
      Tags: [{ Key: 'team', Value: 'labs' }],
    }))
    await waitUntilStackUpdateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'basic' })
    const stack = await describeStack(cfn, 'basic')
    expect(stack.Parameters).toEqual(expect.arrayContaining([{ ParameterKey: 'Secret', ParameterValue: '****' }, { ParameterKey: 'Env', ParameterValue: 'prod' }]))
    // Env=prod renames the bucket (replacement) and enables the conditional queue.
    expect(h.world.live.has('basic-data-prod')).toBe(true)
    expect(h.world.live.get('basic-data-prod')!.props.VersioningConfiguration).toEqual({ Status: 'Enabled' })
    expect(h.world.calls).toContain('create ProdOnly')
    const found = await cfn.send(new DescribeStackResourcesCommand({ PhysicalResourceId: 'basic-data-prod' }))
    expect(found.StackResources!.map((r) => r.LogicalResourceId).sort()).toEqual(['Data', 'Placeholder', 'ProdOnly', 'Queue'])
    await expect(cfn.send(new UpdateStackCommand({ StackName: 'basic', UsePreviousTemplate: true, Parameters: [{ ParameterKey: 'Env', ParameterValue: 'prod' }] })))
      .rejects.toMatchObject({ message: 'Parameters: [Secret] must have values' })
    await cfn.send(new UpdateStackCommand({
      StackName: 'basic',
      UsePreviousTemplate: true,
      Parameters: [{ ParameterKey: 'Secret', UsePreviousValue: true }, { ParameterKey: 'Env', ParameterValue: 'dev' }],
      Tags: [{ Key: 'team', Value: 'labs' }],
    }))
    await waitUntilStackUpdateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'basic' })
    expect(h.world.live.has('basic-data-prod')).toBe(false)
  })

  it('says "No updates are to be performed." when nothing changes', async () => {
    await expect(cfn.send(new UpdateStackCommand({
      StackName: 'basic',
      UsePreviousTemplate: true,
      Parameters: [{ ParameterKey: 'Secret', UsePreviousValue: true }, { ParameterKey: 'Env', UsePreviousValue: true }],
      Tags: [{ Key: 'team', Value: 'labs' }],
    }))).rejects.toMatchObject({ name: 'ValidationError', message: 'No updates are to be performed.' })
  })

  it('updates in place keeping the physical id, and replaces when a create-only property changes', async () => {
    const template = (delay: number, queueName: string) => JSON.stringify({
      Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: queueName, DelaySeconds: delay } } },
      Outputs: { Name: { Value: { Ref: 'Q' } } },
    })
    await cfn.send(new CreateStackCommand({ StackName: 'upd', TemplateBody: template(1, 'upd-q1') }))
    await waitUntilStackCreateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'upd' })

    await cfn.send(new UpdateStackCommand({ StackName: 'upd', TemplateBody: template(2, 'upd-q1') }))
    await waitUntilStackUpdateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'upd' })
    expect(h.world.calls).toContain('update Q')
    expect(h.world.live.get('upd-q1')!.props.DelaySeconds).toBe(2)
    expect((await describeStack(cfn, 'upd')).Outputs![0].OutputValue).toBe('upd-q1')

    await cfn.send(new UpdateStackCommand({ StackName: 'upd', TemplateBody: template(2, 'upd-q2') }))
    await waitUntilStackUpdateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'upd' })
    expect(h.world.live.has('upd-q1')).toBe(false)
    expect(h.world.live.has('upd-q2')).toBe(true)
    const stack = await describeStack(cfn, 'upd')
    expect(stack.Outputs![0].OutputValue).toBe('upd-q2')
    expect(stack.LastUpdatedTime).toBeInstanceOf(Date)
    const ev = (await events('upd')).reverse()
    const statuses = ev.map((e) => `${e.LogicalResourceId} ${e.ResourceStatus} ${e.PhysicalResourceId === 'upd-q1' ? 'old' : ''}`.trim())
    const cleanup = statuses.lastIndexOf('upd UPDATE_COMPLETE_CLEANUP_IN_PROGRESS')
    expect(statuses.slice(cleanup)).toEqual(['upd UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'Q DELETE_IN_PROGRESS old', 'Q DELETE_COMPLETE old', 'upd UPDATE_COMPLETE'])
    expect(ev.find((e) => e.ResourceStatusReason?.startsWith('Requested update requires the creation of a new physical resource'))).toBeDefined()
  })

  it('rolls back a failed create and reports why', async () => {
    const template = JSON.stringify({
      Resources: {
        Good: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'rb-good' } },
        Bad: { Type: 'AWS::SQS::Queue', DependsOn: 'Good', Properties: { FailCreate: true } },
      },
    })
    await cfn.send(new CreateStackCommand({ StackName: 'rb', TemplateBody: template }))
    await expect(waitUntilStackCreateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'rb' })).rejects.toThrow()
    const stack = await describeStack(cfn, 'rb')
    expect(stack.StackStatus).toBe('ROLLBACK_COMPLETE')
    expect(h.world.live.has('rb-good')).toBe(false)
    const ev = await events('rb')
    expect(ev.find((e) => e.ResourceStatus === 'CREATE_FAILED')).toMatchObject({
      LogicalResourceId: 'Bad',
      ResourceStatusReason: expect.stringContaining('Bad was told to fail'),
    })
    expect(ev.find((e) => e.ResourceStatus === 'ROLLBACK_IN_PROGRESS')!.ResourceStatusReason)
      .toBe('The following resource(s) failed to create: [Bad]. Rollback requested by user.')
    // A resource still being created when another fails is reported cancelled, and rolled back.
    const gate = h.world.gate('rb2')
    await cfn.send(new CreateStackCommand({
      StackName: 'rb2',
      TemplateBody: JSON.stringify({
        Resources: {
          Slow: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'rb2-slow', Gate: 'rb2' } },
          Bad: { Type: 'AWS::SQS::Queue', Properties: { FailCreate: true } },
        },
      }),
    }))
    while (!(await events('rb2')).some((e) => e.ResourceStatus === 'CREATE_FAILED')) await new Promise((r) => setTimeout(r, 10))
    gate.open()
    await expect(waitUntilStackCreateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'rb2' })).rejects.toThrow()
    const ev2 = await events('rb2')
    expect(ev2.find((e) => e.LogicalResourceId === 'Slow' && e.ResourceStatus === 'CREATE_FAILED')!.ResourceStatusReason).toBe('Resource creation cancelled')
    expect(ev2.find((e) => e.ResourceStatus === 'ROLLBACK_IN_PROGRESS')!.ResourceStatusReason)
      .toBe('The following resource(s) failed to create: [Bad]. Rollback requested by user.')
    expect(h.world.live.has('rb2-slow')).toBe(false)
    await expect(cfn.send(new UpdateStackCommand({ StackName: 'rb', UsePreviousTemplate: true })))
      .rejects.toThrow(/is in ROLLBACK_COMPLETE state and can not be updated/)
  })

  it('fails resources the local cloud cannot deploy, naming the type or property', async () => {
    await cfn.send(new CreateStackCommand({
      StackName: 'unsupported',
      DisableRollback: true,
      TemplateBody: JSON.stringify({
        Resources: {
          Topic: { Type: 'AWS::SNS::Topic' },
          Q: { Type: 'AWS::SQS::Queue', Properties: { RedrivePolicy: { x: 1 } } },
          Fn: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler' } },
          // A real S3 property the local cloud does not honour, and a misspelt one (the learner's to fix).
          Accelerated: { Type: 'AWS::S3::Bucket', Properties: { AccelerateConfiguration: { AccelerationStatus: 'Enabled' } } },
          Typo: { Type: 'AWS::S3::Bucket', Properties: { BucketNmae: 'typo' } },
        },
      }),
    }))
    await expect(waitUntilStackCreateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'unsupported' })).rejects.toThrow()
    expect((await describeStack(cfn, 'unsupported')).StackStatus).toBe('CREATE_FAILED')
    const reasons = Object.fromEntries((await events('unsupported')).filter((e) => e.ResourceStatus === 'CREATE_FAILED' && e.LogicalResourceId !== 'unsupported').map((e) => [e.LogicalResourceId, e.ResourceStatusReason]))
    expect(reasons.Topic).toBe('Resource type AWS::SNS::Topic is not supported by the local cloud')
    expect(reasons.Q).toBe('Property RedrivePolicy is not supported by the local cloud for AWS::SQS::Queue')
    expect(reasons.Fn).toBe('Properties validation failed for resource Fn with message: #: required key [Code] not found')
    expect(reasons.Accelerated).toBe('Property AccelerateConfiguration is not supported by the local cloud for AWS::S3::Bucket')
    expect(reasons.Typo).toBe('Properties validation failed for resource Typo with message: #: extraneous key [BucketNmae] is not permitted')
  })

  it('rolls an update back when a resource fails, restoring what changed', async () => {
    const template = (delay: number, extra = false) => JSON.stringify({
      Resources: {
        Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'urb-q', DelaySeconds: delay } },
        ...(extra ? { Bad: { Type: 'AWS::S3::Bucket', DependsOn: 'Q', Properties: { FailCreate: true } } } : {}),
      },
    })
    await cfn.send(new CreateStackCommand({ StackName: 'urb', TemplateBody: template(1) }))
    await waitUntilStackCreateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'urb' })
    await cfn.send(new UpdateStackCommand({ StackName: 'urb', TemplateBody: template(9, true) }))
    await expect(waitUntilStackUpdateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'urb' })).rejects.toThrow()
    const stack = await describeStack(cfn, 'urb')
    expect(stack.StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE')
    expect(h.world.live.get('urb-q')!.props.DelaySeconds).toBe(1)
    expect((await cfn.send(new GetTemplateCommand({ StackName: 'urb' }))).TemplateBody).toBe(template(1))
    const reason = (await events('urb')).find((e) => e.ResourceStatus === 'UPDATE_ROLLBACK_IN_PROGRESS')!.ResourceStatusReason
    expect(reason).toBe('The following resource(s) failed to create: [Bad]. ')
    // An UPDATE_ROLLBACK_COMPLETE stack can be updated again.
    await cfn.send(new UpdateStackCommand({ StackName: 'urb', TemplateBody: template(3) }))
    await waitUntilStackUpdateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'urb' })
  })

  it('deletes in reverse order, honours Retain, and keeps deleted stacks visible by id', async () => {
    const template = JSON.stringify({
      Resources: {
        Kept: { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain', Properties: { BucketName: 'del-kept' } },
        First: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'del-first' } },
        Second: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::Sub': '${First}-q' } } },
      },
    })
    const { StackId } = await cfn.send(new CreateStackCommand({ StackName: 'del', TemplateBody: template }))
    await waitUntilStackCreateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'del' })
    h.world.calls.length = 0
    await cfn.send(new DeleteStackCommand({ StackName: 'del' }))
    await waitUntilStackDeleteComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'del' })
    expect(h.world.calls.indexOf('delete Second')).toBeLessThan(h.world.calls.indexOf('delete First'))
    expect(h.world.live.has('del-kept')).toBe(true)
    expect(h.world.live.has('del-first')).toBe(false)
    await expect(describeStack(cfn, 'del')).rejects.toMatchObject({ name: 'ValidationError', message: 'Stack with id del does not exist' })
    const byId = await describeStack(cfn, StackId!)
    expect(byId.StackStatus).toBe('DELETE_COMPLETE')
    expect(byId.DeletionTime).toBeInstanceOf(Date)
    expect((await events(StackId!)).find((e) => e.LogicalResourceId === 'Kept')!.ResourceStatus).toBe('DELETE_SKIPPED')
    const listed = await cfn.send(new ListStacksCommand({ StackStatusFilter: ['DELETE_COMPLETE'] }))
    expect(listed.StackSummaries!.map((s) => s.StackId)).toContain(StackId)
    // AWS quirk: deleting a stack that does not exist succeeds.
    await cfn.send(new DeleteStackCommand({ StackName: 'never-existed' }))
  })

  it('reports DELETE_FAILED with the provider reason, and a retry deletes', async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'full', TemplateBody: JSON.stringify({ Resources: { B: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'full-b' } } } }) }))
    await waitUntilStackCreateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'full' })
    h.world.live.get('full-b')!.notEmpty = true
    await cfn.send(new DeleteStackCommand({ StackName: 'full' }))
    await expect(waitUntilStackDeleteComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'full' })).rejects.toThrow()
    const stack = await describeStack(cfn, 'full')
    expect(stack.StackStatus).toBe('DELETE_FAILED')
    expect(stack.StackStatusReason).toBe('The following resource(s) failed to delete: [B]. ')
    const failed = (await events('full')).find((e) => e.ResourceStatus === 'DELETE_FAILED' && e.LogicalResourceId === 'B')!
    expect(failed.ResourceStatusReason).toContain('The bucket you tried to delete is not empty')
    h.world.live.get('full-b')!.notEmpty = false
    await cfn.send(new DeleteStackCommand({ StackName: 'full' }))
    await waitUntilStackDeleteComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'full' })
    expect(h.world.live.has('full-b')).toBe(false)
  })

  it('retains what RetainResources names when retrying a DELETE_FAILED stack', async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'keepme', TemplateBody: JSON.stringify({ Resources: { B: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'keepme-b' } } } }) }))
    await waitUntilStackCreateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'keepme' })
    await expect(cfn.send(new DeleteStackCommand({ StackName: 'keepme', RetainResources: ['B'] }))).rejects.toMatchObject({ name: 'ValidationError' })
    h.world.live.get('keepme-b')!.notEmpty = true
    await cfn.send(new DeleteStackCommand({ StackName: 'keepme' }))
    await expect(waitUntilStackDeleteComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'keepme' })).rejects.toThrow()
    await cfn.send(new DeleteStackCommand({ StackName: 'keepme', RetainResources: ['B'] }))
    await waitUntilStackDeleteComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'keepme' })
    expect(h.world.live.has('keepme-b')).toBe(true)
  })

  it('propagates a stack tag change to resources, and keeps the old resource under UpdateReplacePolicy: Retain', async () => {
    const template = (name: string) => JSON.stringify({
      Resources: { B: { Type: 'AWS::S3::Bucket', UpdateReplacePolicy: 'Retain', Properties: { BucketName: name } } },
    })
    await cfn.send(new CreateStackCommand({ StackName: 'tags', TemplateBody: template('tags-1'), Tags: [{ Key: 'v', Value: '1' }] }))
    await waitUntilStackCreateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'tags' })
    await cfn.send(new UpdateStackCommand({ StackName: 'tags', UsePreviousTemplate: true, Tags: [{ Key: 'v', Value: '2' }] }))
    await waitUntilStackUpdateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'tags' })
    expect(h.world.live.get('tags-1')!.tags).toContainEqual({ Key: 'v', Value: '2' })
    expect((await describeStack(cfn, 'tags')).Tags).toEqual([{ Key: 'v', Value: '2' }])

    await cfn.send(new UpdateStackCommand({ StackName: 'tags', TemplateBody: template('tags-2') }))
    await waitUntilStackUpdateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'tags' })
    expect(h.world.live.has('tags-1')).toBe(true)
    expect(h.world.live.has('tags-2')).toBe(true)
  })

  it('queues a delete sent while the stack is still being created', async () => {
    const gate = h.world.gate('queued')
    await cfn.send(new CreateStackCommand({
      StackName: 'queued',
      TemplateBody: JSON.stringify({ Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'queued-q', Gate: 'queued' } } } }),
    }))
    await cfn.send(new DeleteStackCommand({ StackName: 'queued' }))
    expect((await describeStack(cfn, 'queued')).StackStatus).toBe('CREATE_IN_PROGRESS')
    gate.open()
    await waitUntilStackDeleteComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'queued' })
    expect(h.world.live.has('queued-q')).toBe(false)
  })

  it('deletes instead of rolling back with OnFailure: DELETE', async () => {
    const { StackId } = await cfn.send(new CreateStackCommand({
      StackName: 'ondelete',
      OnFailure: 'DELETE',
      TemplateBody: JSON.stringify({ Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'ondelete-q' } }, Bad: { Type: 'AWS::SQS::Queue', DependsOn: 'Q', Properties: { FailCreate: true } } } }),
    }))
    await waitUntilStackDeleteComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'ondelete' })
    expect(h.world.live.has('ondelete-q')).toBe(false)
    const ev = await events(StackId!)
    expect(ev.find((e) => e.ResourceStatus === 'DELETE_IN_PROGRESS' && e.LogicalResourceId === 'ondelete')!.ResourceStatusReason)
      .toBe('The following resource(s) failed to create: [Bad]. Delete requested by user.')
    expect(ev.some((e) => e.ResourceStatus.startsWith('ROLLBACK'))).toBe(false)
  })

  it('runs nested stacks (AWS::CloudFormation::Stack) with Outputs.X attributes', async () => {
    h.world.s3Objects.set('tpl/child.yaml', `
Parameters:
  Prefix: { Type: String }
Resources:
  Q: { Type: AWS::SQS::Queue, Properties: { QueueName: !Sub '\${Prefix}-child-q' } }
Outputs:
  QueueName: { Value: !Ref Q }
`)
    const parent = (prefix: string) => JSON.stringify({
      Resources: {
        Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://tpl.s3.amazonaws.com/child.yaml', Parameters: { Prefix: prefix } } },
        B: { Type: 'AWS::S3::Bucket', Properties: { BucketName: { 'Fn::Sub': '${Child.Outputs.QueueName}-b' } } },
      },
      Outputs: { Q: { Value: { 'Fn::GetAtt': ['Child', 'Outputs.QueueName'] } } },
    })
    const { StackId } = await cfn.send(new CreateStackCommand({ StackName: 'parent', TemplateBody: parent('one') }))
    await waitUntilStackCreateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'parent' })
    expect((await describeStack(cfn, 'parent')).Outputs![0].OutputValue).toBe('one-child-q')
    expect(h.world.live.has('one-child-q-b')).toBe(true)
    const childId = (await cfn.send(new DescribeStackResourceCommand({ StackName: 'parent', LogicalResourceId: 'Child' }))).StackResourceDetail!.PhysicalResourceId!
    const child = await describeStack(cfn, childId)
    expect(child).toMatchObject({ StackStatus: 'CREATE_COMPLETE', ParentId: StackId, RootId: StackId })
    expect(child.StackName).toMatch(/^parent-Child-[A-Z0-9]{12}$/)

    await cfn.send(new UpdateStackCommand({ StackName: 'parent', TemplateBody: parent('two') }))
    await waitUntilStackUpdateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'parent' })
    expect((await describeStack(cfn, 'parent')).Outputs![0].OutputValue).toBe('two-child-q')
    expect(h.world.live.has('one-child-q')).toBe(false)
    expect((await describeStack(cfn, childId)).StackStatus).toBe('UPDATE_COMPLETE')

    await cfn.send(new DeleteStackCommand({ StackName: 'parent' }))
    await waitUntilStackDeleteComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'parent' })
    expect((await describeStack(cfn, childId)).StackStatus).toBe('DELETE_COMPLETE')
    expect(h.world.live.has('two-child-q')).toBe(false)
  })

  it('refuses to replace a custom-named resource under the same name, like AWS', async () => {
    const template = (retention: number) => JSON.stringify({
      Resources: { L: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'named-group', RetentionInDays: retention } } },
    })
    await cfn.send(new CreateStackCommand({ StackName: 'named', TemplateBody: template(1) }))
    await waitUntilStackCreateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'named' })
    await cfn.send(new UpdateStackCommand({ StackName: 'named', TemplateBody: template(7) }))
    await expect(waitUntilStackUpdateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'named' })).rejects.toThrow()
    const failed = (await events('named')).find((e) => e.ResourceStatus === 'UPDATE_FAILED')!
    expect(failed.ResourceStatusReason).toBe('CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename named-group and update the stack again.')
    expect((await describeStack(cfn, 'named')).StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE')
    expect([...h.world.live.values()].find((r) => r.props.LogGroupName === 'named-group')!.props.RetentionInDays).toBe(1)
  })

  it('refuses to delete a stack with termination protection until it is turned off', async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'guarded', EnableTerminationProtection: true, TemplateBody: JSON.stringify({ Resources: { Q: { Type: 'AWS::SQS::Queue' } } }) }))
    await waitUntilStackCreateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'guarded' })
    expect((await describeStack(cfn, 'guarded')).EnableTerminationProtection).toBe(true)
    await expect(cfn.send(new DeleteStackCommand({ StackName: 'guarded' })))
      .rejects.toMatchObject({ name: 'ValidationError', message: 'Stack [guarded] cannot be deleted while TerminationProtection is enabled' })
    await cfn.send(new UpdateTerminationProtectionCommand({ StackName: 'guarded', EnableTerminationProtection: false }))
    await cfn.send(new DeleteStackCommand({ StackName: 'guarded' }))
    await waitUntilStackDeleteComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'guarded' })
  })

  it('applies a DeletionPolicy-only change, so a later delete retains the resource', async () => {
    const template = (policy?: string) => JSON.stringify({
      Resources: { B: { Type: 'AWS::S3::Bucket', ...(policy ? { DeletionPolicy: policy } : {}), Properties: { BucketName: 'policy-b' } } },
    })
    await cfn.send(new CreateStackCommand({ StackName: 'policy', TemplateBody: template() }))
    await waitUntilStackCreateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'policy' })
    const callsBefore = h.world.calls.length
    await cfn.send(new UpdateStackCommand({ StackName: 'policy', TemplateBody: template('Retain') }))
    await waitUntilStackUpdateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'policy' })
    expect(h.world.calls.slice(callsBefore)).toEqual([])
    await cfn.send(new DeleteStackCommand({ StackName: 'policy' }))
    await waitUntilStackDeleteComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'policy' })
    expect(h.world.live.has('policy-b')).toBe(true)
  })
})
