/**
 * @module DynamoDB: the real data plane of dynalite, persisted under `dataDir/dynamodb`. The wire protocol
 * (JSON 1.0, `X-Amz-Target: DynamoDB_20120810.*`) is forwarded unchanged; `api` forwards any operation.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/Welcome.html
 */
import path from 'node:path'
import { authorizeApiCall } from '../../authz/api-gate.js'
import { AwsError } from '../../core/aws-error.js'
import { jsonFailureMessage, parseJsonBody } from '../../protocols/json-body.js'
import type { ApiOperation, CloudContext, ServiceDef } from '../../core/types.js'
import { tableProvider } from './cfn/table.js'
import { ContinuousBackups } from './continuous-backups.js'
import { Dynalite } from './dynalite-server.js'
import { assertInputWithinLimits, isOperationName } from './input-limits.js'
import { assertSupported } from './unsupported.js'

export function dynamodbService(): ServiceDef {
  let db: Dynalite | undefined
  let backups: ContinuousBackups | undefined
  const running = (): Dynalite => {
    if (!db) throw new AwsError('ServiceUnavailable', 503, 'The local DynamoDB is not running')
    return db
  }

  const own: Record<string, ApiOperation> = {
    // Point-in-time recovery settings: kept by the local cloud (dynalite has none).
    DescribeContinuousBackups: async (input) => backups!.run('DescribeContinuousBackups', input),
    UpdateContinuousBackups: async (input) => backups!.run('UpdateContinuousBackups', input),
    /** Every table with its tags, for the Resource Groups Tagging API. */
    async _listTaggedResources() {
      const out: { ResourceARN: string; Tags: { Key: string; Value: string }[] }[] = []
      let start: string | undefined
      do {
        const page = await running().call('ListTables', start ? { ExclusiveStartTableName: start } : {})
        for (const name of page.TableNames ?? []) {
          // A table being deleted can vanish between ListTables and here: it is no longer a resource.
          try {
            const { Table } = await running().call('DescribeTable', { TableName: name })
            if (Table.TableStatus === 'DELETING') continue
            const tags = await listAllTags(running(), Table.TableArn)
            out.push({ ResourceARN: Table.TableArn, Tags: tags })
          } catch (err) {
            if ((err as AwsError)?.code !== 'ResourceNotFoundException') throw err
          }
        }
        start = page.LastEvaluatedTableName
      } while (start)
      return out
    },
  }

  // Any public operation name forwards to dynalite, which answers unknown ones like DynamoDB does
  // (UnknownOperationException); `_`-prefixed names are internal and only exist if defined above.
  const api = new Proxy(own, {
    get(target, key) {
      if (typeof key !== 'string' || key in target || !/^[A-Z][A-Za-z]+$/.test(key)) return (target as any)[key]
      return async (input: unknown) => {
        assertSupported(key)
        return running().call(key, input)
      }
    },
  })

  return {
    name: 'dynamodb',
    signingNames: ['dynamodb'],
    targetPrefixes: ['DynamoDB_20120810', 'DynamoDB_20111205'],
    protocol: 'json',
    api,
    resourceProviders: { 'AWS::DynamoDB::Table': tableProvider },
    async start(ctx: CloudContext) {
      const instance = new Dynalite(path.join(ctx.dataDir, 'dynamodb'), ctx.accountId, ctx.defaultRegion)
      await instance.start()
      db = instance
      backups = new ContinuousBackups(ctx, (operation, input) => running().call(operation, input))
    },
    async stop() {
      const instance = db
      db = undefined
      await instance?.stop()
    },
    async handle(req, ctx) {
      const target = req.headers['x-amz-target'] ?? ''
      const operation = target.slice(target.indexOf('.') + 1)
      req.operation = operation || undefined
      if (!isOperationName(operation)) throw new AwsError('UnknownOperationException', 400, '')
      await authorizeApiCall(req, ctx, 'dynamodb', () => gateInput(req.body))
      if (backups && ContinuousBackups.OPERATIONS.includes(operation)) return backups.handle(req, operation)
      assertSupported(operation)
      assertInputWithinLimits(req.body)
      const q = req.raw.url?.indexOf('?') ?? -1
      const url = req.rawPath + (q === -1 ? '' : req.raw.url!.slice(q))
      return running().forward({ method: req.method, url, headers: req.headers, body: req.body })
    },
  }
}

async function listAllTags(db: Dynalite, arn: string): Promise<{ Key: string; Value: string }[]> {
  const tags: { Key: string; Value: string }[] = []
  let next: string | undefined
  do {
    const page = await db.call('ListTagsOfResource', next ? { ResourceArn: arn, NextToken: next } : { ResourceArn: arn })
    tags.push(...(page.Tags ?? []))
    next = page.NextToken
  } while (next)
  return tags
}

/**
 * The tables a call names, for the API gate (callers other than the account's root only; the body goes to dynalite
 * unchanged). A body this cannot read is refused here, never let through unjudged.
 */
function gateInput(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {}
  const parsed = parseJsonBody(body, (reason) => new AwsError('SerializationException', 400, jsonFailureMessage(reason)))
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new AwsError('SerializationException', 400, 'The request body must be a JSON object')
  return parsed as Record<string, unknown>
}
