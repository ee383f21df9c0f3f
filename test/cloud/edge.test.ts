import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'

let cloud: TestCloud
useTestCloud((c) => {
  cloud = c
})

describe('edge', () => {
  it('answers STS GetCallerIdentity with the local account', async () => {
    const sts = new STSClient(cloud.sdk)
    const identity = await sts.send(new GetCallerIdentityCommand({}))
    expect(identity.Account).toBe('000000000000')
  })

  it('rejects an unknown query action in the query protocol shape', async () => {
    const res = await fetch(`${cloud.endpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=x',
      },
      body: 'Action=Nope&Version=2011-06-15',
    })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('<Code>InvalidAction</Code>')
  })

  it('answers a request for no known service with an AWS-shaped error, and keeps serving', async () => {
    const res = await fetch(`${cloud.endpoint}/whatever`, { method: 'POST', body: '\u0000garbage' })
    expect(res.status).toBe(400)
    expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException')
    const health = await fetch(`${cloud.endpoint}/_lab/health`)
    expect(health.status).toBe(200)
  })
})
