/**
 * The runtime's channel to the cloud (Node's IPC fd 3, Python's control pipe fd 4) is open to the function's code:
 * before the fix one stray line there (`1`, `"done"`) reached the sandbox's bookkeeping as a message and its
 * TypeError ended the whole cloud.
 *
 * What starts a sandbox runs on the machine before any isolation (`unshare`, `env`, `perl`): a function's environment
 * must mean nothing to it. Before the fix a function configured with `PERL5OPT=-d` and `PERL5DB='BEGIN{…}'` ran its
 * Perl in the namespace's init, before the init pivoted into the private root: it read LAB_HOME's credentials.json
 * (the account's root key) and wrote anywhere the cloud's user may.
 *
 * A function inherits no file the cloud holds open. DynamoDB runs in the cloud's process on LevelDB, whose files are
 * opened without close-on-exec: before the fix every sandbox started with descriptors on LAB_HOME's
 * `dynamodb/*.log`, `MANIFEST-*`, `LOCK` and `LOG`, and reopening `/proc/self/fd/N` read every table's items (and
 * could write the log) whatever the function's root and role. Node and Python runtimes alike.
 */
import { CreateTableCommand, DynamoDBClient, PutItemCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb'
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { sandboxIsolation } from '../../src/common/sandbox-isolation.js'
import { useTestCloud, type TestCloud } from '../helpers/cloud.js'
import { ROLE, zip } from '../fixtures/lambda/zip.js'
import { createLambdaRole } from '../helpers/lambda-role.js'

const SECRET = 'item-secret-7f3a9c'

const NODE_LISTER = `
const fs = require('fs')
exports.handler = async () => fs.readdirSync('/proc/self/fd').map((fd) => {
  let target = ''
  try { target = fs.readlinkSync('/proc/self/fd/' + fd) } catch { return fd + ' gone' }
  let content = ''
  try { content = target.startsWith('/') ? fs.readFileSync('/proc/self/fd/' + fd, 'latin1') : '' } catch (err) { content = err.code }
  return fd + ' ' + target + ' ' + content
})`

const PY_LISTER = `
import os
def handler(event, context):
    out = []
    for fd in os.listdir('/proc/self/fd'):
        try:
            target = os.readlink('/proc/self/fd/' + fd)
        except OSError:
            continue
        content = ''
        if target.startswith('/'):
            try:
                content = open('/proc/self/fd/' + fd, encoding='latin-1').read()
            except OSError as err:
                content = type(err).__name__
        out.append(fd + ' ' + target + ' ' + content)
    return out
`

let cloud: TestCloud
let lambda: LambdaClient
useTestCloud(async (c) => {
  cloud = c
  await createLambdaRole(c)
  lambda = new LambdaClient(c.sdk)
  const dynamo = new DynamoDBClient(c.sdk)
  await dynamo.send(new CreateTableCommand({ TableName: 'secrets', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }))
  await waitUntilTableExists({ client: dynamo, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { TableName: 'secrets' })
  await dynamo.send(new PutItemCommand({ TableName: 'secrets', Item: { id: { S: SECRET } } }))
})

describe.runIf(sandboxIsolation().mode === 'pid-namespace')('a sandbox starts with its own descriptors only', () => {
  it.each([
    ['nodejs22.x', { 'index.js': NODE_LISTER }],
    ['python3.12', { 'index.py': PY_LISTER }],
  ] as const)('%s: no descriptor on the cloud data, no table item through /proc/self/fd', async (runtime, files) => {
    const name = `lister-${runtime.replace(/\W/g, '')}`
    await lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: runtime, Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zip(files) } }))
    const out = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}') }))
    expect(out.FunctionError).toBeUndefined()
    const descriptors = JSON.parse(Buffer.from(out.Payload!).toString()) as string[]
    expect(descriptors.length).toBeGreaterThan(2)
    expect(descriptors.filter((d) => d.includes(cloud.dataDir))).toEqual([])
    expect(JSON.stringify(descriptors)).not.toContain(SECRET)
  })
})

describe.runIf(sandboxIsolation().filesystem === 'private-root')('a function environment reaches only the runtime', () => {
  it("PERL5OPT/PERL5DB, LD_PRELOAD and PATH do not run in the sandbox's launchers; the handler still sees them", async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-launcher-'))
    const marker = path.join(outside, 'escaped')
    const credentials = path.join(cloud.dataDir, 'credentials.json')
    const perl = `BEGIN{open(my $o,q{>},q{${marker}});open(my $c,q{<},q{${credentials}});local $/;print {$o} scalar <$c>;close $o}`
    const variables = { PERL5OPT: '-d', PERL5DB: perl, LD_PRELOAD: path.join(outside, 'missing.so'), PATH: `${outside}:/usr/bin:/bin` }
    const handler = 'exports.handler = async () => [process.env.PERL5OPT, process.env.PATH.split(":")[0]]'
    await lambda.send(new CreateFunctionCommand({ FunctionName: 'launcher-env', Runtime: 'nodejs22.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zip({ 'index.js': handler }) }, Environment: { Variables: variables } }))
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'launcher-env', Payload: Buffer.from('{}') }))
    try {
      expect(fs.existsSync(marker)).toBe(false)
      expect(out.FunctionError).toBeUndefined()
      expect(JSON.parse(Buffer.from(out.Payload!).toString())).toEqual(['-d', outside])
    } finally {
      fs.rmSync(outside, { recursive: true, force: true })
    }
  })
})

describe.runIf(process.platform === 'linux')('the runtime channel is untrusted input', () => {
  it.each([
    ['nodejs22.x', { 'index.js': "const fs = require('fs')\nexports.handler = async () => { for (const line of ['1', '\"done\"', 'null', '[]', '{\"type\":\"constructor\"}']) fs.writeSync(3, line + '\\n'); return 'still here' }" }],
    ['python3.12', { 'index.py': "import os\ndef handler(event, context):\n    for line in [b'1', b'\"done\"', b'null', b'[]', b'{\"type\":\"constructor\"}']:\n        os.write(4, line + b'\\n')\n    return 'still here'\n" }],
  ] as const)('%s: stray lines on it are ignored; the cloud keeps answering', async (runtime, files) => {
    const name = `stray-${runtime.replace(/\W/g, '')}`
    await lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: runtime, Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zip(files) }, Timeout: 5 }))
    const out = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}') }))
    expect(out.FunctionError).toBeUndefined()
    expect(JSON.parse(Buffer.from(out.Payload!).toString())).toBe('still here')
    const again = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}') }))
    expect(JSON.parse(Buffer.from(again.Payload!).toString())).toBe('still here')
  })
})
