/**
 * Security cases for execute-api `AWS_IAM` and REST API resource policies, with real SigV4 signatures
 * (@smithy/signature-v4) against a running cloud: each asserts API Gateway's status, error type and message.
 */
import { APIGatewayClient, CreateDeploymentCommand, GetRestApiCommand, PutGatewayResponseCommand, UpdateMethodCommand, UpdateRestApiCommand } from '@aws-sdk/client-api-gateway'
import { IAMClient, CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, DeleteAccessKeyCommand, PutRolePolicyCommand, PutUserPolicyCommand, UpdateAccessKeyCommand, DeleteUserPolicyCommand } from '@aws-sdk/client-iam'
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { describe, expect, it } from 'vitest'
import { readInstallCredentials, SECOND_ACCOUNT_CREDENTIALS_FILE } from '../../src/common/install-credentials.js'
import { useTestCloud, type TestCloud } from '../helpers/cloud.js'
import { signRequest } from '../helpers/signed-fetch.js'
import { ApiBuilder, request, type Reply } from './apigateway-helpers.js'

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
let cloud: TestCloud
let apigw: APIGatewayClient
let iam: IAMClient
let second: Creds
let bob: Creds
const ids: Record<string, string> = {}

async function iamApi(name: string, extra: Record<string, unknown> = {}): Promise<ApiBuilder> {
  const api = await ApiBuilder.create(apigw, name, extra)
  await api.mock('/pets', 'GET', '{"pets":[]}')
  await api.mock('/pets', 'POST', '{"created":true}')
  await api.mock('/pets/{id}', 'GET', '{"pet":"$input.params(\'id\')"}')
  await api.mock('/open', 'GET', '{"open":true}')
  for (const [path, method] of [['/pets', 'GET'], ['/pets', 'POST'], ['/pets/{id}', 'GET']]) {
    const resourceId = await api.resource(path)
    await apigw.send(new UpdateMethodCommand({ restApiId: api.id, resourceId, httpMethod: method, patchOperations: [{ op: 'replace', path: '/authorizationType', value: 'AWS_IAM' }] }))
  }
  await deploy(api.id)
  return api
}
const deploy = (restApiId: string) => apigw.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }))
const host = (api: string) => `${api}.execute-api.localhost:${cloud.port}`
const arn = (api: string, rest: string) => `arn:aws:execute-api:us-east-1:000000000000:${api}/prod/${rest}`

interface CallOptions {
  method?: string
  body?: string
  headers?: Record<string, string>
  credentials?: Creds | null
  signingDate?: Date
  /** Change the signed request before it is sent. */
  tamper?: (r: { path: string; headers: Record<string, string>; body?: string }) => void
}

/** Sign (unless `credentials: null`) then send to `{api}.execute-api.localhost`. */
async function call(api: string, path: string, o: CallOptions = {}): Promise<Reply> {
  const method = o.method ?? 'GET'
  let headers: Record<string, string> = { host: host(api), ...(o.headers ?? {}) }
  if (o.credentials !== null) {
    const signed = await signRequest(cloud, `http://${host(api)}${path}`, { service: 'execute-api', method, headers: o.headers, body: o.body, credentials: o.credentials ?? cloud.sdk.credentials, signingDate: o.signingDate })
    headers = signed.headers as Record<string, string>
  }
  const sent = { path, headers: { ...headers }, body: o.body }
  o.tamper?.(sent)
  return request(cloud.port, sent.path, { method, headers: sent.headers, body: sent.body })
}

function expectRefusal(reply: Reply, status: number, errorType: string, message: string | RegExp, key = 'message') {
  expect({ status: reply.status, type: reply.headers['x-amzn-errortype'] }).toEqual({ status, type: errorType })
  const body = reply.json()
  expect(Object.keys(body)).toEqual([key])
  if (typeof message === 'string') expect(body[key]).toBe(message)
  else expect(body[key]).toMatch(message)
}

