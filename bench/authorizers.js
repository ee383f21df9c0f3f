// The cost of authorization per request: one REST API whose MOCK methods differ only in their authorization (NONE,
// AWS_IAM, a Lambda TOKEN authorizer with and without its result cache, a REQUEST authorizer without cache,
// COGNITO_USER_POOLS), loaded in turn, round after round, in one cloud; each row as a ratio of NONE's throughput
// taken within a round (median over rounds), and the cloud's CPU per request (server + sandboxes) beside NONE's.
// A row the build cannot set up (an authorization type not emulated yet) is printed as such, never left out.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import crypto from 'node:crypto'
import {
  APIGatewayClient,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway'
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam'
import { SignatureV4 } from '@smithy/signature-v4'
import { zipSync, strToU8 } from 'fflate'
import { readInstallCredentials } from '../dist/common/install-credentials.js'
import { cpuOfTree, cpuPerRequest } from './cpu-time.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

const AUTHORIZER = `exports.handler = async (event) => ({
  principalId: 'bench',
  policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn.split('/')[0] + '/*' }] },
  context: { user: 'bench' },
})`

async function mockMethod(apigw, apiId, rootId, pathPart, auth) {
  const { id: resourceId } = await apigw.send(new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart }))
  const key = { restApiId: apiId, resourceId, httpMethod: 'GET' }
  await apigw.send(new PutMethodCommand({ ...key, ...auth }))
  await apigw.send(new PutMethodResponseCommand({ ...key, statusCode: '200' }))
  await apigw.send(new PutIntegrationCommand({ ...key, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }))
  await apigw.send(new PutIntegrationResponseCommand({ ...key, statusCode: '200', responseTemplates: { 'application/json': '{"hello": "world"}' } }))
}

/** An ID token from a fresh user pool (throws when the build has no Cognito). */
async function cognitoSetUp(sdk) {
  const idp = await import('@aws-sdk/client-cognito-identity-provider')
  const client = new idp.CognitoIdentityProviderClient(sdk)
  const { UserPool } = await client.send(new idp.CreateUserPoolCommand({ PoolName: 'bench' }))
  const { UserPoolClient } = await client.send(new idp.CreateUserPoolClientCommand({ UserPoolId: UserPool.Id, ClientName: 'bench', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))
  const Password = 'Bench-Password-1'
  await client.send(new idp.AdminCreateUserCommand({ UserPoolId: UserPool.Id, Username: 'bench', MessageAction: 'SUPPRESS' }))
  await client.send(new idp.AdminSetUserPasswordCommand({ UserPoolId: UserPool.Id, Username: 'bench', Password, Permanent: true }))
  const auth = await client.send(new idp.InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: UserPoolClient.ClientId, AuthParameters: { USERNAME: 'bench', PASSWORD: Password } }))
  return { poolArn: UserPool.Arn, idToken: auth.AuthenticationResult.IdToken }
}

/** The Hash interface SignatureV4 expects, on node:crypto. */
class Sha256 {
  constructor(secret) {
    this.hash = secret === undefined ? crypto.createHash('sha256') : crypto.createHmac('sha256', secret)
  }
  update(data) {
    this.hash.update(typeof data === 'string' ? Buffer.from(data, 'utf8') : data)
  }
  async digest() {
    return new Uint8Array(this.hash.digest())
  }
}

/** SigV4 headers for one GET (execute-api accepts the same signature again within its validity). */
async function signedHeaders(url, credentials) {
  const u = new URL(url)
  const signer = new SignatureV4({ service: 'execute-api', region: 'us-east-1', credentials, sha256: Sha256, uriEscapePath: true })
  const signed = await signer.sign({ method: 'GET', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: u.pathname, headers: { host: u.host }, query: {} })
  const { host: _host, ...headers } = signed.headers
  return headers
}

