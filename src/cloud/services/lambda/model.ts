/** @module Lambda state: function records (configuration, code reference, tags, policy), persisted atomically. */
import { randomUUID } from 'node:crypto'
import type { CloudContext } from '../../core/types.js'
import type { JsonStore } from '../../core/store.js'
import type { Statement } from './policy.js'
import { functionArn } from './names.js'

export interface FunctionRecord {
  region: string
  account: string
  name: string
  runtime: string
  role: string
  handler: string
  description: string
  timeout: number
  memorySize: number
  environment?: Record<string, string>
  architectures: string[]
  code: { sha256: string; hex: string; size: number }
  lastModified: string
  revisionId: string
  tags: Record<string, string>
  policy: Statement[]
  policyRevisionId?: string
}

interface LambdaState {
  functions: Record<string, FunctionRecord>
}

export class LambdaModel {
  readonly store: JsonStore<LambdaState>

  constructor(ctx: CloudContext) {
    this.store = ctx.store<LambdaState>('lambda', 'functions', () => ({ functions: {} }))
  }

  private key(region: string, name: string): string {
    return `${region}/${name}`
  }

  get(region: string, name: string): FunctionRecord | undefined {
    return this.store.data.functions[this.key(region, name)]
  }

  put(record: FunctionRecord): void {
    this.store.data.functions[this.key(record.region, record.name)] = record
    this.store.save()
  }

  delete(region: string, name: string): void {
    delete this.store.data.functions[this.key(region, name)]
    this.store.save()
  }

  list(region?: string): FunctionRecord[] {
    return Object.values(this.store.data.functions)
      .filter((f) => !region || f.region === region)
      .sort((a, b) => a.name.localeCompare(b.name))
  }

  isCodeUsed(hex: string): boolean {
    return Object.values(this.store.data.functions).some((f) => f.code.hex === hex)
  }
}

export const arnOf = (f: FunctionRecord) => functionArn(f.region, f.account, f.name)

/** Lambda's LastModified format: `2024-05-01T12:00:00.000+0000`. */
export const lastModifiedNow = () => new Date().toISOString().replace('Z', '+0000')

export const newRevision = () => randomUUID()

/**
 * The FunctionConfiguration shape of GetFunction, CreateFunction and ListFunctions.
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_FunctionConfiguration.html
 */
export function configurationOf(f: FunctionRecord): Record<string, unknown> {
  return {
    FunctionName: f.name,
    FunctionArn: arnOf(f),
    Runtime: f.runtime,
    Role: f.role,
    Handler: f.handler,
    CodeSize: f.code.size,
    Description: f.description,
    Timeout: f.timeout,
    MemorySize: f.memorySize,
    LastModified: f.lastModified,
    CodeSha256: f.code.sha256,
    Version: '$LATEST',
    ...(f.environment ? { Environment: { Variables: f.environment } } : {}),
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: f.revisionId,
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: f.architectures,
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${f.name}` },
  }
}
