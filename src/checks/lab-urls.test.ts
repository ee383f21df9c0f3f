import { describe, expect, it } from 'vitest'
import { localizeOutputs, localizeUrl } from './lab-urls.js'

const endpoint = 'http://localhost:4599'

describe('lab URLs', () => {
  it.each([
    ['https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/', 'http://a1b2c3d4e5.execute-api.localhost:4599/prod/'],
    ['wss://a1b2c3d4e5.execute-api.ap-northeast-2.amazonaws.com/Prod', 'ws://a1b2c3d4e5.execute-api.localhost:4599/Prod'],
    ['http://my-site.s3-website-us-east-1.amazonaws.com', 'http://my-site.s3-website.localhost:4599'],
    ['http://my.site.s3-website.eu-central-1.amazonaws.com/index.html', 'http://my.site.s3-website.localhost:4599/index.html'],
    ['https://my-bucket.s3.amazonaws.com/key', 'http://my-bucket.s3.localhost:4599/key'],
    ['http://a1b2c3d4e5.execute-api.localhost:4599/prod/', 'http://a1b2c3d4e5.execute-api.localhost:4599/prod/'],
    ['https://example.com/prod/', 'https://example.com/prod/'],
    ['arn:aws:s3:::my-bucket', 'arn:aws:s3:::my-bucket'],
  ])('%s → %s', (input, output) => {
    expect(localizeUrl(input, endpoint)).toBe(output)
  })

  it('maps every output and is idempotent', () => {
    const outputs = { ApiUrl: 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/', WebsiteBucketName: 'b' }
    const once = localizeOutputs(outputs, endpoint)
    expect(once).toEqual({ ApiUrl: 'http://abc123.execute-api.localhost:4599/prod/', WebsiteBucketName: 'b' })
    expect(localizeOutputs(once, endpoint)).toEqual(once)
  })
})
