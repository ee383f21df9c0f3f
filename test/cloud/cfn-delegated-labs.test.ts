/**
 * The labs' own templates, deployed by an IAM user through the lab deployer, as on AWS: every call CloudFormation
 * makes for them (S3, Lambda, IAM, DynamoDB, Cognito, API Gateway v1 and v2 — the last judged on the control-plane
 * path their wire route has) passes the gate for a user allowed everything, and a single denied action fails the
 * resource that needs it with that service's AccessDenied.
 */
import { CloudFormationClient, DescribeStackEventsCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation'
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { deployLab } from '../../src/deployer/index.js'
import type { Target } from '../../src/deployer/types.js'
import type { LabManifest } from '../../src/runner/lab-types.js'
import { useTestCloud, type TestCloud } from '../helpers/cloud.js'

const ACCOUNT = '000000000000'
let cloud: TestCloud
const keys: Record<string, { accessKeyId: string; secretAccessKey: string }> = {}

useTestCloud(async (c) => {
  cloud = c
  const iam = new IAMClient(c.sdk)
  const everything = { Effect: 'Allow', Action: '*', Resource: '*' }
  const noNewApis = { Effect: 'Deny', Action: 'apigateway:POST', Resource: 'arn:aws:apigateway:*::/apis' }
  for (const [name, statements] of [['admin', [everything]], ['no-v2-apis', [everything, noNewApis]]] as const) {
    await iam.send(new CreateUserCommand({ UserName: name }))
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }))
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!
    keys[name] = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }
  }
}, 60_000)

function manifest(id: string, stackName: string): LabManifest {
  return {
    formatVersion: 1, id, lecture: 1, title: id, summary: '', learn: [], deploys: [], awsCost: '', templates: id, stackName,
    urls: [], steps: [], hints: [], checks: [],
  } as unknown as LabManifest
}

async function deployAs(user: string, templates: string, stackName: string) {
  const clientConfig = { ...cloud.sdk, credentials: keys[user] }
  const target: Target = { kind: 'local', region: 'us-east-1', endpoint: cloud.endpoint, localPort: cloud.port, clientConfig, describe: 'test cloud' }
  // The learner's workspace at the end of the lab: the starter with the solution's files over it.
  const workspaceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-ws-'))
  for (const part of ['starter', 'solution']) fs.cpSync(path.resolve('templates', templates, part), workspaceDir, { recursive: true })
  // A failed stack is what the assertions below read (DescribeStacks), not the deployer's message.
  await deployLab(target, { lab: manifest(templates, stackName), workspaceDir }).catch(() => undefined)
  const cfn = new CloudFormationClient(cloud.sdk)
  const stack = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks![0]
  const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: stackName }))).StackEvents!
  return { status: stack.StackStatus, failures: events.filter((e) => e.ResourceStatus === 'CREATE_FAILED').map((e) => e.ResourceStatusReason ?? '') }
}

describe("the labs' templates deployed by an IAM user", { timeout: 240_000 }, () => {
  it('create every resource for a user allowed everything (350: S3 site, REST, CORS; 351: Cognito, authorizers; 354: WebSocket, DynamoDB)', async () => {
    for (const [lab, stack] of [['350-cors', 'user-350'], ['351-authorization', 'user-351'], ['354-websocket-chat', 'user-354']]) {
      const result = await deployAs('admin', lab, stack)
      expect(result, lab).toEqual({ status: 'CREATE_COMPLETE', failures: [] })
    }
  })

  it("fail the resource whose one API Gateway call the user's policy denies, in API Gateway's words", async () => {
    const result = await deployAs('no-v2-apis', '354-websocket-chat', 'denied-354')
    expect(result.status).toBe('ROLLBACK_COMPLETE')
    expect(result.failures.join('\n')).toContain(
      `User: arn:aws:iam::${ACCOUNT}:user/no-v2-apis is not authorized to perform: apigateway:POST on resource: arn:aws:apigateway:us-east-1::/apis with an explicit deny in an identity-based policy`,
    )
  })
})
