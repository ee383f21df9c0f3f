import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, GetItemCommand, ListTablesCommand, PutItemCommand, QueryCommand, TransactWriteItemsCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { markedFetch, signAs } from '../helpers/signed-fetch.js'

const fetch = (url: string, init?: Parameters<typeof markedFetch>[2]) => markedFetch(cloud, url, init)

let cloud: TestCloud
useTestCloud((c) => {
  cloud = c
})

const signed = (target: string) => ({
  'content-type': 'application/x-amz-json-1.0',
  'x-amz-target': target,
  'x-amz-date': '20260101T000000Z',
  ...signAs('dynamodb'),
})

describe('dynamodb (dynalite behind the edge)', () => {
  it('creates a table, writes and reads items with SDK v3 clients', async () => {
    const ddb = new DynamoDBClient(cloud.sdk)
    const created = await ddb.send(new CreateTableCommand({
      TableName: 'Notes',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
      BillingMode: 'PAY_PER_REQUEST',
    }))
    expect(created.TableDescription?.TableArn).toBe('arn:aws:dynamodb:us-east-1:000000000000:table/Notes')
    // A new table is CREATING until it turns ACTIVE (at once locally, but asynchronously, as on AWS).
    await waitUntilTableExists({ client: ddb, maxWaitTime: 60, minDelay: 1, maxDelay: 1 }, { TableName: 'Notes' })
    const described = await ddb.send(new DescribeTableCommand({ TableName: 'Notes' }))
    expect(described.Table?.TableStatus).toBe('ACTIVE')

    const doc = DynamoDBDocumentClient.from(ddb)
    await doc.send(new PutCommand({ TableName: 'Notes', Item: { pk: 'a', sk: 1, text: 'hello', tags: ['x'] } }))
    await doc.send(new PutCommand({ TableName: 'Notes', Item: { pk: 'a', sk: 2, text: 'world' } }))
    const got = await doc.send(new GetCommand({ TableName: 'Notes', Key: { pk: 'a', sk: 1 } }))
    expect(got.Item).toEqual({ pk: 'a', sk: 1, text: 'hello', tags: ['x'] })
    const queried = await ddb.send(new QueryCommand({
      TableName: 'Notes',
      KeyConditionExpression: 'pk = :pk AND sk > :min',
      ExpressionAttributeValues: { ':pk': { S: 'a' }, ':min': { N: '1' } },
    }))
    expect(queried.Items?.map((i) => i.text.S)).toEqual(['world'])
  })

  it('answers DynamoDB errors in DynamoDB\'s own shape', async () => {
    const ddb = new DynamoDBClient(cloud.sdk)
    const err = await ddb.send(new GetItemCommand({ TableName: 'Missing', Key: { pk: { S: 'a' } } })).catch((e) => e)
    expect(err.name).toBe('ResourceNotFoundException')
    expect(err.$metadata.httpStatusCode).toBe(400)

    const res = await fetch(`${cloud.endpoint}/`, { method: 'POST', headers: signed('DynamoDB_20120810.PutItem'), body: '{"TableName":' })
    expect(res.status).toBe(400)
    expect((await res.json()).__type).toBe('com.amazon.coral.service#SerializationException')
  })

  it('answers a real operation dynalite lacks with 501 NotImplemented naming it, and an unknown one like DynamoDB', async () => {
    const ddb = new DynamoDBClient(cloud.sdk)
    const err = await ddb.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'Notes', Item: { pk: { S: 'a' }, sk: { N: '9' } } } }] })).catch((e) => e)
    expect(err.name).toBe('NotImplemented')
    expect(err.$metadata.httpStatusCode).toBe(501)
    expect(err.message).toMatch(/TransactWriteItems/)
    const res = await fetch(`${cloud.endpoint}/`, { method: 'POST', headers: signed('DynamoDB_20120810.DropEverything'), body: '{}' })
    expect(res.status).toBe(400)
    expect((await res.json()).__type).toMatch(/#UnknownOperationException$/)
  })

  it('keeps tables and items across a restart', async () => {
    const ddb = new DynamoDBClient(cloud.sdk)
    await ddb.send(new PutItemCommand({ TableName: 'Notes', Item: { pk: { S: 'keep' }, sk: { N: '7' } } }))
    cloud = await cloud.restart()
    const again = new DynamoDBClient(cloud.sdk)
    expect((await again.send(new ListTablesCommand({}))).TableNames).toContain('Notes')
    const got = await again.send(new GetItemCommand({ TableName: 'Notes', Key: { pk: { S: 'keep' }, sk: { N: '7' } } }))
    expect(got.Item?.pk.S).toBe('keep')
  })
})