useTestCloud(async (c) => {
  cloud = c
  apigw = new APIGatewayClient(c.sdk)
  iam = new IAMClient(c.sdk)
  second = readInstallCredentials(c.dataDir, SECOND_ACCOUNT_CREDENTIALS_FILE)!
  ids.a = (await iamApi('iam-a')).id
  ids.b = (await iamApi('iam-b')).id
  await iam.send(new CreateUserCommand({ UserName: 'bob' }))
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }))).AccessKey!
  bob = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }
}, 120_000)

describe('AWS_IAM: authentication (SigV4, service execute-api)', () => {
  it('unsigned → 403 Missing Authentication Token; NONE methods stay public', async () => {
    expectRefusal(await call(ids.a, '/prod/pets', { credentials: null }), 403, 'MissingAuthenticationTokenException', 'Missing Authentication Token')
    expect((await call(ids.a, '/prod/open', { credentials: null })).status).toBe(200)
  })
  it('signed by the account (root) → 200', async () => {
    const reply = await call(ids.a, '/prod/pets')
    expect(reply.status).toBe(200)
    expect(reply.json()).toEqual({ pets: [] })
  })
  it('wrong secret → signature mismatch, with the canonical request AWS computed', async () => {
    const reply = await call(ids.a, '/prod/pets', { credentials: { ...cloud.sdk.credentials, secretAccessKey: 'x'.repeat(40) } })
    expectRefusal(reply, 403, 'InvalidSignatureException', /^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\. Consult the service documentation for details\.\n\nThe Canonical String for this request should have been\n'GET\n\/prod\/pets\n/)
  })
  it('unknown access key → The security token included in the request is invalid.', async () => {
    const reply = await call(ids.a, '/prod/pets', { credentials: { accessKeyId: 'AKIAUNKNOWNUNKNOWN22', secretAccessKey: 'x'.repeat(40) } })
    expectRefusal(reply, 403, 'AccessDeniedException', 'The security token included in the request is invalid.')
  })
  it('path altered after signing → mismatch', async () => {
    const reply = await call(ids.a, '/prod/pets/1', { tamper: (r) => (r.path = '/prod/pets/2') })
    expectRefusal(reply, 403, 'InvalidSignatureException', /^The request signature we calculated does not match/)
  })
  it('query altered after signing → mismatch', async () => {
    const reply = await call(ids.a, '/prod/pets?limit=1', { tamper: (r) => (r.path = '/prod/pets?limit=1000') })
    expectRefusal(reply, 403, 'InvalidSignatureException', /^The request signature we calculated does not match/)
  })
  it('body altered after signing → mismatch', async () => {
    const reply = await call(ids.a, '/prod/pets', { method: 'POST', body: '{"name":"rex"}', headers: { 'content-type': 'application/json' }, tamper: (r) => (r.body = '{"name":"REX"}') })
    expectRefusal(reply, 403, 'InvalidSignatureException', /^The request signature we calculated does not match/)
  })
  it('signed header altered after signing → mismatch', async () => {
    const reply = await call(ids.a, '/prod/pets', { headers: { 'x-tenant': 'alpha' }, tamper: (r) => (r.headers['x-tenant'] = 'beta') })
    expectRefusal(reply, 403, 'InvalidSignatureException', /^The request signature we calculated does not match/)
  })
  it('clock skew over 15 minutes → Signature expired', async () => {
    const reply = await call(ids.a, '/prod/pets', { signingDate: new Date(Date.now() - 20 * 60_000) })
    expectRefusal(reply, 403, 'InvalidSignatureException', /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/)
  })
  it('host header left out of the signature → refused', async () => {
    const reply = await call(ids.a, '/prod/pets', {
      tamper: (r) => (r.headers.authorization = r.headers.authorization.replace(/SignedHeaders=([^,]*)/, (_m, list: string) => `SignedHeaders=${list.split(';').filter((h) => h !== 'host').join(';')}`)),
    })
    expectRefusal(reply, 403, 'InvalidSignatureException', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
  })
  it('a signature for one API replayed against another → mismatch', async () => {
    const reply = await call(ids.a, '/prod/pets', { tamper: (r) => (r.headers.host = host(ids.b)) })
    expectRefusal(reply, 403, 'InvalidSignatureException', /^The request signature we calculated does not match/)
  })
  it('signed for another region → refused', async () => {
    const signed = await signRequest(cloud, `http://${host(ids.a)}/prod/pets`, { service: 'execute-api', region: 'eu-west-1' })
    const reply = await request(cloud.port, '/prod/pets', { headers: signed.headers as Record<string, string> })
    expectRefusal(reply, 403, 'InvalidSignatureException', 'Credential should be scoped to a valid region. ')
  })
  it('signed for another service → refused', async () => {
    const signed = await signRequest(cloud, `http://${host(ids.a)}/prod/pets`, { service: 'lambda' })
    const reply = await request(cloud.port, '/prod/pets', { headers: signed.headers as Record<string, string> })
    expectRefusal(reply, 403, 'InvalidSignatureException', "Credential should be scoped to correct service: 'execute-api'. ")
  })
})

describe('AWS_IAM: identity policies', () => {
  it('a user without a policy is not authorized (Message, AccessDeniedException)', async () => {
    expectRefusal(await call(ids.a, '/prod/pets', { credentials: bob }), 403, 'AccessDeniedException', `User: arn:aws:iam::000000000000:user/bob is not authorized to perform: execute-api:Invoke on resource: ${arn(ids.a, 'GET/pets')}`, 'Message')
  })
  it('an allow grants; an explicit deny in another policy wins', async () => {
    await iam.send(new PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'invoke', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `arn:aws:execute-api:*:*:${ids.a}/*/GET/*` }] }) }))
    expect((await call(ids.a, '/prod/pets', { credentials: bob })).status).toBe(200)
    expect((await call(ids.a, '/prod/pets/7', { credentials: bob })).status).toBe(200)
    expectRefusal(await call(ids.a, '/prod/pets', { method: 'POST', body: '{}', credentials: bob }), 403, 'AccessDeniedException', `User: arn:aws:iam::000000000000:user/bob is not authorized to perform: execute-api:Invoke on resource: ${arn(ids.a, 'POST/pets')}`, 'Message')
    await iam.send(new PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'no-ids', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'execute-api:*', Resource: `arn:aws:execute-api:*:*:${ids.a}/prod/GET/pets/*` }] }) }))
    expectRefusal(await call(ids.a, '/prod/pets/7', { credentials: bob }), 403, 'AccessDeniedException', `User: arn:aws:iam::000000000000:user/bob is not authorized to perform: execute-api:Invoke on resource: ${arn(ids.a, 'GET/pets/7')} with an explicit deny`, 'Message')
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'bob', PolicyName: 'no-ids' }))
  })
  it('an inactive, then deleted, access key is refused like an unknown one', async () => {
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }))).AccessKey!
    const creds = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }
    expect((await call(ids.a, '/prod/pets', { credentials: creds })).status).toBe(200)
    await iam.send(new UpdateAccessKeyCommand({ UserName: 'bob', AccessKeyId: creds.accessKeyId, Status: 'Inactive' }))
    expectRefusal(await call(ids.a, '/prod/pets', { credentials: creds }), 403, 'AccessDeniedException', 'The security token included in the request is invalid.')
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'bob', AccessKeyId: creds.accessKeyId }))
    expectRefusal(await call(ids.a, '/prod/pets', { credentials: creds }), 403, 'AccessDeniedException', 'The security token included in the request is invalid.')
  })
  it('an assumed-role session is authorized by its role; a tampered session token is refused', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'caller', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:user/bob' }, Action: 'sts:AssumeRole' }] }) }))
    await iam.send(new PutRolePolicyCommand({ RoleName: 'caller', PolicyName: 'invoke', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }] }) }))
    const sts = new STSClient({ ...cloud.sdk, credentials: bob })
    const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/caller', RoleSessionName: 'lab' }))
    expect(assumed.AssumedRoleUser?.Arn).toBe('arn:aws:sts::000000000000:assumed-role/caller/lab')
    const session = { accessKeyId: assumed.Credentials!.AccessKeyId!, secretAccessKey: assumed.Credentials!.SecretAccessKey!, sessionToken: assumed.Credentials!.SessionToken! }
    expect((await call(ids.a, '/prod/pets', { method: 'POST', body: '{}', credentials: session })).status).toBe(200)
    const who = await new STSClient({ ...cloud.sdk, credentials: session }).send(new GetCallerIdentityCommand({}))
    expect(who.Arn).toBe('arn:aws:sts::000000000000:assumed-role/caller/lab')
    const tampered = { ...session, sessionToken: session.sessionToken.slice(0, -4) + 'AAAA' }
    expectRefusal(await call(ids.a, '/prod/pets', { credentials: tampered }), 403, 'AccessDeniedException', 'The security token included in the request is invalid.')
  })
})

