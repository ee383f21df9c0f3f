/**
 * The delegated-call seam on its own: the root user (and no delegate) get `ctx.call` itself, untouched; others are
 * judged by the gate's checks on the API's own input shapes (S3 DeleteObjects' keys, API Gateway's wire path).
 */
import { describe, expect, it } from 'vitest'
import { AwsError } from '../core/aws-error.js'
import type { CloudContext } from '../core/types.js'
import { authorizeDelegatedCall, delegatedCall, type Delegate } from './delegated-call.js'

const USER: Delegate = { arn: 'arn:aws:iam::000000000000:user/u', account: '000000000000', userId: 'AIDAU' }

function fakeCloud(statements: object[]) {
  const calls: string[] = []
  const ctx = {
    accountId: '000000000000',
    async call(service: string, operation: string) {
      calls.push(`${service}.${operation}`)
      if (operation === '_policyGeneration') return 1
      if (operation === '_identityPolicies') return { root: false, found: true, policies: [JSON.stringify({ Version: '2012-10-17', Statement: statements })], unknownPolicyArns: [] }
      if (operation === 'GetBucketPolicy') throw new AwsError('NoSuchBucketPolicy', 404, 'none')
      return { done: `${service}.${operation}` }
    },
  } as unknown as CloudContext
  return { ctx, calls }
}

describe('delegatedCall', () => {
  it("is ctx.call itself for the account's root user and for no delegate", () => {
    const { ctx } = fakeCloud([])
    expect(delegatedCall(ctx, undefined, 'us-east-1')).toBe(ctx.call)
    expect(delegatedCall(ctx, { arn: 'arn:aws:iam::000000000000:root', account: '000000000000', userId: '000000000000' }, 'us-east-1')).toBe(ctx.call)
  })

  it('judges S3 DeleteObjects per key given in the API shape', async () => {
    const { ctx } = fakeCloud([{ Effect: 'Allow', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::b/a' }])
    const input = (keys: string[]) => ({ Bucket: 'b', Delete: { Objects: keys.map((Key) => ({ Key })) } })
    await expect(authorizeDelegatedCall(ctx, USER, 's3', 'DeleteObjects', input(['a']), 'us-east-1')).resolves.toBeUndefined()
    await expect(authorizeDelegatedCall(ctx, USER, 's3', 'DeleteObjects', input(['a', 'b']), 'us-east-1')).rejects.toThrow(
      'is not authorized to perform: s3:DeleteObject on resource: "arn:aws:s3:::b/b"',
    )
  })

  it("judges API Gateway operations on their wire route's path, and calls through once allowed", async () => {
    const { ctx, calls } = fakeCloud([{ Effect: 'Allow', Action: 'apigateway:GET', Resource: '*' }])
    const call = delegatedCall(ctx, USER, 'us-east-1')
    await expect(call('apigateway', 'GetResource', { restApiId: 'a1', resourceId: 'r1' })).resolves.toEqual({ done: 'apigateway.GetResource' })
    await expect(call('apigateway', 'PutMethod', { restApiId: 'a1', resourceId: 'r1', httpMethod: 'GET' })).rejects.toThrow(
      'is not authorized to perform: apigateway:PUT on resource: arn:aws:apigateway:us-east-1::/restapis/a1/resources/r1/methods/GET',
    )
    await expect(call('apigatewayv2', 'CreateRoute', { apiId: 'w1', routeKey: '$connect' })).rejects.toThrow('apigateway:POST on resource: arn:aws:apigateway:us-east-1::/apis/w1/routes')
    expect(calls.filter((c) => c.startsWith('apigateway'))).toEqual(['apigateway.GetResource'])
  })
})
