/**
 * A real Chromium, on a page of a foreign origin (`attacker.test`, mapped to a loopback port of its own), tries to
 * make the local cloud run code: (a) it uploads an HTML page into a bucket whose CORS rules (and policy) let any
 * page PUT, navigates there — now on the cloud's own origin — and from that page calls CloudFormation
 * CreateStack, Lambda CreateFunction and DynamoDB CreateTable; (b) it calls them directly (fetch, a form post,
 * an `<img>` with `X-Amz-Credential` in the query) and PUTs into a bucket that allows no anonymous writes.
 * Afterwards the signed SDK finds nothing created, and every AWS API request the browser sent got the edge's 403.
 * Without Chromium this test fails (CI installs it): it must never pass by not running.
 */
import { CloudFormationClient, ListStacksCommand } from '@aws-sdk/client-cloudformation'
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb'
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda'
import { CreateBucketCommand, ListObjectsV2Command, PutBucketCorsCommand, PutBucketPolicyCommand, PutPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findChromium } from '../../src/checks/index.js'
import { chromiumArgs } from '../../src/checks/kinds/browser.js'
import { useTestCloud, type TestCloud } from '../helpers/cloud.js'
import { createLambdaRole } from '../helpers/lambda-role.js'
import { ROLE, zip } from '../fixtures/lambda/zip.js'

const chromium = findChromium()
let cloud: TestCloud
let attacker: http.Server
let attackerPort = 0
let context: import('playwright-core').BrowserContext | undefined
let userDataDir = ''

useTestCloud(async (c) => {
  await createLambdaRole(c)
  cloud = c
  const s3 = new S3Client(c.sdk)
  const everyone = [{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['*'] }]
  for (const Bucket of ['drop-zone', 'private-zone']) {
    await s3.send(new CreateBucketCommand({ Bucket }))
    await s3.send(new PutBucketCorsCommand({ Bucket, CORSConfiguration: { CORSRules: everyone } }))
  }
  // The worst case for (a): anyone may write pages into drop-zone and read them back.
  const open = { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false }
  await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'drop-zone', PublicAccessBlockConfiguration: open }))
  const Policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: ['s3:PutObject', 's3:GetObject'], Resource: 'arn:aws:s3:::drop-zone/*' }] })
  await s3.send(new PutBucketPolicyCommand({ Bucket: 'drop-zone', Policy }))
})

/** The calls a page makes; `base` is '' on the cloud's own origin, the cloud's URL elsewhere. */
function attackScript(base: string): string {
  const credential = (service: string) => encodeURIComponent(`AKIAANYTHING/20261201/us-east-1/${service}/aws4_request`)
  const template = JSON.stringify({ Resources: { Pwned: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'pwned-by-page' } } } })
  const createStack = `Action=CreateStack&Version=2010-05-15&StackName=pwned&TemplateBody=${encodeURIComponent(template)}`
  const signedQuery = `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${credential('cloudformation')}&X-Amz-Date=20261201T000000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=00`
  const fn = JSON.stringify({ FunctionName: 'pwned', Runtime: 'nodejs22.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: Buffer.from(zip({ 'index.mjs': 'export const handler = async () => 1' })).toString('base64') } })
  const auth = (service: string) => `AWS4-HMAC-SHA256 Credential=AKIAANYTHING/20261201/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=00`
  const table = JSON.stringify({ TableName: 'pwned', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' })
  return `<!doctype html><body><script>
const base = ${JSON.stringify(base)}
const settle = (p) => p.then(() => 'sent', () => 'blocked')
const viaForm = (action, fields) => new Promise((done) => {
  const frame = document.createElement('iframe'); frame.name = 'sink' + Math.random(); document.body.append(frame)
  const form = document.createElement('form'); form.method = 'POST'; form.action = action; form.target = frame.name
  for (const [name, value] of Object.entries(fields)) { const input = document.createElement('input'); input.name = name; input.value = value; form.append(input) }
  document.body.append(form); frame.onload = () => done('loaded'); form.submit(); setTimeout(() => done('timeout'), 5000)
})
const viaImg = (src) => new Promise((done) => { const img = new Image(); img.onload = img.onerror = () => done('loaded'); img.src = src })
Promise.all([
  settle(fetch(base + '/?${signedQuery}', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: ${JSON.stringify(createStack)} })),
  settle(fetch(base + '/?${createStack}&${signedQuery}', { referrerPolicy: 'no-referrer', mode: 'no-cors' })),
  viaForm(base + '/?${signedQuery}', Object.fromEntries(new URLSearchParams(${JSON.stringify(createStack)}))),
  viaImg(base + '/?${createStack}&${signedQuery}'),
  settle(fetch(base + '/2015-03-31/functions', { method: 'POST', headers: { 'content-type': 'application/json', authorization: ${JSON.stringify(auth('lambda'))} }, body: ${JSON.stringify(fn)} })),
  settle(fetch(base + '/2015-03-31/functions', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: ${JSON.stringify(fn)} })),
  settle(fetch(base + '/', { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.CreateTable', authorization: ${JSON.stringify(auth('dynamodb'))} }, body: ${JSON.stringify(table)} })),
  settle(fetch(base + '/private-zone/pwned.html', { method: 'PUT', headers: { 'content-type': 'text/html' }, body: '<h1>pwned</h1>' })),
]).then((outcomes) => { document.title = 'done ' + outcomes.join(',') })
</script>`
}

beforeAll(async () => {
  if (!chromium) return
  attacker = http.createServer((req, res) => {
    const cloudBase = `http://localhost:${cloud.port}`
    // (a): upload a page into the bucket that takes anyone's PUT, then go there.
    const dropper = `<script>
fetch('${cloudBase}/drop-zone/evil.html', { method: 'PUT', headers: { 'content-type': 'text/html' }, body: ${JSON.stringify(attackScript('')).replaceAll('</', '<\\/')} })
  .finally(() => { location.href = '${cloudBase}/drop-zone/evil.html' })
</script>`
    res.writeHead(200, { 'content-type': 'text/html' }).end(req.url === '/dropper' ? dropper : attackScript(cloudBase))
  })
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve))
  attackerPort = (attacker.address() as { port: number }).port
  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-attack-'))
  const { chromium: launcher } = await import('playwright-core')
  const args = [...chromiumArgs(), '--host-resolver-rules=MAP attacker.test 127.0.0.1']
  context = await launcher.launchPersistentContext(userDataDir, { executablePath: chromium, headless: true, args })
}, 60_000)

afterAll(async () => {
  await context?.close()
  await new Promise((resolve) => (attacker ? attacker.close(resolve) : resolve(undefined)))
  if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true })
})

