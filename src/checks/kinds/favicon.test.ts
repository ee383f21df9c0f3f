import { describe, expect, it } from 'vitest'
import { isMissingFavicon } from './browser.js'

describe('the browser check ignores the missing favicon', () => {
  it("drops Chrome's 404 for /favicon.ico, and nothing else", () => {
    const failed = 'Failed to load resource: the server responded with a status of 404 (Not Found)'
    expect(isMissingFavicon(failed, 'http://site.s3-website.localhost:4599/favicon.ico')).toBe(true)
    expect(isMissingFavicon(failed, 'http://api.execute-api.localhost:4599/prod/houses')).toBe(false)
    expect(isMissingFavicon('Access to fetch at … has been blocked by CORS policy', 'http://site/favicon.ico')).toBe(false)
    expect(isMissingFavicon(failed, undefined)).toBe(false)
  })
})
