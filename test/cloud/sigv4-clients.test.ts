/**
 * The install's credentials from the outside: the file the cloud makes (0600, reused, a damaged one said
 * clearly), `lab cloud env` for curl and sh, functions' temporary credentials, the any-credentials opt-out,
 * and `verifySigV4` as later data planes will call it.
 */
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { execa } from 'execa'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { AwsError } from '../../src/cloud/core/aws-error.js'
import { ANY_CREDENTIALS_WARNING } from '../../src/cloud/edge/install-auth.js'
import { verifySigV4 } from '../../src/cloud/edge/sigv4.js'
import { CloudStartError, startCloud } from '../../src/cloud/server.js'
import { shellQuote } from '../../src/common/shell-quote.js'
import { labCloudEnv, useTestCloud, type TestCloud } from '../helpers/cloud.js'
import { createLambdaRole } from '../helpers/lambda-role.js'
import { signRequest } from '../helpers/signed-fetch.js'
import { ROLE, zip } from '../fixtures/lambda/zip.js'

let cloud: TestCloud
useTestCloud(async (c) => {
  cloud = c
  await createLambdaRole(c)
})

describe('the install credentials', () => {
  it('are made once, AKIA-shaped, in a file only its owner reads, and reused by the next start', async () => {
    const file = path.join(cloud.dataDir, 'credentials.json')
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    expect(cloud.sdk.credentials.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/)
    expect(cloud.sdk.credentials.secretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/)
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-creds-'))
    const first = await startCloud({ port: 0, dataDir: path.join(home, 'cloud') })
    await first.close()
    const made = fs.readFileSync(path.join(home, 'cloud', 'credentials.json'), 'utf8')
    const second = await startCloud({ port: 0, dataDir: path.join(home, 'cloud') })
    await second.close()
    expect(fs.readFileSync(path.join(home, 'cloud', 'credentials.json'), 'utf8')).toBe(made)
    expect(JSON.parse(made).accessKeyId).not.toBe(cloud.sdk.credentials.accessKeyId)
  })

  it('stop the start with a clear message when the file is damaged, and leave it as it is', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-creds-'))
    fs.mkdirSync(path.join(home, 'cloud'))
    const file = path.join(home, 'cloud', 'credentials.json')
    fs.writeFileSync(file, '{"accessKeyId": "AKIA', { mode: 0o600 })
    const err = await startCloud({ port: 0, dataDir: path.join(home, 'cloud') }).catch((e) => e)
    expect(err).toBeInstanceOf(CloudStartError)
    expect(err.message).toContain(`The local cloud's credentials in ${file} cannot be read (it is not JSON)`)
    expect(err.message).toContain(`mv "${file}" "${file}.bad"`)
    expect(fs.readFileSync(file, 'utf8')).toBe('{"accessKeyId": "AKIA')
  })
})

describe('lab doctor', () => {
  it('checks the credentials are private and accepted by the running cloud of this LAB_HOME', async () => {
    const { cloudCredentials } = await import('../../src/cli/commands/doctor-credentials.js')
    await labCloudEnv(cloud) // writes cloud.json, as a detached cloud does
    expect(await cloudCredentials(cloud.home)).toMatchObject({ status: 'ok', detail: `present, private (0600), accepted by the cloud at ${cloud.endpoint}` })
    const file = path.join(cloud.dataDir, 'credentials.json')
    fs.chmodSync(file, 0o644)
    try {
      expect(await cloudCredentials(cloud.home)).toMatchObject({ status: 'fail', detail: `${file} can be read by other users (mode 0644): run chmod 600 "${file}"` })
    } finally {
      fs.chmodSync(file, 0o600)
    }
  })
})

describe('lab cloud env', () => {
  it('prints sh that eval sets, and --json, with the endpoint and this install\'s key', async () => {
    const env = await labCloudEnv(cloud)
    expect(env).toEqual({
      AWS_ACCESS_KEY_ID: cloud.sdk.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: cloud.sdk.credentials.secretAccessKey,
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: cloud.endpoint,
    })
    const { cloud: command } = await import('../../src/cli/commands/cloud.js')
    const { captureOutput } = await import('../../src/ui/output.js')
    const out = captureOutput()
    await command(['env'], { labHome: cloud.home, out })
    const script = `AWS_SESSION_TOKEN=stale\n${out.stdout.join('\n')}\necho "$AWS_ACCESS_KEY_ID|$AWS_SECRET_ACCESS_KEY|$AWS_REGION|$AWS_ENDPOINT_URL|\${AWS_SESSION_TOKEN-unset}"`
    const { stdout } = await execa('sh', ['-c', `eval "$(cat)"`], { input: script })
    expect(stdout).toBe(`${env.AWS_ACCESS_KEY_ID}|${env.AWS_SECRET_ACCESS_KEY}|us-east-1|${cloud.endpoint}|unset`)
    expect(shellQuote(`it's`)).toBe(`'it'\\''s'`)
  })

  it('gives curl --aws-sigv4 what it needs to call STS', async () => {
    const env = await labCloudEnv(cloud)
    const { stdout } = await execa('curl', [
      '-sS', '--aws-sigv4', 'aws:amz:us-east-1:sts', '--user', `${env.AWS_ACCESS_KEY_ID}:${env.AWS_SECRET_ACCESS_KEY}`,
      '-d', 'Action=GetCallerIdentity', '-d', 'Version=2011-06-15', `${env.AWS_ENDPOINT_URL}/`,
    ])
    expect(stdout).toContain('<Arn>arn:aws:iam::000000000000:root</Arn>')
    const wrong = await execa('curl', ['-sS', '--aws-sigv4', 'aws:amz:us-east-1:sts', '--user', `${env.AWS_ACCESS_KEY_ID}:wrong`, '-d', 'Action=GetCallerIdentity', `${env.AWS_ENDPOINT_URL}/`])
    expect(wrong.stdout).toContain('<Code>SignatureDoesNotMatch</Code>')
  })
})