/** Open `url`, wait for the page's attempts to finish; the statuses the cloud answered its AWS API requests with. */
async function attack(url: string, landsOn: RegExp): Promise<{ title: string; apiStatuses: number[] }> {
  const page = await context!.newPage()
  const apiStatuses: number[] = []
  page.on('response', (response) => {
    const target = new URL(response.url())
    if (target.port === String(cloud.port) && !/^\/(drop|private)-zone\//.test(target.pathname)) apiStatuses.push(response.status())
  })
  await page.goto(url)
  await page.waitForURL(landsOn)
  await page.waitForFunction(() => document.title.startsWith('done'), undefined, { timeout: 30_000 })
  const title = await page.title()
  await page.close()
  return { title, apiStatuses }
}

async function expectNothingCreated(): Promise<void> {
  expect((await new CloudFormationClient(cloud.sdk).send(new ListStacksCommand({}))).StackSummaries).toEqual([])
  expect((await new LambdaClient(cloud.sdk).send(new ListFunctionsCommand({}))).Functions).toEqual([])
  expect((await new DynamoDBClient(cloud.sdk).send(new ListTablesCommand({}))).TableNames).toEqual([])
  const s3 = new S3Client(cloud.sdk)
  expect((await s3.send(new ListObjectsV2Command({ Bucket: 'private-zone' }))).KeyCount).toBe(0)
  const dropped = (await s3.send(new ListObjectsV2Command({ Bucket: 'drop-zone' }))).Contents ?? []
  expect(dropped.map((o) => o.Key).filter((key) => key !== 'evil.html')).toEqual([])
}

describe('a page on a foreign origin, in Chromium, cannot make the cloud create anything', () => {
  it('Chromium is installed (CI installs it; without it the browser attacks below cannot run)', () => {
    expect(chromium, 'No Chromium found: install it (apt-get install chromium) or set CHROMIUM_PATH').toBeTruthy()
  })

  it('(a) PUT a page into a bucket anyone may write, navigate to it, call CloudFormation, Lambda and DynamoDB from there', async () => {
    expect(chromium).toBeTruthy()
    const { apiStatuses } = await attack(`http://attacker.test:${attackerPort}/dropper`, /\/drop-zone\/evil\.html$/)
    expect(apiStatuses.length).toBeGreaterThanOrEqual(6)
    for (const status of apiStatuses) expect(status).toBe(403)
    await expectNothingCreated()
  }, 90_000)

  it('(b) call them directly from the foreign page: fetch, a form post, an <img>, and an S3 PUT', async () => {
    expect(chromium).toBeTruthy()
    const { title, apiStatuses } = await attack(`http://attacker.test:${attackerPort}/direct`, /attacker\.test/)
    expect(title).toMatch(/^done /)
    // Requests the browser sent (the rest it blocked itself, after a refused preflight) were all refused.
    expect(apiStatuses.length).toBeGreaterThanOrEqual(4)
    for (const status of apiStatuses) expect(status).toBe(403)
    await expectNothingCreated()
  }, 90_000)
})
