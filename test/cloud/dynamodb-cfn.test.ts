import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AwsError } from '../../src/cloud/core/aws-error.js'
import { dynamodbService } from '../../src/cloud/services/dynamodb/index.js'
import { startHarness, type Harness } from '../helpers/service-harness.js'

let h: Harness
beforeAll(async () => {
  h = await startHarness([dynamodbService()])
})
afterAll(() => h?.stop())

const provider = () => h.ctx.resourceProvider('AWS::DynamoDB::Table')!
const base = {
  KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }, { AttributeName: 'owner', AttributeType: 'S' }],
  BillingMode: 'PAY_PER_REQUEST',
}

describe('dynamodb api (ctx.call)', () => {
  it('forwards any operation and maps errors to AwsError', async () => {
    await h.ctx.call('dynamodb', 'CreateTable', { TableName: 'Direct', ...base, AttributeDefinitions: base.AttributeDefinitions.slice(0, 1) })
    // CREATING until ACTIVE, as on AWS (at once locally, but asynchronously).
    while ((await h.ctx.call('dynamodb', 'DescribeTable', { TableName: 'Direct' })).Table.TableStatus !== 'ACTIVE') await new Promise((r) => setTimeout(r, 10))
    await h.ctx.call('dynamodb', 'PutItem', { TableName: 'Direct', Item: { id: { S: '1' }, n: { N: '5' } } })
    const got = await h.ctx.call('dynamodb', 'GetItem', { TableName: 'Direct', Key: { id: { S: '1' } } })
    expect(got.Item.n).toEqual({ N: '5' })
    const err = await h.ctx.call('dynamodb', 'GetItem', { TableName: 'Nope', Key: { id: { S: '1' } } }).catch((e) => e)
    expect(err.code).toBe('ResourceNotFoundException')
    expect(err.status).toBe(400)
    const unknown = await h.ctx.call('dynamodb', '_noSuchInternalOp', {}).catch((e) => e)
    expect(unknown.code).toBe('InvalidAction')
  })
})

describe('AWS::DynamoDB::Table', () => {
  it('creates a named-by-CloudFormation table with indexes and tags, ACTIVE, and reports Arn', async () => {
    const rc = h.rc('Orders', 'shop')
    const result = await provider().create({
      ...base,
      GlobalSecondaryIndexes: [{ IndexName: 'byOwner', KeySchema: [{ AttributeName: 'owner', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: false },
      Tags: [{ Key: 'lab', Value: '350' }],
    }, rc)
    expect(result.physicalId).toMatch(/^shop-Orders-[A-Z0-9]{12}$/)
    expect(result.attributes?.Arn).toBe(`arn:aws:dynamodb:us-east-1:000000000000:table/${result.physicalId}`)
    const { Table } = await h.ctx.call('dynamodb', 'DescribeTable', { TableName: result.physicalId })
    expect(Table.TableStatus).toBe('ACTIVE')
    expect(Table.GlobalSecondaryIndexes[0].IndexName).toBe('byOwner')
    const { Tags } = await h.ctx.call('dynamodb', 'ListTagsOfResource', { ResourceArn: Table.TableArn })
    expect(Tags).toContainEqual({ Key: 'lab', Value: '350' })
    expect(Tags).toContainEqual({ Key: 'aws:cloudformation:logical-id', Value: 'Orders' })

    const listed = await h.ctx.call('dynamodb', '_listTaggedResources', {})
    expect(listed.find((r: any) => r.ResourceARN === Table.TableArn)?.Tags).toContainEqual({ Key: 'lab', Value: '350' })

    await provider().delete(result.physicalId, {}, rc)
    const gone = await h.ctx.call('dynamodb', 'DescribeTable', { TableName: result.physicalId }).catch((e) => e)
    expect(gone.code).toBe('ResourceNotFoundException')
  })

  it('updates throughput, indexes and tags in place', async () => {
    const rc = h.rc('Things')
    const index = { IndexName: 'byOwner', KeySchema: [{ AttributeName: 'owner', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' }, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }
    const first = { ...base, GlobalSecondaryIndexes: [index], TableName: 'things', BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: '1', WriteCapacityUnits: 1 }, Tags: [{ Key: 'a', Value: '1' }] }
    const created = await provider().create(first, rc)
    expect(created.physicalId).toBe('things')
    const second = {
      ...first,
      ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 2 },
      GlobalSecondaryIndexes: [{ ...index, ProvisionedThroughput: { ReadCapacityUnits: 4, WriteCapacityUnits: 1 } }],
      Tags: [{ Key: 'b', Value: '2' }],
    }
    const updated = await provider().update!('things', second, first, rc)
    expect(updated.physicalId).toBe('things')
    const { Table } = await h.ctx.call('dynamodb', 'DescribeTable', { TableName: 'things' })
    expect(Table.ProvisionedThroughput.ReadCapacityUnits).toBe(3)
    expect(Table.GlobalSecondaryIndexes[0].ProvisionedThroughput.ReadCapacityUnits).toBe(4)
    const { Tags } = await h.ctx.call('dynamodb', 'ListTagsOfResource', { ResourceArn: Table.TableArn })
    expect(Tags.map((t: any) => t.Key)).toContain('b')
    expect(Tags.map((t: any) => t.Key)).not.toContain('a')
    const third = { ...second, GlobalSecondaryIndexes: [] }
    const refused = await provider().update!('things', third, second, rc).catch((e) => e)
    expect(refused.message).toMatch(/GlobalSecondaryIndexes/)
    await provider().delete('things', second, rc)
  })

  it('fails clearly, naming the property, for what the local DynamoDB cannot do', async () => {
    const rc = h.rc('Streamed')
    const streamed = await provider().create({ ...base, StreamSpecification: { StreamViewType: 'NEW_IMAGE' } }, rc).catch((e) => e)
    expect(streamed.message).toMatch(/StreamSpecification/)
    const ttl = await provider().create({ ...base, TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true } }, rc).catch((e) => e)
    expect(ttl.message).toMatch(/TimeToLiveSpecification/)
  })

  it('a create that fails after CreateTable (tagging refused) leaves no table behind', async () => {
    const rc = h.rc('Half')
    const refusing = { ...rc, call: (svc: string, op: string, input?: unknown) => (op === 'TagResource' ? Promise.reject(new AwsError('LimitExceededException', 400, 'too many tags')) : rc.call(svc, op, input)) }
    const err = await provider().create({ ...base, AttributeDefinitions: base.AttributeDefinitions.slice(0, 1), TableName: 'half-made' }, refusing as typeof rc).catch((e) => e)
    expect(err.code).toBe('LimitExceededException')
    const gone = await h.ctx.call('dynamodb', 'DescribeTable', { TableName: 'half-made' }).catch((e) => e)
    expect(gone.code).toBe('ResourceNotFoundException')
  })

  it('deleting a table that is already gone succeeds (CloudFormation delete is idempotent)', async () => {
    await expect(provider().delete('never-existed', {}, h.rc('X'))).resolves.toBeUndefined()
  })
})
