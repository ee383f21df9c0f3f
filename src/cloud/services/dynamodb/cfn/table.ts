/**
 * @module CloudFormation `AWS::DynamoDB::Table` over the DynamoDB api (dynalite).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-dynamodb-table.html
 */
import { AwsError } from '../../../core/aws-error.js'
import { physicalName } from '../../../core/ids.js'
import type { ResourceContext, ResourceProvider } from '../../../core/types.js'

type Tag = { Key: string; Value: string }
interface TableProps {
  TableName?: string
  KeySchema: unknown[]
  AttributeDefinitions?: unknown[]
  BillingMode?: string
  ProvisionedThroughput?: { ReadCapacityUnits: number | string; WriteCapacityUnits: number | string }
  SSESpecification?: { SSEEnabled?: boolean | string; SSEType?: string; KMSMasterKeyId?: string }
  StreamSpecification?: { StreamViewType?: string }
  TimeToLiveSpecification?: { AttributeName?: string; Enabled?: boolean | string }
  GlobalSecondaryIndexes?: any[]
  LocalSecondaryIndexes?: any[]
  Tags?: Tag[]
  DeletionProtectionEnabled?: boolean | string
  PointInTimeRecoverySpecification?: { PointInTimeRecoveryEnabled?: boolean; RecoveryPeriodInDays?: number }
}

const truthy = (v: unknown): boolean => v === true || v === 'true'

/** Fail, naming the property, what dynalite cannot do — never accept it and silently do nothing. */
function unsupported(props: TableProps): void {
  // Not implemented: DynamoDB Streams (dynalite has no streams, so StreamArn cannot exist).
  if (props.StreamSpecification) {
    throw new AwsError('ValidationError', 400, 'StreamSpecification is not supported by the local cloud: its DynamoDB (dynalite) has no streams')
  }
  // Not implemented: TTL expiry (dynalite has no UpdateTimeToLive); a disabled specification is what it already does.
  if (props.TimeToLiveSpecification && truthy(props.TimeToLiveSpecification.Enabled)) {
    throw new AwsError('ValidationError', 400, 'TimeToLiveSpecification with Enabled: true is not supported by the local cloud: its DynamoDB (dynalite) does not expire items')
  }
  // Not implemented: deletion protection (dynalite's DeleteTable has no such check).
  if (truthy(props.DeletionProtectionEnabled)) {
    throw new AwsError('ValidationError', 400, 'DeletionProtectionEnabled: true is not supported by the local cloud')
  }
  // Not implemented: customer managed KMS keys; SSEEnabled itself is accepted (local data is not encrypted at rest).
  if (props.SSESpecification?.KMSMasterKeyId) {
    throw new AwsError('ValidationError', 400, 'SSESpecification.KMSMasterKeyId is not supported by the local cloud')
  }
}

const throughput = (p?: TableProps['ProvisionedThroughput']) =>
  p && { ReadCapacityUnits: Number(p.ReadCapacityUnits), WriteCapacityUnits: Number(p.WriteCapacityUnits) }

const gsi = (index: any) => ({ ...index, ...(index.ProvisionedThroughput ? { ProvisionedThroughput: throughput(index.ProvisionedThroughput) } : {}) })

async function waitActive(rc: ResourceContext, name: string): Promise<any> {
  // dynalite runs with createTableMs/updateTableMs = 0: ACTIVE arrives within a few event-loop turns.
  for (let attempt = 0; attempt < 600; attempt++) {
    const { Table } = await rc.call('dynamodb', 'DescribeTable', { TableName: name })
    const indexesReady = (Table.GlobalSecondaryIndexes ?? []).every((i: any) => i.IndexStatus === 'ACTIVE')
    if (Table.TableStatus === 'ACTIVE' && indexesReady) return Table
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new AwsError('InternalFailure', 500, `Table ${name} did not become ACTIVE`)
}

async function waitGone(rc: ResourceContext, name: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    try {
      await rc.call('dynamodb', 'DescribeTable', { TableName: name })
    } catch (err) {
      if ((err as AwsError).code === 'ResourceNotFoundException') return
      throw err
    }
    await new Promise((r) => setTimeout(r, 50))
  }
}

async function syncTags(rc: ResourceContext, arn: string, wanted: Tag[], previous: Tag[]): Promise<void> {
  const keys = new Set(wanted.map((t) => t.Key))
  const removed = previous.map((t) => t.Key).filter((k) => !keys.has(k))
  if (removed.length) await rc.call('dynamodb', 'UntagResource', { ResourceArn: arn, TagKeys: removed })
  if (wanted.length) await rc.call('dynamodb', 'TagResource', { ResourceArn: arn, Tags: wanted })
}

/**
 * `PointInTimeRecoverySpecification` through UpdateContinuousBackups, as CloudFormation applies it.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-dynamodb-table-pointintimerecoveryspecification.html
 */
