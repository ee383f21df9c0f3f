/** Target resolution and the credential check, with an empty AWS configuration (no network beyond loopback). */
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkCredentials, resolveTarget } from '../../src/deployer/index.js'
import { LabError } from '../../src/runner/errors.js'
import { startTestCloud, type TestCloud } from '../helpers/cloud.js'

const saved = { ...process.env }
let cloud: TestCloud

beforeAll(async () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-aws-'))
  fs.writeFileSync(path.join(empty, 'config'), '')
  fs.writeFileSync(path.join(empty, 'credentials'), '')
  for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name]
  process.env.AWS_CONFIG_FILE = path.join(empty, 'config')
  process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(empty, 'credentials')
  // Never ask an instance metadata service: tests only talk to loopback.
  process.env.AWS_EC2_METADATA_DISABLED = 'true'
  cloud = await startTestCloud()
})
afterAll(async () => {
  process.env = saved
  await cloud?.close()
})

describe('resolveTarget', () => {
  it('asks for a region when --target aws has none', async () => {
    const err = await resolveTarget({ target: 'aws', labHome: cloud.home }).catch((e) => e)
    expect(err).toBeInstanceOf(LabError)
    expect(err.message).toMatch(/No AWS region for --target aws/)
  })

  it('explains missing credentials for --target aws', async () => {
    const err = await resolveTarget({ target: 'aws', region: 'eu-west-1', labHome: cloud.home }).catch((e) => e)
    expect(err).toBeInstanceOf(LabError)
    expect(err.message).toMatch(/^No AWS credentials found for --target aws\. Configure them with `aws configure` or set AWS_PROFILE/)
  })

  it('takes the region from AWS_REGION', async () => {
    process.env.AWS_REGION = 'ap-northeast-2'
    try {
      // Credentials are checked after the region is settled: the error is about credentials, not the region.
      const err = await resolveTarget({ target: 'aws', labHome: cloud.home }).catch((e) => e)
      expect(err.message).toMatch(/^No AWS credentials found/)
    } finally {
      delete process.env.AWS_REGION
    }
  })

  it("calls an --endpoint that is a local cloud of this project with that cloud's own credentials, whatever the environment says", async () => {
    const saved = { ...process.env }
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'secret' })
    try {
      const target = await resolveTarget({ endpoint: cloud.endpoint, labHome: cloud.home })
      expect(target).toMatchObject({ kind: 'endpoint', endpoint: cloud.endpoint, region: 'us-east-1' })
      expect(target.clientConfig.credentials).toEqual(cloud.sdk.credentials)
      expect(await checkCredentials(target)).toMatchObject({ account: '000000000000' })
    } finally {
      process.env = saved
    }
  })

  it('knows a local cloud of this project behind --endpoint: its outputs get local URLs, without a warning', async () => {
    const target = await resolveTarget({ endpoint: `http://127.0.0.1:${cloud.port}`, labHome: cloud.home })
    expect(target).toMatchObject({ kind: 'endpoint', localPort: cloud.port })
    expect(target.outputsWarning).toBeUndefined()
    expect(target.describe).toBe(`local cloud at http://127.0.0.1:${cloud.port} (us-east-1)`)
  })

  it('a loopback --endpoint takes credentials from the environment or the shared files, never from IMDS or ECS', async () => {
    // A stand-in for the instance metadata and container credential services, counting who asks.
    const asked: string[] = []
    const metadata = http.createServer((req, res) => {
      asked.push(req.url ?? '')
      res.writeHead(404).end()
    })
    await new Promise<void>((resolve) => metadata.listen(0, '127.0.0.1', resolve))
    const fake = `http://127.0.0.1:${(metadata.address() as AddressInfo).port}`
    const env = { AWS_EC2_METADATA_SERVICE_ENDPOINT: fake, AWS_CONTAINER_CREDENTIALS_FULL_URI: `${fake}/creds`, AWS_EC2_METADATA_DISABLED: '' }
    const saved = { ...process.env }
    Object.assign(process.env, env)
    const credentialsOf = async (opts: { endpoint: string; profile?: string }) => {
      const target = await resolveTarget({ ...opts, labHome: cloud.home })
      return (target.clientConfig.credentials as () => Promise<{ accessKeyId: string }>)()
    }
    // A loopback endpoint that is no lab cloud (nothing listens on port 1).
    const other = 'http://127.0.0.1:1'
    try {
      expect(await credentialsOf({ endpoint: other })).toMatchObject({ accessKeyId: 'test' })
      expect(await credentialsOf({ endpoint: 'http://[::1]:1' })).toMatchObject({ accessKeyId: 'test' })
      expect(asked).toEqual([])

      // A file of its own: the SDK caches the shared files it has read, by path.
      process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lab-aws-')), 'credentials')
      fs.writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE, '[dev]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n')
      expect(await credentialsOf({ endpoint: other, profile: 'dev' })).toMatchObject({ accessKeyId: 'AKIDFILE' })
      process.env.AWS_ACCESS_KEY_ID = 'AKIDENV'
      process.env.AWS_SECRET_ACCESS_KEY = 'secret'
      expect(await credentialsOf({ endpoint: other })).toMatchObject({ accessKeyId: 'AKIDENV' })
      expect(asked).toEqual([])

      // A remote endpoint keeps the full chain (the stand-in proves this test would see a probe).
      delete process.env.AWS_ACCESS_KEY_ID
      delete process.env.AWS_SECRET_ACCESS_KEY
      process.env.AWS_SHARED_CREDENTIALS_FILE = saved.AWS_SHARED_CREDENTIALS_FILE
      expect(await credentialsOf({ endpoint: 'http://localstack.example:4566' })).toMatchObject({ accessKeyId: 'test' })
      expect(asked.length).toBeGreaterThan(0)
    } finally {
      process.env = saved
      metadata.close()
    }
  })

  it('reports an unreachable endpoint as a LabError naming it', async () => {
    const { deployLab } = await import('../../src/deployer/index.js')
    const closed = await startTestCloud()
    await closed.close()
    const target = await resolveTarget({ endpoint: closed.endpoint, labHome: cloud.home })
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-ws-'))
    fs.writeFileSync(path.join(dir, 'template.yaml'), 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n')
    const lab = { id: '907', stackName: 'apigw-labs-907' } as never
    const err = await deployLab(target, { lab, workspaceDir: dir }).catch((e) => e)
    expect(err).toBeInstanceOf(LabError)
    expect(err.message).toContain(`Could not reach ${closed.endpoint}`)
  })

  it('uses the running local cloud of LAB_HOME without starting another', async () => {
    fs.mkdirSync(path.join(cloud.home, 'cloud'), { recursive: true })
    const state = { pid: process.pid, port: cloud.port, endpoint: cloud.endpoint, startedAt: new Date().toISOString() }
    fs.writeFileSync(path.join(cloud.home, 'cloud/cloud.json'), JSON.stringify(state))
    const target = await resolveTarget({ labHome: cloud.home })
    expect(target).toMatchObject({
      kind: 'local',
      endpoint: `http://localhost:${cloud.port}`,
      localPort: cloud.port,
      // The credentials the cloud made in this LAB_HOME: the learner never handles them.
      clientConfig: { forcePathStyle: true, region: 'us-east-1', credentials: cloud.sdk.credentials },
    })
    expect(target.describe).toBe(`local cloud at http://localhost:${cloud.port}`)
    // Any other region is named: a remembered --region applies to every later command.
    expect((await resolveTarget({ labHome: cloud.home, region: 'eu-west-1' })).describe).toBe(
      `local cloud at http://localhost:${cloud.port} (region eu-west-1)`,
    )
  })
})
