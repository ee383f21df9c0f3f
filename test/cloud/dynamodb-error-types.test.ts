/**
 * DynamoDB's error `__type` namespaces, as DynamoDB answers: the request layer's errors (here the IAM gate's
 * AccessDeniedException, a body it cannot read) in `com.amazon.coral.service#`, DynamoDB's own errors in
 * `com.amazonaws.dynamodb.v20120810#` — and the SDK still names each error by the part after `#`.
 */
import { DynamoDBClient, GetItemCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb'
import { IAMClient } from '@aws-sdk/client-iam'
import { describe, expect, it } from 'vitest'
import { useTestCloud, type TestCloud } from '../helpers/cloud.js'
import { failure } from '../helpers/failure.js'
import { userWithPolicy } from '../helpers/iam-principal.js'
import { signedFetch } from '../helpers/signed-fetch.js'

let cloud: TestCloud
let limited: { accessKeyId: string; secretAccessKey: string }

useTestCloud(async (c) => {
  cloud = c
  limited = await userWithPolicy(new IAMClient(c.sdk), 'table-reader', [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }])
}, 60_000)

const call = async (target: string, body: string, credentials = cloud.sdk.credentials) => {
  const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${target}` }
  const res = await signedFetch(cloud, `${cloud.endpoint}/`, { method: 'POST', service: 'dynamodb', headers, body, credentials })
  return { status: res.status, type: ((await res.json()) as { __type: string }).__type }
}

describe("DynamoDB's error types", { timeout: 60_000 }, () => {
  it('an IAM refusal is com.amazon.coral.service#AccessDeniedException; the SDK names it AccessDeniedException', async () => {
    expect(await call('ListTables', '{}', limited)).toEqual({ status: 400, type: 'com.amazon.coral.service#AccessDeniedException' })
    const err = await failure(new DynamoDBClient({ ...cloud.sdk, credentials: limited }).send(new ListTablesCommand({})))
    expect([err.name, err.$metadata.httpStatusCode]).toEqual(['AccessDeniedException', 400])
  })

  it("a body the gate cannot read is coral's SerializationException; DynamoDB's own errors keep its namespace", async () => {
    expect(await call('GetItem', '{"TableName":', limited)).toEqual({ status: 400, type: 'com.amazon.coral.service#SerializationException' })
    expect(await call('GetItem', '{"TableName":"Missing","Key":{"pk":{"S":"a"}}}', limited)).toEqual({ status: 400, type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException' })
    const err = await failure(new DynamoDBClient({ ...cloud.sdk, credentials: limited }).send(new GetItemCommand({ TableName: 'Missing', Key: { pk: { S: 'a' } } })))
    expect(err.name).toBe('ResourceNotFoundException')
  })
})
