import {
  CloudFormationClient, CreateChangeSetCommand, CreateStackCommand, DeleteChangeSetCommand, DeleteStackCommand, DescribeStackEventsCommand,
  DescribeChangeSetCommand, DescribeStacksCommand, ExecuteChangeSetCommand, ListChangeSetsCommand, ListExportsCommand, UpdateStackCommand,
  waitUntilChangeSetCreateComplete, waitUntilStackCreateComplete, waitUntilStackDeleteComplete, waitUntilStackUpdateComplete,
} from '@aws-sdk/client-cloudformation'
import { describe, expect, it } from 'vitest'
import { describeStack, startCfnHarness, type CfnHarness, STACK_WAIT, useCfnHarness } from '../fixtures/cfn/harness.js'

let h: CfnHarness
let cfn: CloudFormationClient

useCfnHarness((harness) => {
  h = harness
  cfn = new CloudFormationClient(h.sdk)
})


const v1 = JSON.stringify({
  Resources: {
    Keep: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'cs-keep' } },
    Tweak: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'cs-tweak', DelaySeconds: 1 } },
    Rename: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'cs-old' } },
    Gone: { Type: 'AWS::SQS::Queue' },
  },
})
const v2 = JSON.stringify({
  Resources: {
    Keep: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'cs-keep' } },
    Tweak: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'cs-tweak', DelaySeconds: 2 } },
    Rename: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'cs-new' } },
    Fresh: { Type: 'AWS::S3::Bucket' },
  },
})