describe("functions' temporary credentials", { timeout: 60_000 }, () => {
  it('are an ASIA key, secret and session token for the execution role, never the install key, and the cloud verifies them', async () => {
    const lambda = new LambdaClient(cloud.sdk)
    const source = `
      const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts')
      exports.handler = async () => ({
        env: { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY, token: process.env.AWS_SESSION_TOKEN },
        arn: (await new STSClient({}).send(new GetCallerIdentityCommand({}))).Arn,
      })`
    await lambda.send(new CreateFunctionCommand({ FunctionName: 'whoami', Runtime: 'nodejs22.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zip({ 'index.js': source }) } }))
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'whoami' }))
    const { env, arn } = JSON.parse(Buffer.from(out.Payload!).toString())
    expect(arn).toBe('arn:aws:sts::000000000000:assumed-role/lambda-role/whoami')
    expect(env.id).toMatch(/^ASIA[A-Z2-7]{16}$/)
    expect(env.secret).not.toBe(cloud.sdk.credentials.secretAccessKey)
    expect(env.token.length).toBeGreaterThan(100)

    const as = (credentials: object) => new STSClient({ ...cloud.sdk, credentials, maxAttempts: 1 }).send(new GetCallerIdentityCommand({}))
    expect((await as({ accessKeyId: env.id, secretAccessKey: env.secret, sessionToken: env.token })).Arn).toBe(arn)
    expect((await as({ accessKeyId: env.id, secretAccessKey: env.secret }).catch((e) => e)).name).toBe('InvalidClientTokenId')
    expect((await as({ accessKeyId: env.id, secretAccessKey: env.secret, sessionToken: `${env.token}x` }).catch((e) => e)).name).toBe('InvalidClientTokenId')
    // The install key with a session token is not a temporary key either.
    expect((await as({ ...cloud.sdk.credentials, sessionToken: env.token }).catch((e) => e)).name).toBe('InvalidClientTokenId')
  })
})

describe('verifySigV4 (for data planes that hold the whole request)', () => {
  const secret = { accessKeyId: 'ASIAEXAMPLEEXAMPLE00', secretAccessKey: 's'.repeat(40), sessionToken: 'token' }
  const identity = { accessKeyId: secret.accessKeyId, arn: 'arn:aws:sts::000000000000:assumed-role/r/s', userId: 'AROA:s', account: '000000000000' }
  async function signed(body: string) {
    const req = await signRequest({ sdk: { ...cloud.sdk, credentials: secret } }, 'http://abc.execute-api.localhost:4599/prod/pets?a=1', { service: 'execute-api', method: 'POST', body })
    return { method: req.method, rawPath: req.path, query: new URLSearchParams({ a: '1' }), headers: req.headers as Record<string, string>, body: Buffer.from(body) }
  }
  const lookup = (expiresAt: number) => (id: string) => (id === secret.accessKeyId ? { secretAccessKey: secret.secretAccessKey, sessionToken: 'token', expiresAt, identity } : undefined)

  it('answers the identity of a valid request, and the AWS error of an expired token or a changed body', async () => {
    const req = await signed('{"name":"rex"}')
    expect(verifySigV4(req, { service: 'execute-api', now: Date.now(), lookupSecret: lookup(Date.now() + 60_000) })).toEqual(identity)
    const expired = verifySigV4(req, { service: 'execute-api', now: Date.now(), lookupSecret: lookup(Date.now() - 1), family: 'query' })
    expect(expired).toBeInstanceOf(AwsError)
    expect([(expired as AwsError).code, (expired as AwsError).message]).toEqual(['ExpiredToken', 'The security token included in the request is expired'])
    const changed = verifySigV4({ ...req, body: Buffer.from('{"name":"max"}') }, { service: 'execute-api', now: Date.now(), lookupSecret: lookup(Date.now() + 60_000) })
    expect((changed as AwsError).code).toBe('InvalidSignatureException')
    const wrongService = verifySigV4(req, { service: 'lambda', now: Date.now(), lookupSecret: lookup(Date.now() + 60_000) })
    expect((wrongService as AwsError).message).toBe("Credential should be scoped to correct service: 'lambda'. ")
  })
})

describe('LAB_CLOUD_ANY_CREDENTIALS=1', () => {
  it('accepts any well-formed signature, and warns at every start on stderr and in cloud.log', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-any-'))
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const any = await startCloud({ port: 0, dataDir: path.join(home, 'cloud'), anyCredentials: true })
    try {
      expect(stderr.mock.calls.map(([text]) => String(text))).toContain(`${ANY_CREDENTIALS_WARNING}\n`)
      expect(fs.readFileSync(path.join(home, 'cloud', 'cloud.log'), 'utf8')).toContain(ANY_CREDENTIALS_WARNING)
      const sts = new STSClient({ endpoint: any.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'anything', secretAccessKey: 'at-all' } })
      expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe('000000000000')
      // Unsigned calls are still refused: the opt-out is about keys, not about signing.
      expect((await fetch(`${any.endpoint}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity' })).status).toBe(403)
    } finally {
      stderr.mockRestore()
      await any.close()
    }
    // The strict cloud refuses the same key.
    const strict = new STSClient({ ...cloud.sdk, credentials: { accessKeyId: 'anything', secretAccessKey: 'at-all' } })
    expect((await strict.send(new GetCallerIdentityCommand({})).catch((e) => e)).name).toBe('InvalidClientTokenId')
  })
})
