import {
  CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStackEventsCommand, DescribeStacksCommand,
  UpdateStackCommand, waitUntilStackCreateComplete, waitUntilStackDeleteComplete, waitUntilStackUpdateComplete,
} from '@aws-sdk/client-cloudformation'
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { createLambdaRole } from '../helpers/lambda-role.js'

let cloud: TestCloud
let cfn: CloudFormationClient
const wait = { minDelay: 0.05, maxDelay: 0.2, maxWaitTime: 60 }

useTestCloud(async (c) => {
  await createLambdaRole(c)
  cloud = c
  cfn = new CloudFormationClient(cloud.sdk)
})

// A handler that answers like cfn-response: PUT the JSON response to the presigned ResponseURL.
const handler = `
exports.handler = async (event) => {
  const p = event.ResourceProperties
  const fail = p.Fail === 'true' && event.RequestType !== 'Delete'
  const body = JSON.stringify({
    Status: fail ? 'FAILED' : 'SUCCESS',
    Reason: fail ? 'told to fail' : 'ok',
    PhysicalResourceId: event.PhysicalResourceId || 'greeting-' + p.Name,
    StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId,
    Data: { Greeting: 'hello ' + p.Name + ' (' + event.RequestType + ', count ' + p.Count + ', type ' + event.ResourceType + ')' },
  })
  const res = await fetch(event.ResponseURL, { method: 'PUT', headers: { 'content-type': '' }, body })
  if (!res.ok) throw new Error('response PUT failed: ' + res.status)
}
`

const template = (name: string, fail = false) => JSON.stringify({
  Resources: {
    Fn: {
      Type: 'AWS::Lambda::Function',
      Properties: { Runtime: 'nodejs22.x', Handler: 'index.handler', Role: 'arn:aws:iam::000000000000:role/lambda-role', Code: { ZipFile: handler } },
    },
    Greeting: {
      Type: 'Custom::Greeting',
      Properties: { ServiceToken: { 'Fn::GetAtt': ['Fn', 'Arn'] }, Name: name, Count: 3, Fail: fail },
    },
  },
  Outputs: { Greeting: { Value: { 'Fn::GetAtt': ['Greeting', 'Greeting'] } }, Id: { Value: { Ref: 'Greeting' } } },
})

const outputs = async () =>
  Object.fromEntries((await cfn.send(new DescribeStacksCommand({ StackName: 'custom' }))).Stacks![0].Outputs!.map((o) => [o.OutputKey, o.OutputValue]))

describe('Lambda-backed custom resources', () => {
  it('creates, updates and deletes through the function, with Data as attributes', async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'custom', TemplateBody: template('world') }))
    await waitUntilStackCreateComplete({ client: cfn, ...wait }, { StackName: 'custom' })
    expect(await outputs()).toEqual({ Greeting: 'hello world (Create, count 3, type Custom::Greeting)', Id: 'greeting-world' })

    await cfn.send(new UpdateStackCommand({ StackName: 'custom', TemplateBody: template('there') }))
    await waitUntilStackUpdateComplete({ client: cfn, ...wait }, { StackName: 'custom' })
    expect(await outputs()).toEqual({ Greeting: 'hello there (Update, count 3, type Custom::Greeting)', Id: 'greeting-world' })

    await cfn.send(new UpdateStackCommand({ StackName: 'custom', TemplateBody: template('again', true) }))
    await expect(waitUntilStackUpdateComplete({ client: cfn, ...wait }, { StackName: 'custom' })).rejects.toThrow()
    const failed = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'custom' }))).StackEvents!.find((e) => e.ResourceStatus === 'UPDATE_FAILED')!
    expect(failed.ResourceStatusReason).toContain('Received response status [FAILED] from custom resource. Message returned: told to fail')
    expect((await cfn.send(new DescribeStacksCommand({ StackName: 'custom' }))).Stacks![0].StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE')

    await cfn.send(new DeleteStackCommand({ StackName: 'custom' }))
    await waitUntilStackDeleteComplete({ client: cfn, ...wait }, { StackName: 'custom' })
    // The response bucket exists only while a request waits.
    const buckets = await new S3Client(cloud.sdk).send(new ListBucketsCommand({}))
    expect((buckets.Buckets ?? []).map((b) => b.Name)).not.toContain('cloudformation-custom-resource-response-useast1')
  })
})