describe('CloudFormation change sets', () => {
  it('creates a stack through a CREATE change set (REVIEW_IN_PROGRESS first)', async () => {
    const { Id, StackId } = await cfn.send(new CreateChangeSetCommand({ StackName: 'cs', ChangeSetName: 'initial', ChangeSetType: 'CREATE', TemplateBody: v1 }))
    expect(Id).toMatch(/^arn:aws:cloudformation:us-east-1:000000000000:changeSet\/initial\//)
    expect((await describeStack(cfn, 'cs')).StackStatus).toBe('REVIEW_IN_PROGRESS')
    await waitUntilChangeSetCreateComplete({ client: cfn, ...STACK_WAIT }, { ChangeSetName: Id })
    const cs = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: 'initial', StackName: 'cs' }))
    expect(cs).toMatchObject({ Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE', StackId })
    expect(cs.Changes!.map((c) => [c.Type, c.ResourceChange!.Action, c.ResourceChange!.LogicalResourceId])).toEqual([
      ['Resource', 'Add', 'Keep'], ['Resource', 'Add', 'Tweak'], ['Resource', 'Add', 'Rename'], ['Resource', 'Add', 'Gone'],
    ])
    await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: Id }))
    await waitUntilStackCreateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'cs' })
    expect((await describeStack(cfn, 'cs')).ChangeSetId).toBe(Id)
  })

  it('previews an update as Add / Modify (Replacement True|False) / Remove, then executes it', async () => {
    const { Id } = await cfn.send(new CreateChangeSetCommand({ StackName: 'cs', ChangeSetName: 'next', TemplateBody: v2 }))
    await waitUntilChangeSetCreateComplete({ client: cfn, ...STACK_WAIT }, { ChangeSetName: Id })
    const cs = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: Id }))
    const byId = Object.fromEntries(cs.Changes!.map((c) => [c.ResourceChange!.LogicalResourceId, c.ResourceChange]))
    expect(Object.keys(byId).sort()).toEqual(['Fresh', 'Gone', 'Rename', 'Tweak'])
    expect(byId.Tweak).toMatchObject({ Action: 'Modify', Replacement: 'False', PhysicalResourceId: 'cs-tweak' })
    expect(byId.Rename).toMatchObject({ Action: 'Modify', Replacement: 'True', PhysicalResourceId: 'cs-old' })
    expect(byId.Fresh).toMatchObject({ Action: 'Add', ResourceType: 'AWS::S3::Bucket' })
    expect(byId.Gone).toMatchObject({ Action: 'Remove', ResourceType: 'AWS::SQS::Queue' })
    const listed = await cfn.send(new ListChangeSetsCommand({ StackName: 'cs' }))
    expect(listed.Summaries!.map((s) => s.ChangeSetName)).toEqual(['initial', 'next'])

    await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: 'next', StackName: 'cs' }))
    await waitUntilStackUpdateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'cs' })
    expect(h.world.live.has('cs-old')).toBe(false)
    expect(h.world.live.has('cs-new')).toBe(true)
    expect(h.world.live.get('cs-tweak')!.props.DelaySeconds).toBe(2)
    expect((await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: Id }))).ExecutionStatus).toBe('EXECUTE_COMPLETE')
  })

  it('fails a change set without changes with the reason `aws cloudformation deploy` looks for', async () => {
    const { Id } = await cfn.send(new CreateChangeSetCommand({ StackName: 'cs', ChangeSetName: 'same', TemplateBody: v2 }))
    const waited = await waitUntilChangeSetCreateComplete({ client: cfn, ...STACK_WAIT }, { ChangeSetName: Id }).catch((e) => e)
    const cs = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: Id }))
    expect(waited).toBeInstanceOf(Error)
    expect(cs.Status).toBe('FAILED')
    expect(cs.ExecutionStatus).toBe('UNAVAILABLE')
    expect(cs.StatusReason).toBe("The submitted information didn't contain changes. Submit different information to create a change set.")
    await expect(cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: Id }))).rejects.toMatchObject({ name: 'InvalidChangeSetStatusException' })
    await cfn.send(new DeleteChangeSetCommand({ ChangeSetName: Id }))
    await expect(cfn.send(new DescribeChangeSetCommand({ ChangeSetName: Id }))).rejects.toMatchObject({ name: 'ChangeSetNotFoundException' })
  })

  it('makes pending change sets OBSOLETE when the stack is updated directly', async () => {
    const { Id } = await cfn.send(new CreateChangeSetCommand({ StackName: 'cs', ChangeSetName: 'stale', TemplateBody: v1 }))
    await waitUntilChangeSetCreateComplete({ client: cfn, ...STACK_WAIT }, { ChangeSetName: Id })
    await cfn.send(new UpdateStackCommand({ StackName: 'cs', TemplateBody: v1 }))
    await waitUntilStackUpdateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'cs' })
    expect((await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: Id }))).ExecutionStatus).toBe('OBSOLETE')
    await expect(cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: Id }))).rejects.toMatchObject({ name: 'InvalidChangeSetStatusException' })
  })

  it('refuses CREATE change sets for existing stacks and UPDATE ones for missing stacks', async () => {
    await expect(cfn.send(new CreateChangeSetCommand({ StackName: 'cs', ChangeSetName: 'again', ChangeSetType: 'CREATE', TemplateBody: v1 })))
      .rejects.toMatchObject({ message: 'Stack [cs] already exists and cannot be created again with the changeSet [again].' })
    await expect(cfn.send(new CreateChangeSetCommand({ StackName: 'nobody', ChangeSetName: 'u', TemplateBody: v1 })))
      .rejects.toMatchObject({ name: 'ValidationError', message: 'Stack [nobody] does not exist' })
  })
})

