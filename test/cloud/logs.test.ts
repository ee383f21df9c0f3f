import {
  CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, DeleteLogGroupCommand, DescribeLogGroupsCommand,
  DescribeLogStreamsCommand, FilterLogEventsCommand, GetLogEventsCommand, ListTagsForResourceCommand, PutLogEventsCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs'
import { afterAll, describe, expect, it } from 'vitest'
import { logsService } from '../../src/cloud/services/logs/index.js'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { startHarness, type Harness } from '../helpers/service-harness.js'
import { markedFetch, signAs } from '../helpers/signed-fetch.js'

const fetch = (url: string, init?: Parameters<typeof markedFetch>[2]) => markedFetch(cloud, url, init)

let cloud: TestCloud
let h: Harness
useTestCloud(async (c) => {
  cloud = c
  h = await startHarness([logsService()])
})
afterAll(() => h?.stop())
const logs = () => new CloudWatchLogsClient(cloud.sdk)

describe('logs (JSON 1.1, SDK v3)', () => {
  it('creates and describes log groups with retention and tags', async () => {
    await logs().send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/fn', tags: { lab: '300' } }))
    await logs().send(new PutRetentionPolicyCommand({ logGroupName: '/aws/lambda/fn', retentionInDays: 7 }))
    const { logGroups } = await logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/' }))
    expect(logGroups).toHaveLength(1)
    expect(logGroups![0]).toMatchObject({
      logGroupName: '/aws/lambda/fn',
      retentionInDays: 7,
      arn: 'arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/fn:*',
      logGroupArn: 'arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/fn',
    })
    const tags = await logs().send(new ListTagsForResourceCommand({ resourceArn: logGroups![0].logGroupArn }))
    expect(tags.tags).toEqual({ lab: '300' })
  })

  it('answers errors as CloudWatch Logs does (__type without a namespace)', async () => {
    const dup = await logs().send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/fn' })).catch((e) => e)
    expect(dup.name).toBe('ResourceAlreadyExistsException')
    const retention = await logs().send(new PutRetentionPolicyCommand({ logGroupName: '/aws/lambda/fn', retentionInDays: 2 })).catch((e) => e)
    expect(retention.name).toBe('InvalidParameterException')
    expect(retention.message).toMatch(/retentionInDays/)
    const missing = await logs().send(new DeleteLogGroupCommand({ logGroupName: 'nope' })).catch((e) => e)
    expect(missing.name).toBe('ResourceNotFoundException')
    expect(missing.$metadata.httpStatusCode).toBe(400)

    const raw = await fetch(`${cloud.endpoint}/`, {
      method: 'POST',
      headers: { ...signAs('logs'), 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.DeleteLogGroup' },
      body: JSON.stringify({ logGroupName: 'nope' }),
    })
    expect(raw.headers.get('content-type')).toBe('application/x-amz-json-1.1')
    expect(await raw.json()).toEqual({ __type: 'ResourceNotFoundException', message: 'The specified log group does not exist.' })
  })

  it('stores, reads and filters log events', async () => {
    await logs().send(new CreateLogStreamCommand({ logGroupName: '/aws/lambda/fn', logStreamName: '2026/01/01/[$LATEST]abc' }))
    const now = Date.now()
    const put = await logs().send(new PutLogEventsCommand({
      logGroupName: '/aws/lambda/fn',
      logStreamName: '2026/01/01/[$LATEST]abc',
      logEvents: [
        { timestamp: now - 2000, message: 'START RequestId: 1' },
        { timestamp: now - 1000, message: 'ERROR something broke' },
        { timestamp: now, message: 'END RequestId: 1' },
      ],
    }))
    expect(put.nextSequenceToken).toBeTruthy()
    expect(put.rejectedLogEventsInfo).toBeUndefined()
    const got = await logs().send(new GetLogEventsCommand({ logGroupName: '/aws/lambda/fn', logStreamName: '2026/01/01/[$LATEST]abc', startFromHead: true }))
    expect(got.events?.map((e) => e.message)).toEqual(['START RequestId: 1', 'ERROR something broke', 'END RequestId: 1'])
    const again = await logs().send(new GetLogEventsCommand({ logGroupName: '/aws/lambda/fn', logStreamName: '2026/01/01/[$LATEST]abc', nextToken: got.nextForwardToken }))
    expect(again.events).toEqual([])
    expect(again.nextForwardToken).toBe(got.nextForwardToken)

    const filtered = await logs().send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/fn', filterPattern: '?ERROR ?WARN' }))
    expect(filtered.events?.map((e) => e.message)).toEqual(['ERROR something broke'])
    expect(filtered.events?.[0].logStreamName).toBe('2026/01/01/[$LATEST]abc')
    const phrase = await logs().send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/fn', filterPattern: '"RequestId: 1" -END' }))
    expect(phrase.events?.map((e) => e.message)).toEqual(['START RequestId: 1'])

    const byArn = await logs().send(new FilterLogEventsCommand({ logGroupIdentifier: 'arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/fn:*', filterPattern: 'ERROR' }))
    expect(byArn.events).toHaveLength(1)
    const both = await logs().send(new FilterLogEventsCommand({ logGroupIdentifier: '/aws/lambda/fn', logGroupName: '/aws/lambda/fn' })).catch((e) => e)
    expect(both.name).toBe('InvalidParameterException')

    const streams = await logs().send(new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/fn' }))
    expect(streams.logStreams?.[0].lastEventTimestamp).toBe(now)
  })

  it('rejects out-of-order batches and reports too-old events like AWS', async () => {
    const base = { logGroupName: '/aws/lambda/fn', logStreamName: '2026/01/01/[$LATEST]abc' }
    const now = Date.now()
    const unordered = await logs().send(new PutLogEventsCommand({ ...base, logEvents: [{ timestamp: now, message: 'b' }, { timestamp: now - 10, message: 'a' }] })).catch((e) => e)
    expect(unordered.name).toBe('InvalidParameterException')
    const old = await logs().send(new PutLogEventsCommand({ ...base, logEvents: [{ timestamp: now - 20 * 86_400_000, message: 'ancient' }] }))
    expect(old.rejectedLogEventsInfo?.tooOldLogEventEndIndex).toBe(1)
  })

  it('keeps groups and events across a restart', async () => {
    cloud = await cloud.restart()
    const got = await logs().send(new GetLogEventsCommand({ logGroupName: '/aws/lambda/fn', logStreamName: '2026/01/01/[$LATEST]abc', startFromHead: true }))
    expect(got.events).toHaveLength(3)
  })
})

describe('AWS::Logs::LogGroup', () => {
  const provider = () => h.ctx.resourceProvider('AWS::Logs::LogGroup')!
  it('creates with retention and stack tags, updates retention, deletes', async () => {
    const rc = h.rc('Logs', 'lab300')
    const created = await provider().create({ LogGroupName: '/lab/300', RetentionInDays: 14, Tags: [{ Key: 'lab', Value: '300' }] }, rc)
    expect(created).toEqual({ physicalId: '/lab/300', attributes: { Arn: 'arn:aws:logs:us-east-1:000000000000:log-group:/lab/300:*' } })
    const listed = await h.ctx.call('logs', '_listTaggedResources', {})
    expect(listed[0].Tags).toContainEqual({ Key: 'aws:cloudformation:logical-id', Value: 'Logs' })
    await provider().update!('/lab/300', { LogGroupName: '/lab/300', RetentionInDays: 30 }, { LogGroupName: '/lab/300', RetentionInDays: 14 }, rc)
    const { logGroups } = await h.ctx.call('logs', 'DescribeLogGroups', {})
    expect(logGroups[0].retentionInDays).toBe(30)
    await provider().delete('/lab/300', {}, rc)
    expect((await h.ctx.call('logs', 'DescribeLogGroups', {})).logGroups).toEqual([])
  })

  it('fails a retention value AWS does not allow, leaving nothing behind', async () => {
    const err = await provider().create({ LogGroupName: '/lab/bad', RetentionInDays: 10 }, h.rc('Bad')).catch((e) => e)
    expect(err.code).toBe('InvalidParameterException')
    expect((await h.ctx.call('logs', 'DescribeLogGroups', {})).logGroups).toEqual([])
  })
})
