import { describe, expect, it } from 'vitest'
import { rootCauses } from '../../src/deployer/events.js'
import { resourceType } from '../../src/deployer/teardown.js'
import type { StackEventView } from '../../src/deployer/types.js'

const at = new Date(0)
const ev = (logicalId: string, resourceType: string, status: string, reason?: string): StackEventView => ({
  timestamp: at,
  logicalId,
  resourceType,
  status,
  ...(reason ? { reason } : {}),
})

describe('rootCauses', () => {
  it('picks the failing resource, not the cancelled bystanders or the stack', () => {
    const events = [
      ev('lab-350', 'AWS::CloudFormation::Stack', 'CREATE_IN_PROGRESS', 'User Initiated'),
      ev('Fn', 'AWS::Lambda::Function', 'CREATE_FAILED', 'Resource handler returned message: "Runtime nodejs4 is not supported"'),
      ev('Bucket', 'AWS::S3::Bucket', 'CREATE_FAILED', 'Resource creation cancelled'),
      ev('lab-350', 'AWS::CloudFormation::Stack', 'ROLLBACK_IN_PROGRESS', 'The following resource(s) failed to create: [Fn, Bucket].'),
    ]
    expect(rootCauses(events).map((e) => e.logicalId)).toEqual(['Fn'])
  })

  it('falls back to the cancelled ones when nothing else explains the failure', () => {
    expect(rootCauses([ev('Bucket', 'AWS::S3::Bucket', 'CREATE_FAILED', 'Resource creation cancelled')])).toHaveLength(1)
  })
})

describe('resourceType', () => {
  it('names the service and resource kind from an ARN', () => {
    expect(resourceType('arn:aws:lambda:us-east-1:000000000000:function:houses')).toBe('lambda:function')
    expect(resourceType('arn:aws:s3:::my-bucket')).toBe('s3')
    expect(resourceType('arn:aws:apigateway:us-east-1::/restapis/abc123')).toBe('apigateway:restapis')
    expect(resourceType('arn:aws:iam::000000000000:role/lab-role')).toBe('iam:role')
  })
})
