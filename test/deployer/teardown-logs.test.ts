/** Teardown deletes the log groups a lab's functions and APIs wrote outside its stack, and looks for them after. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { expect, it } from 'vitest'
import { deployLab, teardownAll, teardownLab } from '../../src/deployer/index.js'
import type { Target } from '../../src/deployer/types.js'
import type { LabManifest } from '../../src/runner/lab-types.js'
import { useTestCloud, type TestCloud } from '../helpers/cloud.js'

const TEMPLATE = `
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - { Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }
  Hello:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      Role: !GetAtt Role.Arn
      Code: functions/hello
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: logs-lab }
Outputs:
  FunctionName: { Value: !Ref Hello }
  ApiId: { Value: !Ref Api }
`

const lab = (id: string): LabManifest => ({
  formatVersion: 1, id, lecture: 1, slug: 'logs', title: 'Logs', summary: '', learn: [], deploys: [], awsCost: '',
  templates: 'logs', stackName: `apigw-lab-${id}`, urls: [], steps: [], hints: [], checks: [],
})

let cloud: TestCloud
let target: Target
let logs: CloudWatchLogsClient
useTestCloud((c) => {
  cloud = c
  target = { kind: 'local', region: 'us-east-1', endpoint: c.endpoint, localPort: c.port, clientConfig: c.sdk, describe: 'test cloud' }
  logs = new CloudWatchLogsClient(c.sdk)
})

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-ws-'))
  fs.mkdirSync(path.join(dir, 'functions/hello'), { recursive: true })
  fs.writeFileSync(path.join(dir, 'template.yaml'), TEMPLATE)
  fs.writeFileSync(path.join(dir, 'functions/hello/index.mjs'), 'export const handler = async () => { console.log("hi"); return 1 }\n')
  return dir
}

async function groups(prefix = ''): Promise<string[]> {
  const page = await logs.send(new DescribeLogGroupsCommand(prefix ? { logGroupNamePrefix: prefix } : {}))
  return (page.logGroups ?? []).map((g) => g.logGroupName!)
}

/** Deploy, run the function once (Lambda creates its log group), and give the API an execution-log group. */
async function deployAndUse(id: string): Promise<{ fn: string; api: string }> {
  const result = await deployLab(target, { lab: lab(id), workspaceDir: workspace() })
  const fn = result.outputs.FunctionName
  const api = result.outputs.ApiId
  await new LambdaClient(cloud.sdk).send(new InvokeCommand({ FunctionName: fn }))
  await logs.send(new CreateLogGroupCommand({ logGroupName: `API-Gateway-Execution-Logs_${api}/prod` }))
  // Lambda creates the group with the first log line it ships.
  for (let i = 0; i < 100 && !(await groups(`/aws/lambda/${fn}`)).length; i++) await new Promise((r) => setTimeout(r, 50))
  return { fn, api }
}

it("teardown deletes the functions' and APIs' log groups, and only theirs; nothing remains", async () => {
  const { fn, api } = await deployAndUse('961')
  // Look-alikes of other stacks and functions stay.
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/apigw-lab-96-Hello-abc' }))
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/apigw-lab-9610-Hello-abc' }))
  await logs.send(new CreateLogGroupCommand({ logGroupName: 'API-Gateway-Execution-Logs_other/prod' }))
  expect(await groups(`/aws/lambda/${fn}`)).toEqual([`/aws/lambda/${fn}`])

  const result = await teardownLab(target, lab('961'))
  expect(result.remaining).toEqual([])
  expect(result.deletedLogGroups?.sort()).toEqual([`/aws/lambda/${fn}`, `API-Gateway-Execution-Logs_${api}/prod`].sort())
  expect(await groups()).toEqual(expect.arrayContaining(['/aws/lambda/apigw-lab-96-Hello-abc', '/aws/lambda/apigw-lab-9610-Hello-abc', 'API-Gateway-Execution-Logs_other/prod']))
  expect(await groups()).not.toContain(`/aws/lambda/${fn}`)
})

it("a teardown after the stack is gone still finds its functions' log groups by the stack's name", async () => {
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/apigw-lab-962-Hello-LEFTOVER' }))
  const result = await teardownLab(target, lab('962'))
  expect(result.deletedStacks).toEqual([])
  expect(result.deletedLogGroups).toEqual(['/aws/lambda/apigw-lab-962-Hello-LEFTOVER'])
  expect(result.remaining).toEqual([])
})

it('the sweep (teardown --all) deletes the log groups of every managed stack', async () => {
  const { fn, api } = await deployAndUse('963')
  const result = await teardownAll(target)
  expect(result.deletedStacks).toContain('apigw-lab-963')
  expect(result.deletedLogGroups).toEqual(expect.arrayContaining([`/aws/lambda/${fn}`, `API-Gateway-Execution-Logs_${api}/prod`]))
  expect(result.remaining).toEqual([])
})
