import { describe, expect, it } from 'vitest'
import { localizeOutputs, localizeUrl } from './local-urls.js'

describe('localizeUrl', () => {
  it('maps an execute-api URL to the local host style, keeping the stage path', () => {
    expect(localizeUrl('https://u2j6yb9crh.execute-api.us-east-1.amazonaws.com/prod/', 4599)).toBe(
      'http://u2j6yb9crh.execute-api.localhost:4599/prod/',
    )
  })
  it('maps a WebSocket API endpoint (wss://) to ws:// on the local host style, with or without the stage', () => {
    expect(localizeUrl('wss://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com', 4599)).toBe('ws://a1b2c3d4e5.execute-api.localhost:4599')
    expect(localizeUrl('wss://a1b2c3d4e5.execute-api.ap-northeast-2.amazonaws.com/Prod', 4599)).toBe('ws://a1b2c3d4e5.execute-api.localhost:4599/Prod')
    expect(localizeUrl('wss://example.com/Prod', 4599)).toBe('wss://example.com/Prod')
  })
  it('maps both S3 website endpoint spellings', () => {
    expect(localizeUrl('http://my-site.s3-website-us-east-1.amazonaws.com', 4599)).toBe('http://my-site.s3-website.localhost:4599')
    expect(localizeUrl('http://my-site.s3-website.eu-west-2.amazonaws.com/a', 1)).toBe('http://my-site.s3-website.localhost:1/a')
  })
  it('leaves anything else alone', () => {
    expect(localizeOutputs({ Name: 'bucket', Url: 'https://example.com/x' }, 1)).toEqual({ Name: 'bucket', Url: 'https://example.com/x' })
  })
})
