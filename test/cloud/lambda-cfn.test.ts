import * as lambdaSdk from '@aws-sdk/client-lambda'
import * as s3Sdk from '@aws-sdk/client-s3'
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand, waitUntilStackCreateComplete } from '@aws-sdk/client-cloudformation'
import { describe, expect, it } from 'vitest'
import type { ResourceContext } from '../../src/cloud/core/types.js'
import { functionProvider } from '../../src/cloud/services/lambda/cfn/function.js'
import { permissionProvider } from '../../src/cloud/services/lambda/cfn/permission.js'
import { allowsInvoke, arnLike, makeStatement } from '../../src/cloud/services/lambda/policy.js'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { createLambdaRole } from '../helpers/lambda-role.js'
import { ROLE, zip } from '../fixtures/lambda/zip.js'

let cloud: TestCloud
let rc: ResourceContext
let lambda: lambdaSdk.LambdaClient
let s3: s3Sdk.S3Client

useTestCloud(async (c) => {
  await createLambdaRole(c)
  cloud = c
  lambda = new lambdaSdk.LambdaClient(cloud.sdk)
  s3 = new s3Sdk.S3Client(cloud.sdk)
  // The providers' rc.call, answered over the wire by SDK commands of the same names and shapes.
  const clients: Record<string, { send(c: unknown): Promise<unknown> }> = { lambda, s3 }
  const modules: Record<string, Record<string, any>> = { lambda: lambdaSdk, s3: s3Sdk }
  rc = {
    logicalId: 'Fn',
    stackName: 'stack',
    stackId: 'arn:aws:cloudformation:us-east-1:000000000000:stack/stack/1',
    region: 'us-east-1',
    accountId: '000000000000',
    tags: [{ Key: 'aws:cloudformation:stack-name', Value: 'stack' }],
    endpoint: cloud.endpoint,
    call: (service: string, op: string, input: unknown) => clients[service].send(new modules[service][`${op}Command`](input)) as Promise<any>,
    internal: (service: string, op: string, input: unknown) => clients[service].send(new modules[service][`${op}Command`](input)) as Promise<any>,
  }
})

async function invoke(name: string) {
  const out = await lambda.send(new lambdaSdk.InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}') }))
  return JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8'))
}

describe('AWS::Lambda::Function', () => {
  it('creates a function from inline code (index.js, CommonJS) with a generated name and stack tags', async () => {
    const props = { Runtime: 'nodejs22.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: 'exports.handler = async () => "inline"' } }
    const result = await functionProvider.create(props, rc)
    expect(result.physicalId).toMatch(/^stack-Fn-[A-Z0-9]{12}$/)
    expect(result.attributes?.Arn).toBe(`arn:aws:lambda:us-east-1:000000000000:function:${result.physicalId}`)
    expect(await invoke(result.physicalId)).toBe('inline')
    const got = await lambda.send(new lambdaSdk.GetFunctionCommand({ FunctionName: result.physicalId }))
    expect(got.Tags).toEqual({ 'aws:cloudformation:stack-name': 'stack' })
    await functionProvider.delete(result.physicalId, props, rc)
    expect(await lambda.send(new lambdaSdk.GetFunctionCommand({ FunctionName: result.physicalId })).catch((e) => e.name)).toBe('ResourceNotFoundException')
  })

  it('writes inline Python code as index.py', async () => {
    const props = { FunctionName: 'cfn-py', Runtime: 'python3.12', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: 'def handler(event, context):\n    return "py inline"\n' } }
    await functionProvider.create(props, rc)
    expect(await invoke('cfn-py')).toBe('py inline')
  })

  it('reads code from the local S3 and updates it when the S3 key changes', async () => {
    await s3.send(new s3Sdk.CreateBucketCommand({ Bucket: 'code-bucket' }))
    await s3.send(new s3Sdk.PutObjectCommand({ Bucket: 'code-bucket', Key: 'v1.zip', Body: zip({ 'index.js': 'exports.handler = async () => "v1"' }) }))
    await s3.send(new s3Sdk.PutObjectCommand({ Bucket: 'code-bucket', Key: 'v2.zip', Body: zip({ 'index.js': 'exports.handler = async () => "v2"' }) }))
    const v1 = { FunctionName: 'cfn-s3', Runtime: 'nodejs22.x', Handler: 'index.handler', Role: ROLE, Code: { S3Bucket: 'code-bucket', S3Key: 'v1.zip' }, Timeout: 5 }
    await functionProvider.create(v1, rc)
    expect(await invoke('cfn-s3')).toBe('v1')
    const v2 = { ...v1, Code: { S3Bucket: 'code-bucket', S3Key: 'v2.zip' }, Environment: { Variables: { A: '1' } } }
    await functionProvider.update!('cfn-s3', v2, v1, rc)
    expect(await invoke('cfn-s3')).toBe('v2')
    const conf = await lambda.send(new lambdaSdk.GetFunctionConfigurationCommand({ FunctionName: 'cfn-s3' }))
    expect(conf.Environment?.Variables).toEqual({ A: '1' })
  })

  it('fails with Lambda\'s S3 error wording when the code object is missing', async () => {
    const props = { FunctionName: 'cfn-nokey', Runtime: 'nodejs22.x', Handler: 'index.handler', Role: ROLE, Code: { S3Bucket: 'code-bucket', S3Key: 'nope.zip' } }
    const err = await functionProvider.create(props, rc).catch((e) => e)
    expect(err.name).toBe('InvalidParameterValueException')
    expect(err.message).toContain('Error occurred while GetObject. S3 Error Code: NoSuchKey.')
  })
})

