import { DynamoDBClient, GetItemCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { startTestCloud } from '../helpers/cloud.js'
import { startCloudProcess } from '../helpers/cloud-process.js'

describe('dynamodb survives kill -9', () => {
  it('loads tables and items written by a cloud that was SIGKILLed', async () => {
    const { home, child, sdk } = await startCloudProcess('lab-kill-')
    const ddb = new DynamoDBClient(sdk)
    const { CreateTableCommand, PutItemCommand } = await import('@aws-sdk/client-dynamodb')
    await ddb.send(new CreateTableCommand({
      TableName: 'Survivor',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }))
    await waitUntilTableExists({ client: ddb, maxWaitTime: 60, minDelay: 1, maxDelay: 1 }, { TableName: 'Survivor' })
    await ddb.send(new PutItemCommand({ TableName: 'Survivor', Item: { id: { S: 'x' }, v: { S: 'still here' } } }))
    child.kill('SIGKILL')
    const exit = await child
    expect(exit.signal).toBe('SIGKILL')
    expect(fs.existsSync(path.join(home, 'cloud', 'dynamodb', 'LOCK'))).toBe(true)

    const cloud = await startTestCloud(home)
    try {
      const again = new DynamoDBClient(cloud.sdk)
      const got = await again.send(new GetItemCommand({ TableName: 'Survivor', Key: { id: { S: 'x' } } }))
      expect(got.Item?.v.S).toBe('still here')
    } finally {
      await cloud.close()
    }
  })
})

describe('dynamodb data held by a running cloud', () => {
  it('a second cloud on the same LAB_HOME fails to start with a clear reason while the first keeps working', async () => {
    const first = await startTestCloud()
    try {
      const err = await startTestCloud(first.home).catch((e) => e)
      expect(err).toBeInstanceOf(Error)
      expect(err.message).toMatch(/in use by another running local cloud/)
      // The first cloud is unharmed.
      const ddb = new DynamoDBClient(first.sdk)
      const { ListTablesCommand } = await import('@aws-sdk/client-dynamodb')
      expect((await ddb.send(new ListTablesCommand({}))).TableNames).toEqual([])
    } finally {
      await first.close()
    }
    // Once the first is closed, the data opens again.
    const again = await startTestCloud(first.home)
    await again.close()
  })
})

describe('dynamodb stopped while busy', () => {
  it('a cloud closed during a burst of writes shuts down cleanly and opens its data again', async () => {
    const cloud = await startTestCloud()
    const { CreateTableCommand, PutItemCommand, ScanCommand } = await import('@aws-sdk/client-dynamodb')
    const ddb = new DynamoDBClient({ ...cloud.sdk, maxAttempts: 1 })
    await ddb.send(new CreateTableCommand({
      TableName: 'Busy', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST',
    }))
    await waitUntilTableExists({ client: ddb, maxWaitTime: 60, minDelay: 1, maxDelay: 1 }, { TableName: 'Busy' })
    // Four writers keep going until the cloud refuses them; the cloud closes after the first 20 writes landed.
    let acknowledged = 0
    let closing: Promise<void> | undefined
    const writer = async (w: number) => {
      for (let i = 0; ; i++) {
        try {
          await ddb.send(new PutItemCommand({ TableName: 'Busy', Item: { id: { S: `${w}-${i}` } } }))
        } catch {
          return
        }
        acknowledged++
        if (acknowledged === 20) closing = cloud.close()
      }
    }
    await Promise.all([0, 1, 2, 3].map(writer))
    await closing
    expect(acknowledged).toBeGreaterThanOrEqual(20)
    const again = await startTestCloud(cloud.home)
    try {
      const scan = await new DynamoDBClient(again.sdk).send(new ScanCommand({ TableName: 'Busy' }))
      // Every write the client saw succeed is there (some may have been refused while closing).
      expect(scan.Count).toBeGreaterThanOrEqual(acknowledged)
    } finally {
      await again.close()
    }
  })
})
