/**
 * @module The AWS calls the WebSocket tools make with SDK v3: the `@connections` management API of a stage
 * (POST/GET/DELETE a connection, SigV4 for `execute-api`) and a DynamoDB table scan. Both take the target's
 * client configuration (endpoint, region, credentials), so they reach the local cloud and AWS alike; the
 * agents resolve `*.localhost` to loopback, as the checks' fetch does.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-how-to-call-websocket-api-connections.html
 */
import http from 'node:http'
import https from 'node:https'
import type { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi'
import { labLookup } from '../lab-fetch.js'

/** SDK v3 client configuration: what `Target.clientConfig` holds. */
export type ClientConfig = Record<string, unknown>

/** A request handler whose agents resolve `*.localhost` (the SDK builds its NodeHttpHandler from these options). */
function requestHandler() {
  return {
    httpAgent: new http.Agent({ lookup: labLookup, keepAlive: true }),
    httpsAgent: new https.Agent({ lookup: labLookup, keepAlive: true }),
    connectionTimeout: 5_000,
    socketTimeout: 30_000,
  }
}

/**
 * A management API client for a stage's callback URL (`https://{api}.execute-api.{region}.amazonaws.com/{stage}`,
 * or the local cloud's `http://{api}.execute-api.localhost:PORT/{stage}`), signing with the target's credentials.
 */
export async function managementClient(callbackUrl: string, config: ClientConfig): Promise<ApiGatewayManagementApiClient> {
  const { ApiGatewayManagementApiClient } = await import('@aws-sdk/client-apigatewaymanagementapi')
  const { credentials, region } = config
  return new ApiGatewayManagementApiClient({ credentials, region, endpoint: callbackUrl.replace(/\/+$/, ''), requestHandler: requestHandler(), maxAttempts: 1 } as never)
}

/** What an SDK v3 error says, as AWS said it: `410 GoneException: …`. */
export function describeAwsError(error: unknown): { status?: number; name: string; message: string; text: string } {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; code?: string }
  const status = e?.$metadata?.httpStatusCode
  const name = e?.name ?? 'Error'
  // A body-less error reaches the SDK as "UnknownError"; the name and status are then all AWS said.
  const message = e?.message && e.message !== 'UnknownError' && e.message !== name ? e.message : ''
  const text = `${status ? `${status} ` : ''}${name}${message ? `: ${message}` : ''}`
  return { status, name, message, text }
}

type Lib = typeof import('@aws-sdk/lib-dynamodb')
type Doc = import('@aws-sdk/lib-dynamodb').DynamoDBDocumentClient

/** Run `fn` with a document client for the target (destroyed afterwards). */
async function withTable<T>(config: ClientConfig, fn: (doc: Doc, lib: Lib, sdk: typeof import('@aws-sdk/client-dynamodb')) => Promise<T>): Promise<T> {
  const sdk = await import('@aws-sdk/client-dynamodb')
  const lib = await import('@aws-sdk/lib-dynamodb')
  const client = new sdk.DynamoDBClient({ ...config, requestHandler: requestHandler() } as never)
  try {
    return await fn(lib.DynamoDBDocumentClient.from(client), lib, sdk)
  } finally {
    client.destroy()
  }
}

/** Every item of a table (a full Scan, page by page, unmarshalled to plain values). */
export function scanTable(tableName: string, config: ClientConfig, limit = 10_000): Promise<Record<string, unknown>[]> {
  return withTable(config, async (doc, lib) => {
    const items: Record<string, unknown>[] = []
    let start: Record<string, unknown> | undefined
    do {
      const page = await doc.send(new lib.ScanCommand({ TableName: tableName, ExclusiveStartKey: start }))
      items.push(...((page.Items ?? []) as Record<string, unknown>[]))
      start = page.LastEvaluatedKey
    } while (start && items.length < limit)
    return items
  })
}

/** The table's hash key attribute name (DescribeTable). */
export function hashKeyOf(tableName: string, config: ClientConfig): Promise<string> {
  return withTable(config, async (doc, _lib, sdk) => {
    const { Table } = await doc.send(new sdk.DescribeTableCommand({ TableName: tableName }))
    return Table?.KeySchema?.find((k) => k.KeyType === 'HASH')?.AttributeName ?? 'connectionId'
  })
}

/** Put one item (the checks' fixture: a connection that vanished without $disconnect). */
export function putItem(tableName: string, item: Record<string, unknown>, config: ClientConfig): Promise<void> {
  return withTable(config, async (doc, lib) => void (await doc.send(new lib.PutCommand({ TableName: tableName, Item: item }))))
}

export function deleteItem(tableName: string, key: Record<string, unknown>, config: ClientConfig): Promise<void> {
  return withTable(config, async (doc, lib) => void (await doc.send(new lib.DeleteCommand({ TableName: tableName, Key: key }))))
}
