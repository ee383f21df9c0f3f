/**
 * A CloudFormation stack of this part's resource types (DynamoDB table, IAM role and policy, log group),
 * end to end through the SDK: attributes, stack tags on every resource, an update, and — what `lab teardown`
 * relies on — the Tagging API finding the stack's resources until the stack is deleted.
 */
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStacksCommand, UpdateStackCommand, waitUntilStackCreateComplete, waitUntilStackDeleteComplete, waitUntilStackUpdateComplete } from '@aws-sdk/client-cloudformation'
import { DescribeTableCommand, DynamoDBClient, ListTagsOfResourceCommand } from '@aws-sdk/client-dynamodb'
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { GetRoleCommand, IAMClient, ListRolePoliciesCommand } from '@aws-sdk/client-iam'
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api'
import { describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'

let cloud: TestCloud
useTestCloud((c) => {
  cloud = c
})

const template = (retention: number) => JSON.stringify({
  Resources: {
    Notes: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        Tags: [{ Key: 'app', Value: 'notes' }],
      },
    },
    FnRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
        ManagedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      },
    },
    TablePolicy: {
      Type: 'AWS::IAM::Policy',
      Properties: {
        PolicyName: 'table-access',
        PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: { 'Fn::GetAtt': ['Notes', 'Arn'] } }] },
        Roles: [{ Ref: 'FnRole' }],
      },
    },
    Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/lab/stack-test', RetentionInDays: retention } },
  },
  Outputs: {
    TableName: { Value: { Ref: 'Notes' } },
    TableArn: { Value: { 'Fn::GetAtt': ['Notes', 'Arn'] } },
    RoleArn: { Value: { 'Fn::GetAtt': ['FnRole', 'Arn'] } },
    RoleName: { Value: { Ref: 'FnRole' } },
    LogArn: { Value: { 'Fn::GetAtt': ['Logs', 'Arn'] } },
  },
})

describe('a stack of DynamoDB, IAM and Logs resources', () => {
  it('creates, updates and deletes; the Tagging API sees the resources exactly while they exist', async () => {
    const cfn = new CloudFormationClient(cloud.sdk)
    const tagging = new ResourceGroupsTaggingAPIClient(cloud.sdk)
    await cfn.send(new CreateStackCommand({ StackName: 'lab-350', TemplateBody: template(7), Capabilities: ['CAPABILITY_IAM'], Tags: [{ Key: 'lab', Value: '350' }] }))
    await waitUntilStackCreateComplete({ client: cfn, maxWaitTime: 120, minDelay: 1, maxDelay: 1 }, { StackName: 'lab-350' })
    const [stack] = (await cfn.send(new DescribeStacksCommand({ StackName: 'lab-350' }))).Stacks!
    const out = Object.fromEntries(stack.Outputs!.map((o) => [o.OutputKey, o.OutputValue]))
    expect(out.TableName).toMatch(/^lab-350-Notes-[A-Z0-9]{12}$/)
    expect(out.TableArn).toBe(`arn:aws:dynamodb:us-east-1:000000000000:table/${out.TableName}`)
    expect(out.RoleArn).toBe(`arn:aws:iam::000000000000:role/${out.RoleName}`)
    expect(out.LogArn).toBe('arn:aws:logs:us-east-1:000000000000:log-group:/lab/stack-test:*')

    const table = await new DynamoDBClient(cloud.sdk).send(new DescribeTableCommand({ TableName: out.TableName }))
    expect(table.Table?.TableStatus).toBe('ACTIVE')
    const tableTags = await new DynamoDBClient(cloud.sdk).send(new ListTagsOfResourceCommand({ ResourceArn: out.TableArn }))
    expect(tableTags.Tags).toEqual(expect.arrayContaining([{ Key: 'app', Value: 'notes' }, { Key: 'lab', Value: '350' }, { Key: 'aws:cloudformation:stack-name', Value: 'lab-350' }]))
    const iam = new IAMClient(cloud.sdk)
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: out.RoleName }))).PolicyNames).toEqual(['table-access'])
    expect((await iam.send(new GetRoleCommand({ RoleName: out.RoleName }))).Role?.Tags).toContainEqual({ Key: 'lab', Value: '350' })

    const found = await tagging.send(new GetResourcesCommand({ TagFilters: [{ Key: 'aws:cloudformation:stack-name', Values: ['lab-350'] }] }))
    expect(found.ResourceTagMappingList?.map((m) => m.ResourceARN).sort()).toEqual(
      [out.TableArn, out.RoleArn, 'arn:aws:logs:us-east-1:000000000000:log-group:/lab/stack-test'].sort(),
    )

    // The stack itself carries the stack tags (and is a `cloudformation:stack`).
    const stacks = await tagging.send(new GetResourcesCommand({ ResourceTypeFilters: ['cloudformation:stack'] }))
    expect(stacks.ResourceTagMappingList).toEqual([{ ResourceARN: stack.StackId, Tags: [{ Key: 'lab', Value: '350' }] }])

    await cfn.send(new UpdateStackCommand({ StackName: 'lab-350', TemplateBody: template(30), Capabilities: ['CAPABILITY_IAM'], Tags: [{ Key: 'lab', Value: '350' }] }))
    await waitUntilStackUpdateComplete({ client: cfn, maxWaitTime: 120, minDelay: 1, maxDelay: 1 }, { StackName: 'lab-350' })
    const groups = await new CloudWatchLogsClient(cloud.sdk).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/lab/' }))
    expect(groups.logGroups?.[0].retentionInDays).toBe(30)

    await cfn.send(new DeleteStackCommand({ StackName: 'lab-350' }))
    await waitUntilStackDeleteComplete({ client: cfn, maxWaitTime: 120, minDelay: 1, maxDelay: 1 }, { StackName: 'lab-350' })
    const left = await tagging.send(new GetResourcesCommand({ TagFilters: [{ Key: 'lab', Values: ['350'] }] }))
    expect(left.ResourceTagMappingList).toEqual([])
  })

  it('fails a table with StreamSpecification with a reason that names it', async () => {
    const cfn = new CloudFormationClient(cloud.sdk)
    const body = JSON.stringify({
      Resources: {
        T: {
          Type: 'AWS::DynamoDB::Table',
          Properties: {
            KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
            AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
            BillingMode: 'PAY_PER_REQUEST',
            StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
          },
        },
      },
    })
    await cfn.send(new CreateStackCommand({ StackName: 'streams', TemplateBody: body }))
    await waitUntilStackCreateComplete({ client: cfn, maxWaitTime: 120, minDelay: 1, maxDelay: 1 }, { StackName: 'streams' }).catch(() => {})
    const [stack] = (await cfn.send(new DescribeStacksCommand({ StackName: 'streams' }))).Stacks!
    expect(stack.StackStatus).toMatch(/ROLLBACK_COMPLETE|CREATE_FAILED/)
    const { StackEvents } = await cfn.send(new (await import('@aws-sdk/client-cloudformation')).DescribeStackEventsCommand({ StackName: 'streams' }))
    expect(StackEvents?.some((e) => e.LogicalResourceId === 'T' && e.ResourceStatus === 'CREATE_FAILED' && /StreamSpecification/.test(e.ResourceStatusReason ?? ''))).toBe(true)
  })
})
