/**
 * THE learner journey on lab 350, through the real CLI on a local cloud of its own:
 * start → check fails with Chrome's CORS wording → solve → check passes → teardown → nothing left.
 */
import { APIGatewayClient, GetRestApisCommand } from '@aws-sdk/client-api-gateway'
import { CloudFormationClient, ListStacksCommand } from '@aws-sdk/client-cloudformation'
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda'
import { ListBucketsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { labCli, stopCloud, type LabCli } from './helpers.js'

const CHROME_CORS =
  "has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."

let cli: LabCli
let chromium = false

beforeAll(async () => {
  cli = await labCli()
  const doctor = await cli.run(['doctor', '--json'])
  chromium = JSON.parse(doctor.stdout).checks.find((c: any) => c.id === 'chromium')?.status === 'ok'
})
afterAll(async () => {
  await stopCloud(cli)
})

describe('lab 350 journey', () => {
  it('start → check fails (CORS) → solve → check passes → teardown leaves nothing', { timeout: 600_000 }, async () => {
    const start = await cli.run(['start', '350', '--yes'])
    expect(start.exitCode, start.stderr).toBe(0)
    expect(start.stdout).toMatch(/Workspace created: .*workspaces\/350-/)
    expect(start.stdout).toMatch(/CREATE_COMPLETE/)
    expect(start.stdout).toContain(CHROME_CORS) // the first check run shows what is broken and why

    const failing = await cli.run(['check', '--json'])
    expect(failing.exitCode).toBe(1)
    const report = JSON.parse(failing.stdout)
    expect(report).toMatchObject({ lab: '350', passed: false })
    for (const c of report.checks) expect(Object.keys(c)).toEqual(expect.arrayContaining(['id', 'title', 'passed', 'message']))
    expect(report.checks.some((c: any) => !c.passed && c.message.includes(CHROME_CORS))).toBe(true)

    const human = await cli.run(['check'])
    expect(human.exitCode).toBe(1)
    expect(human.stdout).toContain('✗')
    expect(human.stdout).toContain(CHROME_CORS)

    const solve = await cli.run(['solve', '--yes'])
    expect(solve.exitCode, solve.stderr).toBe(0)
    const backups = fs.readdirSync(`${cli.home}/backups`)
    expect(backups.some((b) => b.startsWith('350-'))).toBe(true)

    const passing = await cli.run(['check', '350'])
    expect(passing.exitCode, passing.stdout + passing.stderr).toBe(0)
    expect(passing.stdout).not.toContain('✗')

    if (chromium) {
      const browser = await cli.run(['check', '350', '--browser', '--json'])
      expect(browser.exitCode, browser.stdout).toBe(0)
      expect(JSON.parse(browser.stdout).checks.every((c: any) => c.passed && !c.skipped)).toBe(true)
    }

    const outputs = await cli.run(['outputs', '350', '--json'])
    expect(outputs.exitCode).toBe(0)
    expect(Object.keys(JSON.parse(outputs.stdout)).length).toBeGreaterThan(0)

    const list = JSON.parse((await cli.run(['list', '--json'])).stdout)
    expect(list.labs.find((l: any) => l.id === '350')).toMatchObject({ status: 'passed', current: true })

    const teardown = await cli.run(['teardown', '--yes'])
    expect(teardown.exitCode, teardown.stdout + teardown.stderr).toBe(0)
    expect(teardown.stdout).toContain('nothing remains')

    const status = JSON.parse((await cli.run(['cloud', 'status', '--json'])).stdout)
    expect(status.running).toBe(true)
    // What `lab cloud env` gives other tools: the credentials the cloud made for this LAB_HOME.
    const env = JSON.parse((await cli.run(['cloud', 'env', '--json'])).stdout)
    expect(env.AWS_ENDPOINT_URL).toBe(status.endpoint)
    const config = {
      endpoint: status.endpoint,
      region: env.AWS_REGION,
      credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
      forcePathStyle: true,
    }
    const stacks = await new CloudFormationClient(config).send(new ListStacksCommand({}))
    expect((stacks.StackSummaries ?? []).filter((s) => s.StackStatus !== 'DELETE_COMPLETE')).toEqual([])
    // The shared artifacts bucket may stay (other labs use it), but nothing of lab 350 is left in it.
    const s3 = new S3Client(config)
    const buckets = (await s3.send(new ListBucketsCommand({}))).Buckets ?? []
    expect(buckets.filter((b) => !b.Name!.startsWith('apigw-labs-artifacts-'))).toEqual([])
    for (const b of buckets) expect((await s3.send(new ListObjectsV2Command({ Bucket: b.Name, Prefix: '350/' }))).KeyCount ?? 0).toBe(0)
    expect((await new LambdaClient(config).send(new ListFunctionsCommand({}))).Functions ?? []).toEqual([])
    expect((await new APIGatewayClient(config).send(new GetRestApisCommand({}))).items ?? []).toEqual([])

    // `--all` sweeps the rest, the artifacts bucket included.
    const all = await cli.run(['teardown', '--all', '--yes'])
    expect(all.exitCode, all.stdout + all.stderr).toBe(0)
    expect((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([])

    const stop = await cli.run(['cloud', 'stop'])
    expect(stop.exitCode).toBe(0)
    const after = JSON.parse((await cli.run(['cloud', 'status', '--json'])).stdout)
    expect(after.running).toBe(false)
  })
})
