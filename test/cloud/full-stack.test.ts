/**
 * The reference journey: a stack with a public website bucket, a Python and a Node function, and a
 * REST API with a proxy method and a MOCK OPTIONS method deploys, answers over both URL styles, updates in
 * place keeping its URLs, and deletes leaving nothing behind.
 */
import fs from 'node:fs'
import path from 'node:path'
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  DescribeStackEventsCommand,
  UpdateStackCommand,
  waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
  waitUntilStackUpdateComplete,
} from '@aws-sdk/client-cloudformation'
import { APIGatewayClient, GetRestApisCommand } from '@aws-sdk/client-api-gateway'
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda'
import { DeleteObjectCommand, ListBucketsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { localFetch } from '../helpers/local-fetch.js'

const templateBody = fs.readFileSync(path.join(import.meta.dirname, '../fixtures/stacks/full-stack.yaml'), 'utf8')
const StackName = 'full-stack'
const wait = { maxWaitTime: 60, minDelay: 0.1, maxDelay: 0.5 }

let cloud: TestCloud
let cfn: CloudFormationClient
let s3: S3Client

async function outputs(): Promise<Record<string, string>> {
  const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName }))
  return Object.fromEntries((Stacks?.[0].Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue!]))
}

useTestCloud((c) => {
  cloud = c
  cfn = new CloudFormationClient(cloud.sdk)
  s3 = new S3Client(cloud.sdk)
})

describe('the reference stack', () => {
  let first: Record<string, string>

  it('deploys', async () => {
    await cfn.send(new CreateStackCommand({ StackName, TemplateBody: templateBody, Capabilities: ['CAPABILITY_IAM'] }))
    await waitUntilStackCreateComplete({ client: cfn, ...wait }, { StackName })
    first = await outputs()
    expect(first.ApiUrl).toMatch(/^https:\/\/[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com\/prod\/$/)
  })

  it('serves the website publicly', async () => {
    await s3.send(new PutObjectCommand({ Bucket: first.BucketName, Key: 'index.html', Body: '<h1>houses</h1>', ContentType: 'text/html' }))
    const res = await localFetch(first.WebsiteURL)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(await res.text()).toBe('<h1>houses</h1>')
  })

  it('answers over both URL styles, through Node and Python handlers', async () => {
    const hostStyle = `http://${first.ApiId}.execute-api.localhost:${cloud.port}/prod`
    const pathStyle = `${cloud.endpoint}/_aws/execute-api/${first.ApiId}/prod`
    for (const base of [hostStyle, pathStyle]) {
      const node = await localFetch(`${base}/anything/deep`)
      expect(node.status).toBe(200)
      expect(await node.json()).toEqual({ runtime: 'node', greeting: 'hello', path: '/anything/deep' })
      const python = await localFetch(`${base}/items/42`)
      expect(python.status).toBe(200)
      expect(await python.json()).toEqual({ runtime: 'python', id: '42' })
    }
  })

  it('answers the MOCK OPTIONS preflight with the three CORS headers', async () => {
    const res = await localFetch(`${cloud.endpoint}/_aws/execute-api/${first.ApiId}/prod/items/7`, {
      method: 'OPTIONS',
      headers: { origin: 'http://example.localhost', 'access-control-request-method': 'GET' },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,OPTIONS')
    expect(res.headers.get('access-control-allow-headers')).toContain('Content-Type')
  })

  it('updates in place, keeping the API id and bucket name', async () => {
    await cfn.send(
      new UpdateStackCommand({
        StackName,
        TemplateBody: templateBody,
        Capabilities: ['CAPABILITY_IAM'],
        Parameters: [{ ParameterKey: 'Greeting', ParameterValue: 'bonjour' }],
      }),
    )
    await waitUntilStackUpdateComplete({ client: cfn, ...wait }, { StackName })
    const second = await outputs()
    expect(second.ApiUrl).toBe(first.ApiUrl)
    expect(second.BucketName).toBe(first.BucketName)
    const res = await localFetch(`${cloud.endpoint}/_aws/execute-api/${first.ApiId}/prod/x`)
    expect(await res.json()).toMatchObject({ greeting: 'bonjour' })
  })

  it('refuses to delete a non-empty bucket, like AWS', async () => {
    await cfn.send(new DeleteStackCommand({ StackName }))
    await expect(waitUntilStackDeleteComplete({ client: cfn, ...wait }, { StackName })).rejects.toThrow()
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName }))
    expect(Stacks?.[0].StackStatus).toBe('DELETE_FAILED')
    const { StackEvents } = await cfn.send(new DescribeStackEventsCommand({ StackName }))
    const failed = StackEvents?.find((e) => e.LogicalResourceId === 'SiteBucket' && e.ResourceStatus === 'DELETE_FAILED')
    expect(failed?.ResourceStatusReason).toContain('BucketNotEmpty')
  })

  it('deletes, leaving no bucket, function or API behind', async () => {
    await s3.send(new DeleteObjectCommand({ Bucket: first.BucketName, Key: 'index.html' }))
    await cfn.send(new DeleteStackCommand({ StackName }))
    await waitUntilStackDeleteComplete({ client: cfn, ...wait }, { StackName })
    const { Buckets } = await s3.send(new ListBucketsCommand({}))
    expect(Buckets ?? []).toEqual([])
    const { Functions } = await new LambdaClient(cloud.sdk).send(new ListFunctionsCommand({}))
    expect(Functions ?? []).toEqual([])
    const { items } = await new APIGatewayClient(cloud.sdk).send(new GetRestApisCommand({}))
    expect(items ?? []).toEqual([])
  })
})
