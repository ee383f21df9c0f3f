/** recentFunctionLog against an in-process local cloud: what a failing function logged, under its logical id. */
import { CloudFormationClient, CreateStackCommand, DescribeStackResourceCommand, waitUntilStackCreateComplete } from '@aws-sdk/client-cloudformation'
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { describe, expect, it } from 'vitest'
import { recentFunctionLog } from '../../src/deployer/index.js'
import type { Target } from '../../src/deployer/types.js'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'

let cloud: TestCloud
useTestCloud((c) => (cloud = c))

const template = JSON.stringify({
  Resources: {
    Role: {
      Type: 'AWS::IAM::Role',
      Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] } },
    },
    Broken: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Runtime: 'nodejs22.x',
        Handler: 'index.handler',
        Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
        Code: { ZipFile: "exports.handler = async (event) => { console.log('looking up', event.id); throw new Error('no house ' + event.id) }" },
      },
    },
  },
})

describe('recentFunctionLog', () => {
  it('shows the latest invocation of each function of the stack, without the platform lines', async () => {
    const target: Target = { kind: 'local', region: 'us-east-1', clientConfig: cloud.sdk, describe: 'local cloud' }
    const cfn = new CloudFormationClient(cloud.sdk)
    await cfn.send(new CreateStackCommand({ StackName: 'logs', TemplateBody: template, Capabilities: ['CAPABILITY_IAM'] }))
    await waitUntilStackCreateComplete({ client: cfn, maxWaitTime: 60, minDelay: 0.1, maxDelay: 0.5 }, { StackName: 'logs' })
    const since = Date.now()
    expect(await recentFunctionLog(target, 'logs', since)).toEqual([])

    const name = (await cfn.send(new DescribeStackResourceCommand({ StackName: 'logs', LogicalResourceId: 'Broken' }))).StackResourceDetail!.PhysicalResourceId
    const lambda = new LambdaClient(cloud.sdk)
    for (const id of [1, 2]) await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify({ id })) }))
    let lines: string[] = []
    for (let i = 0; i < 20 && !lines.some((l) => l.includes('no house 2')); i++) {
      await new Promise((r) => setTimeout(r, 100)) // Lambda logs reach CloudWatch Logs in batches
      lines = await recentFunctionLog(target, 'logs', since)
    }
    expect(lines[0]).toBe('Broken:')
    expect(lines.join('\n')).toContain('looking up 2')
    expect(lines.join('\n')).toContain('no house 2')
    expect(lines.join('\n')).not.toContain('no house 1') // only the latest invocation
    expect(lines.some((l) => /^\s*(START|END|REPORT) /.test(l))).toBe(false)
    expect(await recentFunctionLog(target, 'no-such-stack', since)).toEqual([])
  })
})
