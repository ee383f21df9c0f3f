/** Lambda takes only an execution role of the account that trusts `lambda.amazonaws.com`, as on AWS. */
import { CloudFormationClient, CreateStackCommand, DescribeStackEventsCommand, waitUntilStackCreateComplete } from '@aws-sdk/client-cloudformation'
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam'
import { CreateFunctionCommand, GetFunctionConfigurationCommand, LambdaClient, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda'
import { describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { createLambdaRole } from '../helpers/lambda-role.js'
import { ROLE, zip } from '../fixtures/lambda/zip.js'

let cloud: TestCloud
let lambda: LambdaClient
let iam: IAMClient
useTestCloud(async (c) => {
  cloud = c
  lambda = new LambdaClient(c.sdk)
  iam = new IAMClient(c.sdk)
  await createLambdaRole(c)
})

const REFUSED = ['InvalidParameterValueException', 400, 'The role defined for the function cannot be assumed by Lambda.']
const trust = (statement: Record<string, unknown>) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', ...statement }] })
const create = (FunctionName: string, Role: string) =>
  lambda.send(new CreateFunctionCommand({ FunctionName, Runtime: 'nodejs22.x', Role, Handler: 'index.handler', Code: { ZipFile: zip({ 'index.js': 'exports.handler = async () => 1' }) } }))
const failure = async (p: Promise<unknown>) => {
  const err = (await p.then(() => undefined, (e) => e)) as { name: string; message: string; $metadata: { httpStatusCode: number } } | undefined
  return err && [err.name, err.$metadata.httpStatusCode, err.message]
}
async function role(RoleName: string, document: string): Promise<string> {
  return (await iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: document }))).Role!.Arn!
}

describe('a function execution role', () => {
  it('must exist in the account: an unknown role, or one of another account, is refused with AWS words', async () => {
    expect(await failure(create('ghost', 'arn:aws:iam::000000000000:role/not-there'))).toEqual(REFUSED)
    expect(await failure(create('foreign', 'arn:aws:iam::123456789012:role/lambda-role'))).toEqual(REFUSED)
  })

  it('must trust lambda.amazonaws.com: another service, an account or an explicit Deny does not do', async () => {
    const apigw = await role('trusts-apigateway', trust({ Principal: { Service: 'apigateway.amazonaws.com' } }))
    const account = await role('trusts-account', trust({ Principal: { AWS: 'arn:aws:iam::000000000000:root' } }))
    const denied = await role('denies-lambda', JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
        { Effect: 'Deny', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    }))
    for (const [name, arn] of [['a', apigw], ['b', account], ['c', denied]]) expect(await failure(create(name, arn))).toEqual(REFUSED)
    const both = await role('trusts-both', trust({ Principal: { Service: ['apigateway.amazonaws.com', 'lambda.amazonaws.com'] } }))
    expect(await failure(create('d', both))).toBeUndefined()
  })

  it("sees the confused-deputy keys Lambda sets: aws:SourceAccount and the function's aws:SourceArn", async () => {
    const lambdaTrust = (condition: Record<string, unknown>) => trust({ Principal: { Service: 'lambda.amazonaws.com' }, Condition: condition })
    const ours = await role('source-ours', lambdaTrust({ StringEquals: { 'aws:SourceAccount': '000000000000' } }))
    const theirs = await role('source-theirs', lambdaTrust({ StringEquals: { 'aws:SourceAccount': '111111111111' } }))
    const one = await role('source-fn', lambdaTrust({ ArnLike: { 'aws:SourceArn': 'arn:aws:lambda:us-east-1:000000000000:function:only-me' } }))
    expect(await failure(create('e', ours))).toBeUndefined()
    expect(await failure(create('f', theirs))).toEqual(REFUSED)
    expect(await failure(create('not-me', one))).toEqual(REFUSED)
    expect(await failure(create('only-me', one))).toBeUndefined()
  })

  it('is checked again when UpdateFunctionConfiguration changes it; a refused change keeps the old role', async () => {
    await create('keeper', ROLE)
    const wrong = await role('trusts-nobody', trust({ Principal: { Service: 'states.amazonaws.com' } }))
    expect(await failure(lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'keeper', Role: wrong })))).toEqual(REFUSED)
    expect((await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'keeper' }))).Role).toBe(ROLE)
  })

  it('fails a stack whose role does not trust Lambda, with the reason CloudFormation shows on AWS', async () => {
    const cfn = new CloudFormationClient(cloud.sdk)
    const template = {
      Resources: {
        Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: JSON.parse(trust({ Principal: { Service: 'ec2.amazonaws.com' } })) } },
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs22.x', Handler: 'index.handler', Role: { 'Fn::GetAtt': ['Role', 'Arn'] }, Code: { ZipFile: 'exports.handler = async () => 1' } } },
      },
    }
    await cfn.send(new CreateStackCommand({ StackName: 'wrong-trust', TemplateBody: JSON.stringify(template), Capabilities: ['CAPABILITY_IAM'] }))
    await expect(waitUntilStackCreateComplete({ client: cfn, maxWaitTime: 60, minDelay: 1, maxDelay: 1 }, { StackName: 'wrong-trust' })).rejects.toThrow()
    const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'wrong-trust' }))).StackEvents ?? []
    const failed = events.find((e) => e.LogicalResourceId === 'Fn' && e.ResourceStatus === 'CREATE_FAILED')
    expect(failed?.ResourceStatusReason).toContain('The role defined for the function cannot be assumed by Lambda.')
  })
})
