/** deployLab / teardownLab against an in-process local cloud: packaging, live events, site upload, failures. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation'
import { GetBucketTaggingCommand, GetObjectCommand, HeadBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deployLab, describeLabStack, getStackOutputs, teardownAll, teardownLab } from '../../src/deployer/index.js'
import type { StackEventView, Target } from '../../src/deployer/types.js'
import { LabError } from '../../src/runner/errors.js'
import type { LabManifest } from '../../src/runner/lab-types.js'
import { startTestCloud, type TestCloud } from '../helpers/cloud.js'

const SITE_TEMPLATE = `
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  SiteBucket:
    Type: AWS::S3::Bucket
    Properties:
      WebsiteConfiguration:
        IndexDocument: index.html
Outputs:
  BucketName:
    Value: !Ref SiteBucket
  WebsiteURL:
    Value: !GetAtt SiteBucket.WebsiteURL
  ApiUrl:
    Value: !Sub "https://abcdef1234.execute-api.\${AWS::Region}.\${AWS::URLSuffix}/prod/"
`

const FUNCTION_TEMPLATE = `
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
  Hello:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      Role: !GetAtt Role.Arn
      Code: functions/hello
Outputs:
  FunctionName:
    Value: !Ref Hello
`

function manifest(id: string, site = true): LabManifest {
  return {
    formatVersion: 1,
    id,
    lecture: 1,
    slug: 'test',
    title: 'Test lab',
    summary: '',
    learn: [],
    deploys: [],
    awsCost: '',
    templates: 'test',
    stackName: `apigw-labs-${id}`,
    ...(site ? { site: { dir: 'site', bucketOutput: 'BucketName', config: { file: 'config.js', values: { apiUrl: 'ApiUrl' } } } } : {}),
    urls: [],
    steps: [],
    hints: [],
    checks: [],
  }
}

function workspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-ws-'))
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
    fs.writeFileSync(path.join(dir, rel), text)
  }
  return dir
}

let cloud: TestCloud
let target: Target
let s3: S3Client
let cfn: CloudFormationClient

beforeAll(async () => {
  cloud = await startTestCloud()
  target = { kind: 'local', region: 'us-east-1', endpoint: cloud.endpoint, localPort: cloud.port, clientConfig: cloud.sdk, describe: 'test cloud' }
  s3 = new S3Client(cloud.sdk)
  cfn = new CloudFormationClient(cloud.sdk)
})
afterAll(() => cloud?.close())

async function body(bucket: string, key: string): Promise<{ text: string; type?: string }> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
  return { text: await object.Body!.transformToString(), type: object.ContentType }
}

describe('deployLab with a site', () => {
  const lab = manifest('901')
  const dir = workspace({
    'template.yaml': SITE_TEMPLATE,
    'site/index.html': '<h1>houses</h1>',
    'site/app.js': 'console.log(window.LAB_CONFIG)',
    'site/img/logo.svg': '<svg/>',
  })
  let bucket: string

  it('creates the stack, reports events in order and returns outputs in local URL styles', async () => {
    const events: StackEventView[] = []
    const result = await deployLab(target, { lab, workspaceDir: dir, onEvent: (e) => events.push(e) })
    expect(result).toMatchObject({ stackName: 'apigw-labs-901', status: 'CREATE_COMPLETE', unchanged: false })
    expect(result.outputs.ApiUrl).toBe(`http://abcdef1234.execute-api.localhost:${cloud.port}/prod/`)
    bucket = result.outputs.BucketName
    expect(events.map((e) => `${e.logicalId} ${e.status}`)).toEqual(
      expect.arrayContaining(['SiteBucket CREATE_IN_PROGRESS', 'SiteBucket CREATE_COMPLETE', 'apigw-labs-901 CREATE_COMPLETE']),
    )
    expect(events.at(-1)).toMatchObject({ logicalId: 'apigw-labs-901', status: 'CREATE_COMPLETE' })
    const times = events.map((e) => e.timestamp.getTime())
    expect([...times].sort((a, b) => a - b)).toEqual(times)
  })

  it('uploads the site with content types and a config script from the outputs', async () => {
    expect(await body(bucket, 'index.html')).toEqual({ text: '<h1>houses</h1>', type: 'text/html; charset=utf-8' })
    expect((await body(bucket, 'img/logo.svg')).type).toBe('image/svg+xml')
    const config = await body(bucket, 'config.js')
    expect(config.type).toBe('text/javascript; charset=utf-8')
    expect(config.text).toContain('window.LAB_CONFIG = {')
    expect(config.text).toContain(`"apiUrl": "http://abcdef1234.execute-api.localhost:${cloud.port}/prod/"`)
  })

  it('tags the stack for teardown', async () => {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: 'apigw-labs-901' }))
    expect(Stacks![0].Tags).toEqual(
      expect.arrayContaining([
        { Key: 'apigw-labs:lab', Value: '901' },
        { Key: 'apigw-labs:managed', Value: 'true' },
      ]),
    )
  })

  it('redeploys an unchanged template as unchanged, still syncing the site', async () => {
    fs.rmSync(path.join(dir, 'site/app.js'))
    fs.writeFileSync(path.join(dir, 'site/index.html'), '<h1>houses v2</h1>')
    const result = await deployLab(target, { lab, workspaceDir: dir })
    expect(result.unchanged).toBe(true)
    expect((await body(bucket, 'index.html')).text).toBe('<h1>houses v2</h1>')
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }))
    expect((listed.Contents ?? []).map((o) => o.Key).sort()).toEqual(['config.js', 'img/logo.svg', 'index.html'])
  })

  it('describes the stack and its outputs', async () => {
    const info = await describeLabStack(target, 'apigw-labs-901')
    expect(info).toMatchObject({ status: 'CREATE_COMPLETE', outputs: { BucketName: bucket } })
    expect(info!.lastUpdated).toBeInstanceOf(Date)
    expect(await getStackOutputs(target, 'apigw-labs-nope')).toBeUndefined()
  })

  it('tears down: empties the bucket, deletes the stack, nothing tagged remains', async () => {
    const events: StackEventView[] = []
    const result = await teardownLab(target, lab, (e) => events.push(e))
    expect(result.unverified).toBeUndefined()
    expect(result.remaining).toEqual([])
    expect(result.deletedStacks).toEqual(['apigw-labs-901'])
    expect(events.some((e) => e.logicalId === 'SiteBucket' && e.status === 'DELETE_COMPLETE')).toBe(true)
    expect(await describeLabStack(target, 'apigw-labs-901')).toBeUndefined()
  })

  it('tears down a lab that is not deployed without complaint', async () => {
    const result = await teardownLab(target, lab)
    expect(result).toMatchObject({ remaining: [], deletedStacks: [] })
  })
})

describe('deployLab failures', () => {
  it('reports a YAML error as template.yaml:LINE:COL before anything is sent', async () => {
    const dir = workspace({ 'template.yaml': 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n   Properties: {}\n' })
    const err = await deployLab(target, { lab: manifest('902', false), workspaceDir: dir }).catch((e) => e)
    expect(err).toBeInstanceOf(LabError)
    expect(err.message).toMatch(/^template\.yaml:4:\d+: /)
    expect(await describeLabStack(target, 'apigw-labs-902')).toBeUndefined()
  })

  it("passes on CloudFormation's own validation message when it rejects the template", async () => {
    const dir = workspace({ 'template.yaml': 'Resources:\n  B:\n    Type: AWS::S3::Bucket\nOutputs:\n  X:\n    Value: !GetAtt Missing.Arn\n' })
    const err = await deployLab(target, { lab: manifest('909', false), workspaceDir: dir }).catch((e) => e)
    expect(err).toBeInstanceOf(LabError)
    expect(err.message).toMatch(/^CloudFormation rejected the template: Template error: .*undefined resource Missing/)
  })

  it('names the failing resource and the final status, then recovers from ROLLBACK_COMPLETE', async () => {
    const lab = manifest('903', false)
    const bad = `Resources:\n  Good:\n    Type: AWS::S3::Bucket\n  Broken:\n    Type: AWS::S3::Bucket\n    Properties:\n      NotARealProperty: 1\n`
    const dir = workspace({ 'template.yaml': bad })
    const err = (await deployLab(target, { lab, workspaceDir: dir }).catch((e) => e)) as LabError
    expect(err).toBeInstanceOf(LabError)
    expect(err.message).toContain('ROLLBACK_COMPLETE')
    expect(err.details.join('\n')).toMatch(/^Broken \(AWS::S3::Bucket\): .*NotARealProperty/m)
    expect(err.details.join('\n')).not.toMatch(/^Good/m)

    fs.writeFileSync(path.join(dir, 'template.yaml'), 'Resources:\n  Good:\n    Type: AWS::S3::Bucket\n')
    const result = await deployLab(target, { lab, workspaceDir: dir })
    expect(result.status).toBe('CREATE_COMPLETE')
    await teardownLab(target, lab)
  })
})

describe('deployLab with a large template', () => {
  it('sends a template over 51,200 bytes through the artifacts bucket (TemplateURL)', async () => {
    const lab = manifest('908', false)
    const notes = 'n'.repeat(60_000)
    const dir = workspace({ 'template.yaml': `Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Metadata:\n      Notes: ${notes}\n` })
    const result = await deployLab(target, { lab, workspaceDir: dir })
    expect(result.status).toBe('CREATE_COMPLETE')
    const stored = await body('apigw-labs-artifacts-000000000000-us-east-1', '908/templates/apigw-labs-908.json')
    expect(JSON.parse(stored.text).Resources.Bucket.Metadata.Notes).toBe(notes)
    await teardownLab(target, lab)
  })
})

describe('deployLab with function code', () => {
  const lab = manifest('904', false)
  const dir = workspace({
    'template.yaml': FUNCTION_TEMPLATE,
    'functions/hello/index.mjs': 'export const handler = async () => ({ statusCode: 200, body: "hi" })\n',
  })

  it('packages the folder into the tagged artifacts bucket and deploys the function', async () => {
    const result = await deployLab(target, { lab, workspaceDir: dir })
    expect(result.status).toBe('CREATE_COMPLETE')
    const artifacts = 'apigw-labs-artifacts-000000000000-us-east-1'
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: artifacts, Prefix: '904/' }))
    expect((listed.Contents ?? []).map((o) => o.Key)).toEqual([expect.stringMatching(/^904\/[0-9a-f]{64}\.zip$/)])
    const tagging = await s3.send(new GetBucketTaggingCommand({ Bucket: artifacts }))
    expect(tagging.TagSet).toContainEqual({ Key: 'apigw-labs:managed', Value: 'true' })
  })

  it('redeploys the same code as unchanged (deterministic zip, same key)', async () => {
    fs.utimesSync(path.join(dir, 'functions/hello/index.mjs'), new Date(), new Date(Date.now() + 60_000))
    expect((await deployLab(target, { lab, workspaceDir: dir })).unchanged).toBe(true)
  })

  it('updates when the code changes, and teardown removes the lab artifacts', async () => {
    fs.writeFileSync(path.join(dir, 'functions/hello/index.mjs'), 'export const handler = async () => ({ statusCode: 201 })\n')
    const result = await deployLab(target, { lab, workspaceDir: dir })
    expect(result).toMatchObject({ unchanged: false, status: 'UPDATE_COMPLETE' })
    const torn = await teardownLab(target, lab)
    expect(torn.remaining).toEqual([])
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'apigw-labs-artifacts-000000000000-us-east-1', Prefix: '904/' }))
    expect(listed.Contents ?? []).toEqual([])
  })
})

describe('the same lab in two regions', () => {
  it('tears down one region without reporting the other region\'s resources (its global IAM role included)', async () => {
    const lab = manifest('907', false)
    const dir = workspace({ 'template.yaml': FUNCTION_TEMPLATE, 'functions/hello/index.mjs': 'export const handler = async () => 1\n' })
    const west: Target = { ...target, region: 'eu-west-1', clientConfig: { ...cloud.sdk, region: 'eu-west-1' } }
    expect((await deployLab(target, { lab, workspaceDir: dir })).status).toBe('CREATE_COMPLETE')
    expect((await deployLab(west, { lab, workspaceDir: dir })).status).toBe('CREATE_COMPLETE')
    expect((await teardownLab(west, lab)).remaining).toEqual([])
    expect((await teardownLab(target, lab)).remaining).toEqual([])
  })
})

describe('teardownAll', () => {
  it('deletes every managed stack, then the artifacts bucket, leaving nothing tagged', async () => {
    const site = manifest('905')
    const fn = manifest('906', false)
    await deployLab(target, { lab: site, workspaceDir: workspace({ 'template.yaml': SITE_TEMPLATE, 'site/index.html': 'x' }) })
    await deployLab(target, {
      lab: fn,
      workspaceDir: workspace({ 'template.yaml': FUNCTION_TEMPLATE, 'functions/hello/index.mjs': 'export const handler = async () => 1\n' }),
    })
    const result = await teardownAll(target)
    expect(result.deletedStacks!.sort()).toEqual(['apigw-labs-905', 'apigw-labs-906'])
    expect(result.remaining).toEqual([])
    const head = await s3.send(new HeadBucketCommand({ Bucket: 'apigw-labs-artifacts-000000000000-us-east-1' })).catch((e) => e)
    expect(head.$metadata.httpStatusCode).toBe(404)
  })
})
