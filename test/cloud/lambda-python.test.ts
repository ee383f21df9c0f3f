import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { createLambdaRole } from '../helpers/lambda-role.js'
import { ROLE, zip } from '../fixtures/lambda/zip.js'

const hasBoto3 = spawnSync('python3', ['-c', 'import boto3']).status === 0
let cloud: TestCloud
let lambda: LambdaClient
useTestCloud(async (c) => {
  await createLambdaRole(c)
  cloud = c
  lambda = new LambdaClient(cloud.sdk)
})

async function create(name: string, files: Record<string, string>, extra: Record<string, unknown> = {}) {
  return lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'python3.13', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zip(files) }, ...extra }))
}

async function invoke(name: string, payload: unknown = {}, extra: Record<string, unknown> = {}) {
  const out = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(payload)), ...extra }))
  const body = Buffer.from(out.Payload ?? []).toString('utf8')
  return { ...out, body, json: () => JSON.parse(body), log: Buffer.from(out.LogResult ?? '', 'base64').toString('utf8') }
}

describe('lambda: Python handlers', () => {
  it('invokes a handler with the event, context and environment', async () => {
    const source = [
      'import os',
      'def handler(event, context):',
      '    print("hello from python")',
      '    return {"got": event["x"], "name": context.function_name, "id": context.aws_request_id,',
      '            "arn": context.invoked_function_arn, "mem": context.memory_limit_in_mb,',
      '            "left": context.get_remaining_time_in_millis(), "env": os.environ["GREETING"],',
      '            "region": os.environ["AWS_REGION"], "endpoint": os.environ["AWS_ENDPOINT_URL"]}',
    ].join('\n')
    await create('py', { 'index.py': source }, { Environment: { Variables: { GREETING: 'hi' } } })
    const out = await invoke('py', { x: 7 }, { LogType: 'Tail' })
    expect(out.FunctionError).toBeUndefined()
    expect(out.json()).toMatchObject({ got: 7, name: 'py', arn: 'arn:aws:lambda:us-east-1:000000000000:function:py', mem: '128', env: 'hi', region: 'us-east-1', endpoint: cloud.endpoint })
    expect(out.json().left).toBeGreaterThan(0)
    expect(out.log).toContain('hello from python\n')
    expect(out.log).toMatch(/REPORT RequestId: /)
  })

  it('passes events and results intact whatever characters they hold (line breaks, unicode)', async () => {
    await create('py-echo', { 'index.py': 'def handler(event, context):\n    return {"echo": event, "extra": "line\\nbreak \\u2028 \\r done"}\n' })
    const tricky = { text: 'one\ntwo\r\nthree \u2028 four', emoji: '🐍', quote: '"' }
    // Pretty-printed JSON: the payload itself spans several lines.
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'py-echo', Payload: Buffer.from(JSON.stringify(tricky, null, 2)) }))
    expect(JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8'))).toEqual({ echo: tricky, extra: 'line\nbreak \u2028 \r done' })
    expect((await invoke('py-echo', tricky)).json().echo).toEqual(tricky)
    // Large enough to cross the pipes in many chunks, both ways.
    const big = { text: 'abcü'.repeat(300_000) }
    expect((await invoke('py-echo', big)).json().echo).toEqual(big)
  })

  it('loads handlers from nested folders', async () => {
    await create('py-nested', { 'app/__init__.py': '', 'app/main.py': 'def run(event, context):\n    return "nested"\n' }, { Handler: 'app/main.run' })
    expect((await invoke('py-nested')).json()).toBe('nested')
  })

  it('reports an exception with errorMessage, errorType, requestId and stackTrace', async () => {
    await create('py-raise', { 'index.py': 'def handler(event, context):\n    raise ValueError("bad value")\n' })
    const out = await invoke('py-raise')
    expect(out.FunctionError).toBe('Unhandled')
    const body = out.json()
    expect(Object.keys(body)).toEqual(['errorMessage', 'errorType', 'requestId', 'stackTrace'])
    expect(body).toMatchObject({ errorMessage: 'bad value', errorType: 'ValueError' })
    expect(body.stackTrace.join('')).toContain('raise ValueError("bad value")')
    expect(body.stackTrace.join('')).not.toContain('bootstrap')
  })

  it('reports unmarshallable results, import errors and missing handlers like awslambdaric', async () => {
    await create('py-set', { 'index.py': 'def handler(event, context):\n    return {1, 2}\n' })
    expect((await invoke('py-set')).json()).toMatchObject({ errorType: 'Runtime.MarshalError', errorMessage: 'Unable to marshal response: {1, 2} is not JSON serializable' })
    await create('py-nomod', { 'other.py': '' })
    expect((await invoke('py-nomod')).json()).toMatchObject({ errorType: 'Runtime.ImportModuleError', errorMessage: "Unable to import module 'index': No module named 'index'" })
    // A syntax error points at the learner's file and line, as awslambdaric's does, not at importlib.
    await create('py-syntax', { 'index.py': 'import json\ndef handler(event, context)\n    return 1\n' })
    const syntax = (await invoke('py-syntax')).json()
    expect(syntax).toMatchObject({ errorType: 'Runtime.UserCodeSyntaxError', errorMessage: expect.stringMatching(/^Syntax error in module 'index': .*\(index\.py, line 2\)$/) })
    expect(syntax.stackTrace).toEqual([expect.stringMatching(/^ {2}File ".*\/index\.py" Line 2\n {8}def handler\(event, context\)\n$/)])
    await create('py-nohandler', { 'index.py': 'x = 1\n' })
    expect((await invoke('py-nohandler')).json()).toMatchObject({ errorType: 'Runtime.HandlerNotFound', errorMessage: "Handler 'handler' missing on module 'index'" })
  })

  it('survives sys.exit in a handler and times out slow handlers', async () => {
    await create('py-exit', { 'index.py': 'import sys\ndef handler(event, context):\n    if event.get("exit"):\n        sys.exit(3)\n    return "ok"\n' })
    const exited = await invoke('py-exit', { exit: true })
    expect(exited.json()).toMatchObject({ errorType: 'Runtime.ExitError' })
    expect(exited.json().errorMessage).toMatch(/Runtime exited with error: exit status 3$/)
    expect((await invoke('py-exit')).json()).toBe('ok')
    await create('py-slow', { 'index.py': 'import time\ndef handler(event, context):\n    time.sleep(30)\n' }, { Timeout: 1 })
    expect((await invoke('py-slow')).json()).toMatchObject({ errorType: 'Sandbox.Timedout' })
  })

  it('resolves *.localhost to loopback inside the sandbox', async () => {
    const source = 'import socket\ndef handler(event, context):\n    return socket.getaddrinfo("abc.execute-api.localhost", 80)[0][4][0]\n'
    await create('py-dns', { 'index.py': source })
    expect((await invoke('py-dns')).json()).toBe('127.0.0.1')
  })

  it.skipIf(!hasBoto3)('lets boto3 inside a handler reach the local cloud (AWS_ENDPOINT_URL, fake credentials)', async () => {
    const source = 'import boto3\ndef handler(event, context):\n    return boto3.client("sts").get_caller_identity()["Account"]\n'
    await create('py-boto3', { 'index.py': source }, { Timeout: 30 })
    const out = await invoke('py-boto3')
    expect(out.body).not.toContain('errorType')
    expect(out.json()).toBe('000000000000')
  })

  it('refuses a deprecated Python runtime', async () => {
    const err = await create('py-old', { 'index.py': '' }, { Runtime: 'python3.9' }).catch((e) => e)
    expect(err.name).toBe('InvalidParameterValueException')
    expect(err.message).toContain('The runtime parameter of python3.9 is no longer supported')
  })
})
