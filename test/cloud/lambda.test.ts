import { MAX_SANDBOXES_PER_FUNCTION } from '../../src/cloud/services/lambda/runtimes/index.js'
import { MAX_SANDBOXES_FOR_SLOW_FUNCTIONS } from '../../src/cloud/services/lambda/runtimes/pool.js'
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetPolicyCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
  ListTagsCommand,
  RemovePermissionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda'
import { CloudWatchLogsClient, DescribeLogStreamsCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam'
import { unzipSync } from 'fflate'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { createLambdaRole } from '../helpers/lambda-role.js'
import { ROLE, zip } from '../fixtures/lambda/zip.js'
import { processTree } from '../helpers/process-tree.js'

let cloud: TestCloud
let lambda: LambdaClient
useTestCloud(async (c) => {
  await createLambdaRole(c)
  cloud = c
  lambda = new LambdaClient(cloud.sdk)
})

const text = (p?: Uint8Array) => Buffer.from(p ?? []).toString('utf8')

async function create(name: string, files: Record<string, string>, extra: Record<string, unknown> = {}) {
  return lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs22.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zip(files) }, ...extra }))
}

async function invoke(name: string, payload: unknown = {}, extra: Record<string, unknown> = {}) {
  const out = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(payload)), ...extra }))
  return { ...out, body: text(out.Payload), json: () => JSON.parse(text(out.Payload)) }
}