describe('AWS::Lambda::Permission and the invoke check', () => {
  it('adds and removes a statement; the statement id is the physical id', async () => {
    await functionProvider.create({ FunctionName: 'cfn-perm', Runtime: 'nodejs22.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: 'exports.handler = async () => 1' } }, rc)
    const props = { Action: 'lambda:InvokeFunction', FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:cfn-perm', Principal: 'apigateway.amazonaws.com', SourceArn: 'arn:aws:execute-api:us-east-1:000000000000:abc123/*' }
    const { physicalId } = await permissionProvider.create(props, { ...rc, logicalId: 'Perm' })
    const policy = JSON.parse((await lambda.send(new lambdaSdk.GetPolicyCommand({ FunctionName: 'cfn-perm' }))).Policy!)
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual([physicalId])
    await permissionProvider.delete(physicalId, props, rc)
    expect(await lambda.send(new lambdaSdk.GetPolicyCommand({ FunctionName: 'cfn-perm' })).catch((e) => e.name)).toBe('ResourceNotFoundException')
  })

  it('matches SourceArn wildcards the way IAM ArnLike does', () => {
    const resource = 'arn:aws:lambda:us-east-1:000000000000:function:f'
    const statements = [makeStatement({ StatementId: 's', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: 'arn:aws:execute-api:us-east-1:000000000000:abc123/*/GET/houses' }, resource, [])]
    const principal = 'apigateway.amazonaws.com'
    expect(allowsInvoke(statements, principal, 'arn:aws:execute-api:us-east-1:000000000000:abc123/prod/GET/houses')).toBe(true)
    expect(allowsInvoke(statements, principal, 'arn:aws:execute-api:us-east-1:000000000000:abc123/prod/POST/houses')).toBe(false)
    expect(allowsInvoke(statements, principal, 'arn:aws:execute-api:us-east-1:000000000000:other/prod/GET/houses')).toBe(false)
    expect(allowsInvoke(statements, 's3.amazonaws.com', 'arn:aws:execute-api:us-east-1:000000000000:abc123/prod/GET/houses')).toBe(false)
    expect(allowsInvoke(statements, principal)).toBe(false)
    const open = [makeStatement({ StatementId: 'o', Action: 'lambda:*', Principal: 'apigateway.amazonaws.com' }, resource, [])]
    expect(allowsInvoke(open, principal, 'arn:aws:execute-api:us-east-1:000000000000:x/y/GET/z')).toBe(true)
    expect(arnLike('arn:aws:execute-api:*:*:a?c/*', 'arn:aws:execute-api:us-east-1:1:abc/prod/GET/')).toBe(true)
  })
})

describe('AWS::Lambda::Permission in a stack outside the default region', () => {
  it('finds the function a bare !Ref names in the stack\'s own region', async () => {
    const region = 'eu-west-1'
    const cfn = new CloudFormationClient({ ...cloud.sdk, region })
    const TemplateBody = JSON.stringify({
      Resources: {
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs22.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: 'exports.handler = async () => 1' } } },
        Allow: { Type: 'AWS::Lambda::Permission', Properties: { Action: 'lambda:InvokeFunction', FunctionName: { Ref: 'Fn' }, Principal: 'apigateway.amazonaws.com' } },
      },
      Outputs: { Name: { Value: { Ref: 'Fn' } } },
    })
    await cfn.send(new CreateStackCommand({ StackName: 'eu-permission', TemplateBody }))
    await waitUntilStackCreateComplete({ client: cfn, maxWaitTime: 60, minDelay: 0.1, maxDelay: 0.5 }, { StackName: 'eu-permission' })
    const name = (await cfn.send(new DescribeStacksCommand({ StackName: 'eu-permission' }))).Stacks![0].Outputs![0].OutputValue
    const policy = await new lambdaSdk.LambdaClient({ ...cloud.sdk, region }).send(new lambdaSdk.GetPolicyCommand({ FunctionName: name }))
    expect(JSON.parse(policy.Policy!).Statement[0].Resource).toBe(`arn:aws:lambda:${region}:000000000000:function:${name}`)
  })
})
