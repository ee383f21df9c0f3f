import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCloud, type TestCloud } from '../helpers/cloud.js'
import { ROLE, zip } from '../fixtures/lambda/zip.js'

let cloud: TestCloud
let lambda: LambdaClient
beforeAll(async () => {
  cloud = await startTestCloud()
  lambda = new LambdaClient(cloud.sdk)
})
afterAll(() => cloud?.close())

const text = (p?: Uint8Array) => Buffer.from(p ?? []).toString('utf8')

async function create(name: string, files: Record<string, string>, extra: Record<string, unknown> = {}) {
  return lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs22.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zip(files) }, ...extra }))
}

async function invoke(name: string, payload: unknown = {}, extra: Record<string, unknown> = {}) {
  const out = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(payload)), ...extra }))
  return { ...out, body: text(out.Payload) }
}

describe('lambda node runtime', () => {
  it('invokes a CommonJS handler and returns its result', async () => {
    const created = await create('cjs', { 'index.js': 'exports.handler = async (event) => ({ got: event.x, region: process.env.AWS_REGION })' })
    expect(created.FunctionArn).toBe('arn:aws:lambda:us-east-1:000000000000:function:cjs')
    const out = await invoke('cjs', { x: 42 })
    expect(out.StatusCode).toBe(200)
    expect(out.FunctionError).toBeUndefined()
    expect(JSON.parse(out.body)).toEqual({ got: 42, region: 'us-east-1' })
  })
})