describe('resource policies', () => {
  const policy = (...Statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement })

  it('a resource-policy Deny wins over an identity Allow (after a redeploy, not before)', async () => {
    const api = await iamApi('iam-deny')
    const allowBob = policy({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' })
    await iam.send(new PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'all', PolicyDocument: allowBob }))
    await apigw.send(new UpdateRestApiCommand({ restApiId: api.id, patchOperations: [{ op: 'replace', path: '/policy', value: policy({ Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::000000000000:user/bob' }, Action: 'execute-api:Invoke', Resource: 'execute-api:/prod/GET/pets' }) }] }))
    // AWS: a changed resource policy takes effect with the next deployment.
    expect((await call(api.id, '/prod/pets', { credentials: bob })).status).toBe(200)
    await deploy(api.id)
    expectRefusal(await call(api.id, '/prod/pets', { credentials: bob }), 403, 'AccessDeniedException', `User: arn:aws:iam::000000000000:user/bob is not authorized to perform: execute-api:Invoke on resource: ${arn(api.id, 'GET/pets')} with an explicit deny`, 'Message')
    expect((await call(api.id, '/prod/pets/1', { credentials: bob })).status).toBe(200)
    const stored = (await apigw.send(new GetRestApiCommand({ restApiId: api.id }))).policy!
    expect(stored).toContain(`\\"Resource\\":\\"${arn(api.id, 'GET/pets')}\\"`)
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'bob', PolicyName: 'all' }))
  })

  it('cross-account: refused without a resource policy, allowed once it names the account', async () => {
    expectRefusal(await call(ids.b, '/prod/pets', { credentials: second }), 403, 'AccessDeniedException', `User: arn:aws:iam::111111111111:root is not authorized to perform: execute-api:Invoke on resource: ${arn(ids.b, 'GET/pets')}`, 'Message')
    await apigw.send(new UpdateRestApiCommand({ restApiId: ids.b, patchOperations: [{ op: 'replace', path: '/policy', value: policy({ Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'execute-api:Invoke', Resource: 'execute-api:/prod/GET/*' }) }] }))
    await deploy(ids.b)
    expect((await call(ids.b, '/prod/pets', { credentials: second })).status).toBe(200)
    expectRefusal(await call(ids.b, '/prod/pets', { method: 'POST', body: '{}', credentials: second }), 403, 'AccessDeniedException', `User: arn:aws:iam::111111111111:root is not authorized to perform: execute-api:Invoke on resource: ${arn(ids.b, 'POST/pets')}`, 'Message')
    // Same account, silent resource policy: the root's own rights suffice (table A).
    expect((await call(ids.b, '/prod/pets', { method: 'POST', body: '{}' })).status).toBe(200)
  })

  it('the second account reaches STS only', async () => {
    const who = await new STSClient({ ...cloud.sdk, credentials: second }).send(new GetCallerIdentityCommand({}))
    expect(who).toMatchObject({ Account: '111111111111', Arn: 'arn:aws:iam::111111111111:root' })
    await expect(new IAMClient({ ...cloud.sdk, credentials: second }).send(new CreateUserCommand({ UserName: 'x' }))).rejects.toThrow(/Local deviation/)
  })

  it('NONE + an IP deny: anonymous callers locked out, then let in once the CIDR is fixed', async () => {
    const api = await ApiBuilder.create(apigw, 'ip-lock')
    await api.mock('/hello', 'GET', '{"hi":1}')
    const withDeny = (cidr: string) => policy({ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }, { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { IpAddress: { 'aws:SourceIp': [cidr] } } })
    await apigw.send(new UpdateRestApiCommand({ restApiId: api.id, patchOperations: [{ op: 'replace', path: '/policy', value: withDeny('127.0.0.0/8') }] }))
    await deploy(api.id)
    expectRefusal(await call(api.id, '/prod/hello', { credentials: null }), 403, 'AccessDeniedException', `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${arn(api.id, 'GET/hello')} with an explicit deny`, 'Message')
    // X-Forwarded-For is not the source IP.
    expect((await call(api.id, '/prod/hello', { credentials: null, headers: { 'x-forwarded-for': '192.0.2.1' } })).status).toBe(403)
    await apigw.send(new UpdateRestApiCommand({ restApiId: api.id, patchOperations: [{ op: 'replace', path: '/policy', value: withDeny('192.0.2.0/24') }] }))
    await deploy(api.id)
    expect((await call(api.id, '/prod/hello', { credentials: null })).status).toBe(200)
  })

  it('a policy without an Allow for the caller denies implicitly; a simulated VPC endpoint satisfies aws:SourceVpce', async () => {
    const api = await ApiBuilder.create(apigw, 'vpce-only', {
      policy: policy({ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } }),
    })
    await api.mock('/hello', 'GET', '{"hi":1}')
    await deploy(api.id)
    expectRefusal(await call(api.id, '/prod/hello', { credentials: null }), 403, 'AccessDeniedException', `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${arn(api.id, 'GET/hello')}`, 'Message')
    expect((await call(api.id, '/prod/hello', { credentials: null, headers: { 'x-lab-source-vpce': 'vpce-1a2b3c4d' } })).status).toBe(200)
    expect((await call(api.id, '/prod/hello', { credentials: null, headers: { 'x-lab-source-vpce': 'vpce-other' } })).status).toBe(403)
  })

  it('a customised ACCESS_DENIED gateway response (with a CORS header) answers the denial', async () => {
    const api = await ApiBuilder.create(apigw, 'custom-denied', { policy: policy({ Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }) })
    await api.mock('/hello', 'GET', '{"hi":1}')
    await apigw.send(new PutGatewayResponseCommand({ restApiId: api.id, responseType: 'ACCESS_DENIED', responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" }, responseTemplates: { 'application/json': '{"error":$context.error.messageString,"type":"$context.error.responseType"}' } }))
    await deploy(api.id)
    const reply = await call(api.id, '/prod/hello', { credentials: null })
    expect(reply.status).toBe(403)
    expect(reply.headers['access-control-allow-origin']).toBe('*')
    expect(reply.json()).toEqual({ error: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${arn(api.id, 'GET/hello')} with an explicit deny`, type: 'ACCESS_DENIED' })
  })

  it('refuses a malformed policy with API Gateway\'s message', async () => {
    await expect(apigw.send(new UpdateRestApiCommand({ restApiId: ids.a, patchOperations: [{ op: 'replace', path: '/policy', value: '{"Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"}]}' }] }))).rejects.toThrow(
      /^Invalid policy document\. Please check the policy syntax and ensure that Principals are valid\./,
    )
  })
})
