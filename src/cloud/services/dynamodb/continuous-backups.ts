/**
 * @module Point-in-time recovery settings (DescribeContinuousBackups, UpdateContinuousBackups), which dynalite
 * does not have: kept per table by the local cloud, so `PointInTimeRecoverySpecification` is honoured and
 * readable as on AWS. Restoring is another matter (RestoreTableToPointInTime stays NotImplemented).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeContinuousBackups.html
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateContinuousBackups.html
 */
import { AwsError } from '../../core/aws-error.js'
import type { CloudContext, CloudRequest, CloudResponse } from '../../core/types.js'

interface Recovery {
  enabled: boolean
  days: number
  /** When PITR was last enabled: the earliest restorable time. */
  since?: string
}

type Call = (operation: string, input: unknown) => Promise<any>

const validation = (message: string) => new AwsError('ValidationException', 400, message)

export class ContinuousBackups {
  private readonly store
  constructor(ctx: CloudContext, private readonly dynalite: Call) {
    this.store = ctx.store<Record<string, Recovery>>('dynamodb', 'continuous-backups', () => Object.create(null))
  }

  static readonly OPERATIONS = ['DescribeContinuousBackups', 'UpdateContinuousBackups']

  async run(operation: string, input: any): Promise<unknown> {
    return operation === 'UpdateContinuousBackups' ? this.update(input) : this.describe(input)
  }

  /** The wire form: `X-Amz-Target` JSON in, JSON out. */
  async handle(req: CloudRequest, operation: string): Promise<CloudResponse> {
    let input: unknown
    try {
      input = JSON.parse(req.body.toString('utf8') || '{}')
    } catch {
      throw new AwsError('SerializationException', 400, 'Start of structure or map found where not expected')
    }
    const output = await this.run(operation, input)
    return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: JSON.stringify(output) }
  }

  private async tableKey(name: unknown): Promise<string> {
    if (typeof name !== 'string' || name === '') throw validation("1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null")
    try {
      const { Table } = await this.dynalite('DescribeTable', { TableName: name })
      return `${Table.TableArn}@${Table.CreationDateTime}`
    } catch (err) {
      if ((err as AwsError).code === 'ResourceNotFoundException') throw new AwsError('TableNotFoundException', 400, `Table not found: ${name}`)
      throw err
    }
  }

  private view(r: Recovery | undefined) {
    const enabled = r?.enabled === true
    return {
      ContinuousBackupsDescription: {
        ContinuousBackupsStatus: 'ENABLED',
        PointInTimeRecoveryDescription: enabled
          ? { PointInTimeRecoveryStatus: 'ENABLED', RecoveryPeriodInDays: r!.days, EarliestRestorableDateTime: Date.parse(r!.since!) / 1000, LatestRestorableDateTime: Date.now() / 1000 }
          : { PointInTimeRecoveryStatus: 'DISABLED' },
      },
    }
  }

  private async describe(input: { TableName?: string }) {
    const key = await this.tableKey(input?.TableName)
    return this.view(Object.hasOwn(this.store.data, key) ? this.store.data[key] : undefined)
  }

  private async update(input: { TableName?: string; PointInTimeRecoverySpecification?: { PointInTimeRecoveryEnabled?: unknown; RecoveryPeriodInDays?: unknown } }) {
    const key = await this.tableKey(input?.TableName)
    const spec = input.PointInTimeRecoverySpecification
    if (!spec || typeof spec.PointInTimeRecoveryEnabled !== 'boolean') {
      throw validation("1 validation error detected: Value null at 'pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled' failed to satisfy constraint: Member must not be null")
    }
    const days = spec.RecoveryPeriodInDays === undefined ? 35 : Number(spec.RecoveryPeriodInDays)
    if (!Number.isInteger(days) || days < 1 || days > 35) {
      throw validation(`1 validation error detected: Value '${spec.RecoveryPeriodInDays}' at 'pointInTimeRecoverySpecification.recoveryPeriodInDays' failed to satisfy constraint: Member must have value between 1 and 35`)
    }
    const previous = Object.hasOwn(this.store.data, key) ? this.store.data[key] : undefined
    const since = spec.PointInTimeRecoveryEnabled ? (previous?.enabled ? previous.since : new Date().toISOString()) : undefined
    this.store.data[key] = { enabled: spec.PointInTimeRecoveryEnabled, days, since }
    this.store.save()
    return this.view(this.store.data[key])
  }
}