describe('lambda: Node.js handlers', () => {
  it('invokes a CommonJS handler and returns its result', async () => {
    const created = await create('cjs', { 'index.js': 'exports.handler = async (event) => ({ got: event.x })' })
    expect(created.FunctionArn).toBe('arn:aws:lambda:us-east-1:000000000000:function:cjs')
    expect(created.State).toBe('Active')
    const out = await invoke('cjs', { x: 42 })
    expect(out.StatusCode).toBe(200)
    expect(out.FunctionError).toBeUndefined()
    expect(out.json()).toEqual({ got: 42 })
  })

  it('gives handlers no process.send, as on AWS, and hands them pretty-printed and large events whole', async () => {
    await create('no-ipc', { 'index.js': 'exports.handler = async (event) => ({ send: typeof process.send, keys: Object.keys(event), size: JSON.stringify(event).length })' })
    const pretty = await lambda.send(new InvokeCommand({ FunctionName: 'no-ipc', Payload: Buffer.from(JSON.stringify({ a: 1, b: 'two\nlines' }, null, 2)) }))
    expect(JSON.parse(text(pretty.Payload))).toEqual({ send: 'undefined', keys: ['a', 'b'], size: JSON.stringify({ a: 1, b: 'two\nlines' }).length })
    const big = { big: 'x'.repeat(3_000_000) }
    expect((await invoke('no-ipc', big)).json()).toEqual({ send: 'undefined', keys: ['big'], size: JSON.stringify(big).length })
  })

  it('loads ESM from index.mjs, from .js with "type": "module", and from nested folders', async () => {
    await create('esm-mjs', { 'index.mjs': 'export const handler = async () => "mjs"' })
    await create('esm-type', { 'package.json': '{"type":"module"}', 'src/handlers/app.js': 'export async function main() { return "typed" }' }, { Handler: 'src/handlers/app.main' })
    expect((await invoke('esm-mjs')).json()).toBe('mjs')
    expect((await invoke('esm-type')).json()).toBe('typed')
  })

  it('runs callback handlers on nodejs22.x and refuses them on nodejs24.x like AWS', async () => {
    await create('cb22', { 'index.js': 'exports.handler = (event, context, callback) => { setTimeout(() => callback(null, { ok: true }), 10) }' })
    expect((await invoke('cb22')).json()).toEqual({ ok: true })
    await create('succeed22', { 'index.js': 'exports.handler = (event, context) => { context.succeed("done") }' })
    expect((await invoke('succeed22')).json()).toBe('done')
    await create('cb24', { 'index.js': 'exports.handler = (event, context, callback) => callback(null, 1)' }, { Runtime: 'nodejs24.x' })
    const out = await invoke('cb24')
    expect(out.FunctionError).toBe('Unhandled')
    expect(out.json().errorType).toBe('Runtime.CallbackHandlerDeprecated')
  })

  it('answers a callback handler only after the event loop is empty, unless told not to wait', async () => {
    const source = `
      let ticks = 0
      exports.handler = (event, context, callback) => {
        context.callbackWaitsForEmptyEventLoop = event.wait
        setTimeout(() => { ticks++ }, 50)
        callback(null, ticks)
      }
      exports.read = async () => ticks`
    await create('waits', { 'index.js': source })
    const before = (await invoke('waits', { wait: true })).json()
    // The timer ran before the answer was sent, so a second waiting invocation sees it.
    expect((await invoke('waits', { wait: true })).json()).toBe(before + 1)
    // A pending 20 s timer would time this 3 s function out if the answer waited for it.
    const noWait = 'exports.handler = (event, context, callback) => { context.callbackWaitsForEmptyEventLoop = false; setTimeout(() => {}, 20000); callback(null, "now") }'
    await create('nowait', { 'index.js': noWait })
    expect((await invoke('nowait')).json()).toBe('now')
  })

  it('passes environment variables, reserved variables and the context object', async () => {
    const source = `exports.handler = async (event, context) => ({
      env: process.env.GREETING, fn: process.env.AWS_LAMBDA_FUNCTION_NAME, region: process.env.AWS_DEFAULT_REGION,
      endpoint: process.env.AWS_ENDPOINT_URL, key: !!process.env.AWS_ACCESS_KEY_ID, mem: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      exec: process.env.AWS_EXECUTION_ENV,
      ctx: { id: context.awsRequestId, name: context.functionName, version: context.functionVersion, arn: context.invokedFunctionArn,
        mem: context.memoryLimitInMB, group: context.logGroupName, stream: context.logStreamName, left: context.getRemainingTimeInMillis() } })`
    await create('ctx', { 'index.js': source }, { Environment: { Variables: { GREETING: 'hi' } }, MemorySize: 256, Timeout: 10 })
    const out = (await invoke('ctx')).json()
    expect(out).toMatchObject({ env: 'hi', fn: 'ctx', region: 'us-east-1', endpoint: cloud.endpoint, key: true, mem: '256', exec: 'AWS_Lambda_nodejs22.x' })
    expect(out.ctx).toMatchObject({ name: 'ctx', version: '$LATEST', arn: 'arn:aws:lambda:us-east-1:000000000000:function:ctx', mem: '256', group: '/aws/lambda/ctx' })
    expect(out.ctx.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(out.ctx.stream).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/)
    expect(out.ctx.left).toBeGreaterThan(0)
    expect(out.ctx.left).toBeLessThanOrEqual(10_000)
  })

  it('reports a thrown error as a function error with errorType, errorMessage and trace', async () => {
    await create('throws', { 'index.js': 'exports.handler = async () => { const e = new TypeError("boom"); throw e }' })
    const out = await invoke('throws')
    expect(out.StatusCode).toBe(200)
    expect(out.FunctionError).toBe('Unhandled')
    const body = out.json()
    expect(body).toMatchObject({ errorType: 'TypeError', errorMessage: 'boom' })
    expect(body.trace[0]).toBe('TypeError: boom')
  })

  it('returns null for undefined and a Runtime error for an unserialisable result', async () => {
    await create('undef', { 'index.js': 'exports.handler = async () => undefined' })
    expect((await invoke('undef')).body).toBe('null')
    await create('circular', { 'index.js': 'exports.handler = async () => { const o = {}; o.self = o; return o }' })
    const out = await invoke('circular')
    expect(out.FunctionError).toBe('Unhandled')
    expect(out.json()).toMatchObject({ errorType: 'Runtime.JSONStringifyError', errorMessage: 'Unable to stringify response body' })
  })

  it('reports missing modules and handlers like the managed runtime', async () => {
    await create('nomod', { 'other.js': '' })
    expect((await invoke('nomod')).json()).toMatchObject({ errorType: 'Runtime.ImportModuleError' })
    await create('nohandler', { 'index.js': 'exports.other = async () => 1' })
    expect((await invoke('nohandler')).json()).toMatchObject({ errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.handler is undefined or not exported' })
  })

  it('times out a slow handler with Sandbox.Timedout and keeps serving', async () => {
    await create('slow', { 'index.js': 'exports.handler = async (e) => { if (e.fast) return "quick"; await new Promise(() => setInterval(() => {}, 1000)) }' }, { Timeout: 1 })
    const out = await invoke('slow')
    expect(out.FunctionError).toBe('Unhandled')
    const body = out.json()
    expect(body.errorType).toBe('Sandbox.Timedout')
    expect(body.errorMessage).toMatch(/^RequestId: [0-9a-f-]{36} Error: Task timed out after 1\.00 seconds$/)
    expect((await invoke('slow', { fast: true })).json()).toBe('quick')
  })

  it('gives init its own budget: a slow module load does not count against a 1 s timeout', async () => {
    await create('slow-init', { 'index.js': 'const end = Date.now() + 1500; while (Date.now() < end) {}\nexports.handler = async () => "loaded"' }, { Timeout: 1 })
    const out = await invoke('slow-init', {}, { LogType: 'Tail' })
    expect(out.json()).toBe('loaded')
    expect(Buffer.from(out.LogResult ?? '', 'base64').toString('utf8')).toMatch(/\tInit Duration: [\d.]+ ms\t/)
  })

  it('survives process.exit(1) in a handler: Runtime.ExitError, then a fresh sandbox', async () => {
    await create('exits', { 'index.js': 'exports.handler = async (e) => { if (e.exit) process.exit(1); return (globalThis.ENV ??= Math.floor(Math.random() * 1e9)) }' })
    const first = (await invoke('exits')).json()
    const out = await invoke('exits', { exit: true })
    expect(out.FunctionError).toBe('Unhandled')
    expect(out.json().errorType).toBe('Runtime.ExitError')
    expect(out.json().errorMessage).toMatch(/Error: Runtime exited with error: exit status 1$/)
    const again = (await invoke('exits')).json()
    expect(typeof again).toBe('number')
    expect(again).not.toBe(first)
    const list = await lambda.send(new ListFunctionsCommand({}))
    expect(list.Functions?.some((f) => f.FunctionName === 'exits')).toBe(true)
  })

  it('reports an uncaught exception or unhandled rejection, then serves from a fresh sandbox', async () => {
    const source = `exports.handler = async (e) => {
      if (e.uncaught) setTimeout(() => { throw new RangeError('later') }, 1)
      if (e.reject) Promise.reject(new Error('nobody waits'))
      if (e.uncaught || e.reject) await new Promise((r) => setTimeout(r, 5000))
      return (globalThis.ENV ??= Math.floor(Math.random() * 1e9))
    }`
    await create('crashy', { 'index.js': source }, { Timeout: 30 })
    const pid = (await invoke('crashy')).json()
    const uncaught = await invoke('crashy', { uncaught: true })
    expect(uncaught.json()).toMatchObject({ errorType: 'RangeError', errorMessage: 'later' })
    const fresh = (await invoke('crashy')).json()
    expect(fresh).not.toBe(pid)
    const rejected = await invoke('crashy', { reject: true })
    expect(rejected.json()).toMatchObject({ errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: 'Error: nobody waits' })
    expect((await invoke('crashy')).json()).not.toBe(fresh)
  })

  it('refuses a payload that is not JSON', async () => {
    await create('json-only', { 'index.js': 'exports.handler = async (e) => e' })
    const err = await lambda.send(new InvokeCommand({ FunctionName: 'json-only', Payload: Buffer.from('not json') })).catch((e) => e)
    expect(err.name).toBe('InvalidRequestContentException')
    expect(err.$metadata.httpStatusCode).toBe(400)
    expect((await lambda.send(new InvokeCommand({ FunctionName: 'json-only' }))).StatusCode).toBe(200)
  })

  it('reuses a warm sandbox and runs overlapping invocations in more than one', async () => {
    // A sandbox runs one invocation at a time (as on AWS): three that overlap need more than one sandbox.
    // Sandboxes share no files (each has its own /tmp), so each answers with an id it made up when it started.
    const source = `
      exports.handler = async () => {
        await new Promise((r) => setTimeout(r, 1500))
        return (globalThis.ENV ??= Math.floor(Math.random() * 1e9))
      }`
    await create('overlap', { 'index.js': source }, { Timeout: 30 })
    const ids = await Promise.all([1, 2, 3].map(() => invoke('overlap', {}).then((o) => o.json())))
    expect(ids.every((id) => typeof id === 'number')).toBe(true)
    expect(new Set(ids).size).toBeGreaterThan(1)
    const warm = await invoke('overlap', {})
    expect(ids).toContain(warm.json())
  })

  it('lets an ESM handler call STS through AWS SDK v3 and reach the local cloud', async () => {
    const source = `
      import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts'
      export const handler = async () => (await new STSClient({}).send(new GetCallerIdentityCommand({}))).Account`
    await create('sts-esm', { 'index.mjs': source }, { Timeout: 30 })
    const out = await invoke('sts-esm')
    expect(out.FunctionError).toBeUndefined()
    expect(out.json()).toBe('000000000000')
    await create('sts-cjs', { 'index.js': 'const { STSClient, GetCallerIdentityCommand } = require("@aws-sdk/client-sts"); exports.handler = async () => (await new STSClient({}).send(new GetCallerIdentityCommand({}))).Account' }, { Timeout: 30 })
    expect((await invoke('sts-cjs')).json()).toBe('000000000000')
  })

  it('lets a handler use S3 through the SDK (virtual-host *.localhost addressing resolves to loopback)', async () => {
    // With its execution role's credentials: the role must allow what the handler does, as on AWS.
    const iam = new IAMClient(cloud.sdk)
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }
    const role = (await iam.send(new CreateRoleCommand({ RoleName: 's3-handler', AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role!.Arn!
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:CreateBucket', 's3:PutObject', 's3:GetObject'], Resource: ['arn:aws:s3:::from-lambda', 'arn:aws:s3:::from-lambda/*'] }] }
    await iam.send(new PutRolePolicyCommand({ RoleName: 's3-handler', PolicyName: 's3', PolicyDocument: JSON.stringify(policy) }))
    const source = `
      import { S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3'
      export const handler = async () => {
        const s3 = new S3Client({})
        await s3.send(new CreateBucketCommand({ Bucket: 'from-lambda' }))
        await s3.send(new PutObjectCommand({ Bucket: 'from-lambda', Key: 'k', Body: 'stored by a handler' }))
        return (await s3.send(new GetObjectCommand({ Bucket: 'from-lambda', Key: 'k' }))).Body.transformToString()
      }`
    await create('s3-esm', { 'index.mjs': source }, { Timeout: 30, Role: role })
    const out = await invoke('s3-esm')
    expect(out.body).not.toContain('errorType')
    expect(out.json()).toBe('stored by a handler')
  })

  it('bounds sandboxes per function and queues the excess', async () => {
    await create('bounded', { 'index.js': 'exports.handler = async () => { await new Promise((r) => setTimeout(r, 100)); return (globalThis.ENV ??= Math.floor(Math.random() * 1e9)) }' }, { Timeout: 30 })
    const pids = await Promise.all(Array.from({ length: 14 }, () => invoke('bounded').then((o) => o.json())))
    expect(pids.every((p) => typeof p === 'number')).toBe(true)
    // Not timed yet: the first requests get the fast limit; once the function shows it is slow (it waits), the
    // queued ones get sandboxes of their own, up to the slow limit.
    expect(new Set(pids).size).toBeGreaterThan(MAX_SANDBOXES_PER_FUNCTION)
    expect(new Set(pids).size).toBeLessThanOrEqual(MAX_SANDBOXES_FOR_SLOW_FUNCTIONS)
  })

  it('returns the log tail with START/END/REPORT and console output', async () => {
    await create('logs', { 'index.js': 'exports.handler = async () => { console.log("hello", { a: 1 }); console.error("oops"); return 1 }' })
    const out = await invoke('logs', {}, { LogType: 'Tail' })
    const log = Buffer.from(out.LogResult ?? '', 'base64').toString('utf8')
    expect(log).toMatch(/^START RequestId: [0-9a-f-]{36} Version: \$LATEST\n/)
    expect(log).toMatch(/\tINFO\thello { a: 1 }\n/)
    expect(log).toMatch(/\tERROR\toops\n/)
    expect(log).toMatch(/END RequestId: [0-9a-f-]{36}\nREPORT RequestId: [0-9a-f-]{36}\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB/)
  })

  it('gives each invocation its own output, whether or not the handler prints', async () => {
    await create('sometimes', { 'index.js': 'exports.handler = async (e) => { if (e.say) process.stdout.write(e.say + "\\n"); return e.n }' })
    const tail = async (payload: object) => Buffer.from((await invoke('sometimes', payload, { LogType: 'Tail' })).LogResult ?? '', 'base64').toString('utf8')
    const silent = await tail({ n: 1 })
    expect(silent).toMatch(/^START RequestId: [0-9a-f-]{36} Version: \$LATEST\nEND RequestId: /)
    expect(await tail({ n: 2, say: 'second' })).toContain('\nsecond\n')
    const after = await tail({ n: 3 })
    expect(after).not.toContain('second')
    expect(after).toMatch(/^START RequestId: [0-9a-f-]{36} Version: \$LATEST\nEND RequestId: /)
  })

  it('writes each invocation to CloudWatch Logs under /aws/lambda/{name}', async () => {
    await create('logged', { 'index.js': 'exports.handler = async (e) => { console.log("marker", e.n); return 1 }' })
    await invoke('logged', { n: 1 })
    await invoke('logged', { n: 2 })
    const logs = new CloudWatchLogsClient(cloud.sdk)
    let messages: string[] = []
    for (let i = 0; i < 50 && messages.filter((m) => m.includes('marker')).length < 2; i++) {
      const found = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/logged' })).catch(() => ({ events: [] }))
      messages = (found.events ?? []).map((e) => e.message ?? '')
      await new Promise((r) => setTimeout(r, 50))
    }
    expect(messages.filter((m) => /\tINFO\tmarker [12]$/.test(m))).toHaveLength(2)
    expect(messages.filter((m) => m.startsWith('START RequestId: '))).toHaveLength(2)
    expect(messages.filter((m) => m.startsWith('REPORT RequestId: '))).toHaveLength(2)
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/logged' }))
    expect(streams.logStreams?.[0].logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/)
  })

  it('accepts Event (202) and DryRun (204) invocations', async () => {
    await create('async', { 'index.js': 'exports.handler = async () => 1' })
    expect((await invoke('async', {}, { InvocationType: 'Event' })).StatusCode).toBe(202)
    expect((await invoke('async', {}, { InvocationType: 'DryRun' })).StatusCode).toBe(204)
  })
})

describe('lambda: control plane', () => {
  it('answers an unknown function with 404 ResourceNotFoundException naming its ARN', async () => {
    const err = await invoke('missing').catch((e) => e)
    expect(err.name).toBe('ResourceNotFoundException')
    expect(err.$metadata.httpStatusCode).toBe(404)
    expect(err.message).toBe('Function not found: arn:aws:lambda:us-east-1:000000000000:function:missing')
  })

  it('refuses deprecated and unknown runtimes, bad roles and limits with AWS errors', async () => {
    const dep = await create('old', { 'index.js': '' }, { Runtime: 'nodejs20.x' }).catch((e) => e)
    expect(dep.name).toBe('InvalidParameterValueException')
    expect(dep.message).toBe('The runtime parameter of nodejs20.x is no longer supported for creating or updating AWS Lambda functions. We recommend you use the new runtime (nodejs24.x) while creating or updating functions.')
    // Runtimes retired long ago are still in the Runtime enum: the deprecation error, not an enum error.
    const retired = await create('older', { 'index.py': '' }, { Runtime: 'python3.7', Handler: 'index.handler' }).catch((e) => e)
    expect([retired.name, retired.message]).toEqual([
      'InvalidParameterValueException',
      'The runtime parameter of python3.7 is no longer supported for creating or updating AWS Lambda functions. We recommend you use the new runtime (python3.14) while creating or updating functions.',
    ])
    const unknown = await create('weird', { 'index.js': '' }, { Runtime: 'nodejs99.x' }).catch((e) => e)
    expect(unknown.name).toBe('ValidationException')
    const role = await create('norole', { 'index.js': '' }, { Role: 'lambda-role' }).catch((e) => e)
    expect(role.name).toBe('ValidationException')
    expect(role.message).toContain("at 'role' failed to satisfy constraint")
    const timeout = await create('long', { 'index.js': '' }, { Timeout: 901 }).catch((e) => e)
    expect(timeout.message).toContain('Member must have value less than or equal to 900')
    const reserved = await create('reserved', { 'index.js': '' }, { Environment: { Variables: { AWS_REGION: 'x' } } }).catch((e) => e)
    expect(reserved.message).toContain('Reserved keys used in this request: AWS_REGION')
    const badZip = await lambda.send(new CreateFunctionCommand({ FunctionName: 'badzip', Runtime: 'nodejs22.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: Buffer.from('not a zip') } })).catch((e) => e)
    expect(badZip.name).toBe('InvalidParameterValueException')
  })

  it('refuses a duplicate function with ResourceConflictException', async () => {
    await create('dup', { 'index.js': 'exports.handler = async () => 1' })
    const err = await create('dup', { 'index.js': '' }).catch((e) => e)
    expect(err.name).toBe('ResourceConflictException')
  })

  it('updates code and configuration, and new invocations see them', async () => {
    await create('upd', { 'index.js': 'exports.handler = async () => "v1:" + process.env.V' }, { Environment: { Variables: { V: 'a' } } })
    expect((await invoke('upd')).json()).toBe('v1:a')
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'upd', ZipFile: zip({ 'index.js': 'exports.handler = async () => "v2:" + process.env.V' }) }))
    expect((await invoke('upd')).json()).toBe('v2:a')
    const conf = await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'upd', Environment: { Variables: { V: 'b' } } }))
    expect(conf.Environment?.Variables).toEqual({ V: 'b' })
    expect((await invoke('arn:aws:lambda:us-east-1:000000000000:function:upd')).json()).toBe('v2:b')
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: '000000000000:function:upd' }))
    expect(got.Configuration?.Runtime).toBe('nodejs22.x')
    const pkg = new Uint8Array(await (await fetch(got.Code!.Location!)).arrayBuffer())
    expect(unzipSync(pkg)['index.js']).toBeDefined()
    expect(createHash('sha256').update(pkg).digest('base64')).toBe(got.Configuration?.CodeSha256)
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'upd' }))
    expect((await invoke('upd').catch((e) => e)).name).toBe('ResourceNotFoundException')
  })

  it('tags functions by ARN: TagResource, ListTags, UntagResource', async () => {
    const { FunctionArn } = await create('tagged', { 'index.js': 'exports.handler = async () => 1' }, { Tags: { team: 'a' } })
    await lambda.send(new TagResourceCommand({ Resource: FunctionArn, Tags: { env: 'lab' } }))
    expect((await lambda.send(new ListTagsCommand({ Resource: FunctionArn }))).Tags).toEqual({ team: 'a', env: 'lab' })
    await lambda.send(new UntagResourceCommand({ Resource: FunctionArn, TagKeys: ['team'] }))
    expect((await lambda.send(new ListTagsCommand({ Resource: FunctionArn }))).Tags).toEqual({ env: 'lab' })
  })

  it('keeps a resource policy: AddPermission, GetPolicy, RemovePermission', async () => {
    await create('pol', { 'index.js': 'exports.handler = async () => 1' })
    const added = await lambda.send(new AddPermissionCommand({
      FunctionName: 'pol', StatementId: 'apigw', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com',
      SourceArn: 'arn:aws:execute-api:us-east-1:000000000000:abc123/*/GET/houses',
    }))
    expect(JSON.parse(added.Statement!)).toMatchObject({
      Sid: 'apigw', Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'lambda:InvokeFunction',
      Resource: 'arn:aws:lambda:us-east-1:000000000000:function:pol',
      Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:execute-api:us-east-1:000000000000:abc123/*/GET/houses' } },
    })
    const dupe = await lambda.send(new AddPermissionCommand({ FunctionName: 'pol', StatementId: 'apigw', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com' })).catch((e) => e)
    expect(dupe.name).toBe('ResourceConflictException')
    const policy = JSON.parse((await lambda.send(new GetPolicyCommand({ FunctionName: 'pol' }))).Policy!)
    expect(policy.Statement).toHaveLength(1)
    await lambda.send(new RemovePermissionCommand({ FunctionName: 'pol', StatementId: 'apigw' }))
    expect((await lambda.send(new GetPolicyCommand({ FunctionName: 'pol' })).catch((e) => e)).name).toBe('ResourceNotFoundException')
  })

  it('kills its sandboxes on stop, keeps functions across a restart and re-creates sandboxes lazily', async () => {
    await create('persist', { 'index.js': 'exports.handler = async () => (globalThis.ENV ??= Math.floor(Math.random() * 1e9))' })
    const pid = (await invoke('persist')).json()
    // The sandboxes' processes as the host sees them (inside its PID namespace a runtime is pid 2).
    const sandboxes = () => processTree(process.pid).filter((p) => { try { return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(cloud.dataDir) } catch { return false } })
    const before = sandboxes()
    if (process.platform === 'linux') expect(before.length).toBeGreaterThan(0)
    cloud = await cloud.restart()
    const alive = () => before.filter((p) => { try { process.kill(p, 0); return true } catch { return false } })
    for (let i = 0; i < 100 && alive().length; i++) await new Promise((r) => setTimeout(r, 20))
    expect(alive()).toEqual([])
    lambda = new LambdaClient(cloud.sdk)
    const again = (await invoke('persist')).json()
    expect(typeof again).toBe('number')
    expect(again).not.toBe(pid)
  })
})
