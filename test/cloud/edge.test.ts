import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { markedFetch, signAs } from '../helpers/signed-fetch.js'

const fetch = (url: string, init?: Parameters<typeof markedFetch>[2]) => markedFetch(cloud, url, init)

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
        ...signAs('sts'),
      },
      body: 'Action=Nope&Version=2011-06-15',
    })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('<Code>InvalidAction</Code>')
  })

  it('answers a request for no known service with an AWS-shaped error, and keeps serving', async () => {
    // Unsigned: AWS's endpoints answer that the signature is missing before anything else.
    const res = await fetch(`${cloud.endpoint}/whatever`, { method: 'POST', body: '\u0000garbage' })
    expect(res.status).toBe(403)
    expect(res.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException')
    const health = await fetch(`${cloud.endpoint}/_lab/health`)
    expect(health.status).toBe(200)
  })
})