/** Build the API; returns the rows `{ name, url, headers }` or `{ name, unavailable }`. */
async function setUp(sdk, endpoint) {
  const apigw = new APIGatewayClient(sdk)
  const lambda = new LambdaClient(sdk)
  // Lambda takes only a role of the account that trusts it.
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }
  await new IAMClient(sdk).send(new CreateRoleCommand({ RoleName: 'bench', AssumeRolePolicyDocument: JSON.stringify(trust) }))
  const { FunctionArn } = await lambda.send(
    new CreateFunctionCommand({ FunctionName: 'bench-authorizer', Runtime: 'nodejs22.x', Role: 'arn:aws:iam::000000000000:role/bench', Handler: 'index.handler', Code: { ZipFile: zipSync({ 'index.js': strToU8(AUTHORIZER) }) } }),
  )
  await lambda.send(new AddPermissionCommand({ FunctionName: 'bench-authorizer', StatementId: 'apigw', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' }))
  const api = await apigw.send(new CreateRestApiCommand({ name: 'bench-authorizers' }))
  const uri = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FunctionArn}/invocations`
  const authorizer = async (input) => (await apigw.send(new CreateAuthorizerCommand({ restApiId: api.id, name: 'a', authorizerUri: uri, ...input }))).id
  const base = `${endpoint}/_aws/execute-api/${api.id}/prod`
  const rows = []
  const row = async (name, pathPart, setUpAuth, headers = async () => ({})) => {
    try {
      await mockMethod(apigw, api.id, api.rootResourceId, pathPart, await setUpAuth())
      rows.push({ name, url: `${base}/${pathPart}`, headers })
    } catch (err) {
      rows.push({ name, unavailable: err.message })
    }
  }
  await row('NONE', 'none', async () => ({ authorizationType: 'NONE' }))
  await row('AWS_IAM (SigV4 + identity policy)', 'iam', async () => ({ authorizationType: 'AWS_IAM' }), () => signedHeaders(`${base}/iam`, sdk.credentials))
  const token = { 'Authorization': 'bench-token' }
  await row('Lambda TOKEN, cache on (TTL 300)', 'token-cached', async () => ({ authorizationType: 'CUSTOM', authorizerId: await authorizer({ type: 'TOKEN', identitySource: 'method.request.header.Authorization' }) }), async () => token)
  await row('Lambda TOKEN, cache off (TTL 0)', 'token-nocache', async () => ({ authorizationType: 'CUSTOM', authorizerId: await authorizer({ type: 'TOKEN', identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 0 }) }), async () => token)
  await row('Lambda REQUEST, cache off (TTL 0)', 'request', async () => ({ authorizationType: 'CUSTOM', authorizerId: await authorizer({ type: 'REQUEST', identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 0 }) }), async () => token)
  let cognito
  await row(
    'COGNITO_USER_POOLS (RS256 ID token)',
    'cognito',
    async () => {
      cognito = await cognitoSetUp(sdk)
      const authorizerId = (await apigw.send(new CreateAuthorizerCommand({ restApiId: api.id, name: 'pool', type: 'COGNITO_USER_POOLS', providerARNs: [cognito.poolArn], identitySource: 'method.request.header.Authorization' }))).id
      return { authorizationType: 'COGNITO_USER_POOLS', authorizerId }
    },
    async () => ({ Authorization: cognito.idToken }),
  )
  await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'prod' }))
  for (const r of rows) if (!r.unavailable) r.headers = await r.headers()
  return rows
}

export async function authorizerBenchmarks(report, generator, { seconds, rounds }) {
  console.log('\nAuthorization overhead (REST MOCK methods, one cloud)')
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-bench-authz-'))
  const child = fork(path.join(here, 'cloud-process.js'), [path.join(home, 'cloud')], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
  const { port, pid } = await new Promise((resolve, reject) => {
    child.once('message', resolve)
    child.once('exit', (code) => reject(new Error(`cloud-process.js exited with ${code}`)))
  })
  try {
    const endpoint = `http://localhost:${port}`
    const sdk = { endpoint, region: 'us-east-1', credentials: readInstallCredentials(path.join(home, 'cloud')) }
    const rows = await setUp(sdk, endpoint)
    const live = rows.filter((r) => !r.unavailable)
    for (const r of live) {
      const check = await fetch(r.url, { headers: r.headers })
      if (check.status !== 200) throw new Error(`${r.name}: ${check.status} ${await check.text()}`)
      await generator.run(r.url, 1, r.headers)
    }
    const runs = live.map(() => [])
    for (let round = 0; round < rounds; round++) {
      for (const [i, r] of live.entries()) {
        const before = cpuOfTree(pid)
        const run = await generator.run(r.url, seconds, r.headers)
        runs[i].push({ ...run, cpu: cpuPerRequest(before, cpuOfTree(pid), run.requests) })
      }
    }
    const cpuOf = (list) => (list.every((x) => x.cpu) ? median(list.map((x) => x.cpu.own + x.cpu.children)) : undefined)
    const noneCpu = cpuOf(runs[0])
    for (const r of rows) {
      const i = live.indexOf(r)
      if (i < 0) {
        report(`auth ${r.name}`, `not available in this build: ${r.unavailable}`)
        continue
      }
      const rps = median(runs[i].map((x) => x.rps))
      const ratio = median(runs[i].map((x, round) => x.rps / runs[0][round].rps))
      const cpu = cpuOf(runs[i])
      const delta = cpu !== undefined && noneCpu !== undefined ? cpu - noneCpu : undefined
      const cpuText = cpu === undefined ? '' : `; CPU ${cpu.toFixed(0)} µs/request${i && delta !== undefined ? ` (${delta >= 0 ? '+' : '-'}${Math.abs(delta).toFixed(0)} µs vs NONE)` : ''}`
      const errors = runs[i].reduce((sum, x) => sum + x.errors, 0)
      report(`auth ${r.name}`, `${Math.round(rps)} req/s, p99 ${median(runs[i].map((x) => x.p99)).toFixed(1)} ms, errors ${errors}${i ? ` = ${(ratio * 100).toFixed(0)} % of NONE` : ''}${cpuText}`)
    }
  } finally {
    child.kill('SIGTERM')
  }
}