async function syncRecovery(rc: ResourceContext, name: string, props: TableProps, previous: Partial<TableProps>): Promise<void> {
  const spec = (p: Partial<TableProps>) => ({ enabled: truthy(p.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled), days: p.PointInTimeRecoverySpecification?.RecoveryPeriodInDays })
  const wanted = spec(props)
  if (JSON.stringify(wanted) === JSON.stringify(spec(previous))) return
  await rc.call('dynamodb', 'UpdateContinuousBackups', {
    TableName: name,
    PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: wanted.enabled, ...(wanted.enabled && wanted.days !== undefined ? { RecoveryPeriodInDays: Number(wanted.days) } : {}) },
  })
}

const allTags = (props: TableProps, rc: ResourceContext): Tag[] => [...rc.tags, ...(props.Tags ?? []).map((t) => ({ Key: String(t.Key), Value: String(t.Value) }))]

const attributes = (table: any) => ({ Arn: table.TableArn })

export const tableProvider: ResourceProvider<TableProps> = {
  properties: [
    'TableName', 'KeySchema', 'AttributeDefinitions', 'BillingMode', 'ProvisionedThroughput', 'SSESpecification',
    'StreamSpecification', 'TimeToLiveSpecification', 'GlobalSecondaryIndexes', 'LocalSecondaryIndexes', 'Tags',
    'DeletionProtectionEnabled', 'PointInTimeRecoverySpecification',
  ],
  required: ['KeySchema'],
  createOnly: ['TableName', 'KeySchema', 'LocalSecondaryIndexes'],

  async create(props, rc) {
    unsupported(props)
    const name = props.TableName ?? physicalName(rc.stackName, rc.logicalId, 255)
    await rc.call('dynamodb', 'CreateTable', {
      TableName: name,
      KeySchema: props.KeySchema,
      AttributeDefinitions: props.AttributeDefinitions,
      BillingMode: props.BillingMode,
      ProvisionedThroughput: throughput(props.ProvisionedThroughput),
      GlobalSecondaryIndexes: props.GlobalSecondaryIndexes?.map(gsi),
      LocalSecondaryIndexes: props.LocalSecondaryIndexes,
    })
    try {
      const table = await waitActive(rc, name)
      await syncTags(rc, table.TableArn, allTags(props, rc), [])
      await syncRecovery(rc, name, props, {})
      return { physicalId: name, attributes: attributes(table) }
    } catch (err) {
      // CloudFormation learns the physical id only from a successful create: clean up here so a failed
      // create leaves no table behind.
      await tableProvider.delete(name, props, rc).catch(() => {})
      throw err
    }
  },

  async update(name, props, previous, rc) {
    unsupported(props)
    let table = await waitActive(rc, name)
    const mode = props.BillingMode ?? 'PROVISIONED'
    if (mode !== (previous.BillingMode ?? 'PROVISIONED') || JSON.stringify(throughput(props.ProvisionedThroughput)) !== JSON.stringify(throughput(previous.ProvisionedThroughput))) {
      await rc.call('dynamodb', 'UpdateTable', { TableName: name, BillingMode: mode, ProvisionedThroughput: throughput(props.ProvisionedThroughput) })
      table = await waitActive(rc, name)
    }
    // Not implemented: adding or removing a global secondary index of an existing table — dynalite
    // validates GlobalSecondaryIndexUpdates Create/Delete but never applies them.
    const indexShape = (p: TableProps) => JSON.stringify((p.GlobalSecondaryIndexes ?? []).map((i) => ({ ...gsi(i), ProvisionedThroughput: undefined })))
    if (indexShape(props) !== indexShape(previous)) {
      throw new AwsError('ValidationError', 400, 'Changing GlobalSecondaryIndexes of an existing table is not supported by the local cloud; give the table a new TableName (or logical id) to replace it')
    }
    for (const index of props.GlobalSecondaryIndexes ?? []) {
      const was = previous.GlobalSecondaryIndexes?.find((i) => i.IndexName === index.IndexName)
      const wanted = throughput(index.ProvisionedThroughput)
      if (!wanted || JSON.stringify(wanted) === JSON.stringify(throughput(was?.ProvisionedThroughput))) continue
      await rc.call('dynamodb', 'UpdateTable', { TableName: name, GlobalSecondaryIndexUpdates: [{ Update: { IndexName: index.IndexName, ProvisionedThroughput: wanted } }] })
      table = await waitActive(rc, name)
    }
    await syncTags(rc, table.TableArn, allTags(props, rc), allTags(previous, rc))
    await syncRecovery(rc, name, props, previous)
    return { physicalId: name, attributes: attributes(table) }
  },

  async delete(name, _props, rc) {
    try {
      await rc.call('dynamodb', 'DeleteTable', { TableName: name })
    } catch (err) {
      if ((err as AwsError).code === 'ResourceNotFoundException') return
      throw err
    }
    await waitGone(rc, name)
  },
}
