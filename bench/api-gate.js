// `node bench/api-gate.js [baseline-dist]`: what the IAM gate costs signed API calls, this build against a baseline
// (another checkout's `dist/`, default `.bench-baseline/dist`), side by side. Rows: the account's root key (the CLI's
// and the labs' — one comparison in the gate) on DynamoDB GetItem, S3 GetObject and Lambda GetFunctionConfiguration,
// and a role session with a table-scoped policy on DynamoDB GetItem (a warm function's calls: cached policies).
// Each round runs every row on both clouds in turn; ratios this/baseline within a round, then the median over rounds.
import { fork } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam'
import { CreateFunctionCommand, GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { strToU8, zipSync } from 'fflate'
import { cpuOfTree, cpuPerRequest } from './cpu-time.js'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
const here = path.dirname(fileURLToPath(import.meta.url))
const seconds = Number(process.env.BENCH_SECONDS ?? 3)
const rounds = Number(process.env.BENCH_ROUNDS ?? 3)
const CONCURRENCY = 8
const baselineDist = path.resolve(process.argv[2] ?? path.join(here, '../.bench-baseline/dist'))
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

async function startCloud(dist) {
  const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lab-bench-gate-')), 'cloud')
  const child = fork(path.join(here, 'cloud-process.js'), [dataDir], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env: { ...process.env, BENCH_SERVER_MODULE: path.join(dist, 'cloud/server.js') } })
  const { port, pid } = await new Promise((resolve, reject) => {
    child.once('message', resolve)
    child.once('exit', (code) => reject(new Error(`cloud from ${dist} exited with ${code}`)))
  })
  const { readInstallCredentials } = await import(path.join(dist, 'common/install-credentials.js'))
  const sdk = { endpoint: `http://localhost:${port}`, region: 'us-east-1', credentials: readInstallCredentials(dataDir), forcePathStyle: true, maxAttempts: 1 }
  return { child, pid, sdk, rows: await setUp(sdk) }
}

/** The resources and clients each row calls. */
async function setUp(sdk) {
  const dynamo = new DynamoDBClient(sdk)
  const key = { id: { S: '1' } }
  await dynamo.send(new CreateTableCommand({ TableName: 'bench', BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] }))
  await dynamo.send(new PutItemCommand({ TableName: 'bench', Item: { ...key, text: { S: 'hello' } } }))
  const s3 = new S3Client(sdk)
  await s3.send(new CreateBucketCommand({ Bucket: 'bench' }))
  await s3.send(new PutObjectCommand({ Bucket: 'bench', Key: 'hello.txt', Body: 'hello' }))
  const iam = new IAMClient(sdk)
  const trust = (principal) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] })
  await iam.send(new CreateRoleCommand({ RoleName: 'fn', AssumeRolePolicyDocument: trust({ Service: 'lambda.amazonaws.com' }) }))
  const lambda = new LambdaClient(sdk)
  await lambda.send(new CreateFunctionCommand({ FunctionName: 'bench', Runtime: 'nodejs22.x', Role: 'arn:aws:iam::000000000000:role/fn', Handler: 'index.handler', Code: { ZipFile: zipSync({ 'index.js': strToU8('exports.handler = async () => 1') }) } }))
  await iam.send(new CreateUserCommand({ UserName: 'bench' }))
  const access = (await iam.send(new CreateAccessKeyCommand({ UserName: 'bench' }))).AccessKey
  await iam.send(new CreateRoleCommand({ RoleName: 'reader', AssumeRolePolicyDocument: trust({ AWS: 'arn:aws:iam::000000000000:user/bench' }) }))
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Query'], Resource: 'arn:aws:dynamodb:us-east-1:000000000000:table/bench' }] }
  await iam.send(new PutRolePolicyCommand({ RoleName: 'reader', PolicyName: 'read', PolicyDocument: JSON.stringify(policy) }))
  const sts = new STSClient({ ...sdk, credentials: { accessKeyId: access.AccessKeyId, secretAccessKey: access.SecretAccessKey } })
  const c = (await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/reader', RoleSessionName: 'bench' }))).Credentials
  const asRole = new DynamoDBClient({ ...sdk, credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken } })
  return {
    'root: DynamoDB GetItem': () => dynamo.send(new GetItemCommand({ TableName: 'bench', Key: key })),
    'root: S3 GetObject': async () => (await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: 'hello.txt' }))).Body.transformToString(),
    'root: Lambda GetFunctionConfiguration': () => lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'bench' })),
    'role session: DynamoDB GetItem (table-scoped policy)': () => asRole.send(new GetItemCommand({ TableName: 'bench', Key: key })),
  }
}

/** `CONCURRENCY` callers for `seconds`: requests per second and the cloud's own CPU per request. */
async function load(call, pid, secs) {
  const before = cpuOfTree(pid)
  const end = Date.now() + secs * 1000
  let requests = 0
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (Date.now() < end) {
      await call()
      requests++
    }
  }))
  return { rps: requests / secs, cpu: cpuPerRequest(before, cpuOfTree(pid), requests) }
}

const clouds = { baseline: await startCloud(baselineDist), current: await startCloud(path.join(here, '../dist')) }
const names = Object.keys(clouds.current.rows)
const runs = Object.fromEntries(names.map((n) => [n, { baseline: [], current: [] }]))
try {
  for (const cloud of Object.values(clouds)) for (const n of names) await load(cloud.rows[n], cloud.pid, 1)
  for (let round = 0; round < rounds; round++) {
    for (const n of names) {
      for (const which of round % 2 ? ['current', 'baseline'] : ['baseline', 'current']) runs[n][which].push(await load(clouds[which].rows[n], clouds[which].pid, seconds))
    }
  }
} finally {
  for (const cloud of Object.values(clouds)) cloud.child.kill('SIGTERM')
}

console.log(`IAM gate cost (node ${process.version}, ${os.cpus().length} cores; ${CONCURRENCY} SDK callers; ${rounds} rounds of ${seconds}s per row and build)`)
console.log(`baseline: ${baselineDist}`)
for (const n of names) {
  const paired = runs[n].current.map((r, i) => [r, runs[n].baseline[i]]).filter(([a, b]) => a.cpu && b.cpu)
  const rps = median(paired.map(([a, b]) => a.rps / b.rps))
  const cpu = median(paired.map(([a, b]) => a.cpu.own / b.cpu.own))
  const us = (k) => `${median(paired.map((p) => p[k].cpu.own)).toFixed(0)} µs`
  console.log(`  ${n}: ${Math.round(median(paired.map((p) => p[0].rps)))} vs ${Math.round(median(paired.map((p) => p[1].rps)))} req/s = ${(rps * 100).toFixed(1)} %; cloud CPU per request ${us(0)} vs ${us(1)} = ${(cpu * 100).toFixed(1)} %`)
}