describe('CloudFormation exports and imports', () => {
  it('lists exports, resolves Fn::ImportValue and refuses to delete an export in use', async () => {
    const exporter = `
Resources:
  B: { Type: AWS::S3::Bucket, Properties: { BucketName: shared-bucket } }
Outputs:
  Name:
    Value: !Ref B
    Export: { Name: shared-bucket-name }
`
    const importer = `
Resources:
  Q:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub
        - '\${Imported}-queue'
        - Imported: !ImportValue shared-bucket-name
`
    await expect(cfn.send(new CreateStackCommand({ StackName: 'early', TemplateBody: importer })))
      .rejects.toMatchObject({ name: 'ValidationError', message: 'No export named shared-bucket-name found.' })
    await cfn.send(new CreateStackCommand({ StackName: 'exporter', TemplateBody: exporter }))
    await waitUntilStackCreateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'exporter' })
    const exp = await cfn.send(new ListExportsCommand({}))
    expect(exp.Exports).toContainEqual({ ExportingStackId: (await describeStack(cfn, 'exporter')).StackId, Name: 'shared-bucket-name', Value: 'shared-bucket' })

    await cfn.send(new CreateStackCommand({ StackName: 'importer', TemplateBody: importer }))
    await waitUntilStackCreateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'importer' })
    expect(h.world.live.has('shared-bucket-queue')).toBe(true)

    await cfn.send(new CreateStackCommand({ StackName: 'dup-exporter', TemplateBody: exporter.replace('shared-bucket }', 'other-bucket }') }))
    await expect(waitUntilStackCreateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'dup-exporter' })).rejects.toThrow()
    expect((await describeStack(cfn, 'dup-exporter')).StackStatus).toBe('ROLLBACK_COMPLETE')

    // AWS quirk: DeleteStack succeeds, the stack stays as it was, with the reason.
    await cfn.send(new DeleteStackCommand({ StackName: 'exporter' }))
    const stack = await describeStack(cfn, 'exporter')
    expect(stack.StackStatus).toBe('CREATE_COMPLETE')
    expect(stack.StackStatusReason).toBe('Export shared-bucket-name cannot be deleted as it is in use by importer')
    expect(h.world.live.has('shared-bucket')).toBe(true)

    await cfn.send(new UpdateStackCommand({ StackName: 'exporter', TemplateBody: exporter.replace(/Outputs:[\s\S]*/, '') }))
    await expect(waitUntilStackUpdateComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'exporter' })).rejects.toThrow()
    const updated = await describeStack(cfn, 'exporter')
    expect(updated.StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE')
    const reason = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'exporter' }))).StackEvents!.find((e) => e.ResourceStatus === 'UPDATE_ROLLBACK_IN_PROGRESS')!.ResourceStatusReason
    expect(reason).toBe('Export shared-bucket-name cannot be updated as it is in use by importer')
    expect(updated.Outputs).toEqual([{ OutputKey: 'Name', OutputValue: 'shared-bucket', ExportName: 'shared-bucket-name' }])

    await cfn.send(new DeleteStackCommand({ StackName: 'importer' }))
    await waitUntilStackDeleteComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'importer' })
    await cfn.send(new DeleteStackCommand({ StackName: 'exporter' }))
    await waitUntilStackDeleteComplete({ client: cfn, ...STACK_WAIT }, { StackName: 'exporter' })
    expect((await cfn.send(new ListExportsCommand({}))).Exports!.map((e) => e.Name)).not.toContain('shared-bucket-name')
  })
})

describe('CloudFormation persistence', () => {
  it('keeps stacks across a restart and fails operations a killed process left in progress', async () => {
    const dataHarness = await startCfnHarness()
    const client = new CloudFormationClient(dataHarness.sdk)
    await client.send(new CreateStackCommand({ StackName: 'done', TemplateBody: JSON.stringify({ Resources: { Q: { Type: 'AWS::SQS::Queue' } } }) }))
    await waitUntilStackCreateComplete({ client, ...STACK_WAIT }, { StackName: 'done' })
    dataHarness.world.gate('never')
    await client.send(new CreateStackCommand({ StackName: 'stuck', TemplateBody: JSON.stringify({ Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { Gate: 'never' } } } }) }))
    await dataHarness.kill()

    const again = await startCfnHarness({ dataDir: dataHarness.dataDir })
    const client2 = new CloudFormationClient(again.sdk)
    try {
      const done = (await client2.send(new DescribeStacksCommand({ StackName: 'done' }))).Stacks![0]
      expect(done.StackStatus).toBe('CREATE_COMPLETE')
      const stuck = (await client2.send(new DescribeStacksCommand({ StackName: 'stuck' }))).Stacks![0]
      expect(stuck.StackStatus).toBe('CREATE_FAILED')
      expect(stuck.StackStatusReason).toBe('The local cloud stopped while this operation was in progress')
    } finally {
      await again.close()
    }
  })
})
