/** Fuzz: AWS JSON 1.0 (DynamoDB) and 1.1 (CloudWatch Logs, Tagging) with SDK-serialized requests, mutated. */
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { CreateTableCommand, DynamoDBClient, ListTablesCommand, PutItemCommand, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api'
import { expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { capture, damageBytes, expectHealthy, fire, FuzzReport, fuzzSeed, mutateJson, pick, PROTOTYPE_NAMES, prototypeNames, rng, type SeedRequest } from '../helpers/fuzz.js'

let cloud: TestCloud
useTestCloud(async (c) => {
  cloud = c
  await new DynamoDBClient(cloud.sdk).send(
    new CreateTableCommand({ TableName: 'fuzz', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }),
  )
})

async function seeds(): Promise<[string, SeedRequest][]> {
  const config = (requestHandler: unknown) => ({ ...cloud.sdk, maxAttempts: 1, requestHandler: requestHandler as never })
  const ddb = (h: unknown) => new DynamoDBClient(config(h))
  const logs = (h: unknown) => new CloudWatchLogsClient(config(h))
  const tagging = (h: unknown) => new ResourceGroupsTaggingAPIClient(config(h))
  const item = { pk: { S: 'a' }, doc: { M: { list: { L: [{ N: '1' }, { SS: ['x', 'y'] }] }, flag: { BOOL: true } } } }
  return [
    ['dynamodb', await capture(ddb, new PutItemCommand({ TableName: 'fuzz', Item: item }))],
    ['dynamodb', await capture(ddb, new QueryCommand({ TableName: 'fuzz', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'a' } } }))],
    ['dynamodb', await capture(ddb, new UpdateItemCommand({ TableName: 'fuzz', Key: { pk: { S: 'a' } }, UpdateExpression: 'SET #d = :d', ExpressionAttributeNames: { '#d': 'doc' }, ExpressionAttributeValues: { ':d': { M: { a: { S: 'b' } } } } }))],
    ['logs', await capture(logs, new CreateLogGroupCommand({ logGroupName: 'fz', tags: { k: 'v' } }))],
    ['logs', await capture(logs, new PutLogEventsCommand({ logGroupName: 'fz', logStreamName: 's', logEvents: [{ timestamp: 1, message: 'm' }] }))],
    ['logs', await capture(logs, new DescribeLogGroupsCommand({ logGroupNamePrefix: 'f', limit: 5 }))],
    ['tagging', await capture(tagging, new GetResourcesCommand({ TagFilters: [{ Key: 'k', Values: ['v'] }], ResourcesPerPage: 10 }))],
  ]
}

it('answers 600 mutated JSON 1.0/1.1 requests without a crash, a hang, internal text or a polluted prototype', async () => {
  const seed = fuzzSeed(351)
  const random = rng(seed)
  const report = new FuzzReport('json', seed)
  const before = prototypeNames()
  const corpus = await seeds()
  for (let i = 0; i < 600; i++) {
    const [service, base] = pick(random, corpus)
    const headers = { ...base.headers }
    let body = Buffer.from(mutateJson(random, base.body.toString('utf8')))
    if (random() < 0.2) body = Buffer.from(mutateJson(random, body.toString('utf8')))
    if (random() < 0.1) {
      const [prefix] = headers['x-amz-target'].split('.')
      headers['x-amz-target'] = `${prefix}.${pick(random, [...PROTOTYPE_NAMES, '', '_listTaggedResources', 'ListTables%'])}`
    }
    if (random() < 0.05) headers['content-type'] = pick(random, ['application/json', 'text/plain', 'application/x-amz-json-1.9', ''])
    if (random() < 0.1) body = damageBytes(random, body)
    await fire(cloud, report, random, service, { method: base.method, path: base.path, headers, body })
  }
  report.assertClean()
  await expectHealthy(cloud, before)
  const tables = await new DynamoDBClient(cloud.sdk).send(new ListTablesCommand({}))
  expect(tables.TableNames).toContain('fuzz')
}, 120_000)
