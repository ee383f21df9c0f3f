import { describe, expect, it } from 'vitest'
import { formatLogEvent } from './logs.js'

describe('formatLogEvent', () => {
  it('prefixes every line with the function and time, and shows terminal escapes from a caller as text', () => {
    const lines = formatLogEvent({ logicalId: 'SendMessageFunction', timestamp: Date.UTC(2026, 11, 4, 5, 40, 12), message: 'got\t\u001b]0;pwned\u0007\nnext line  ' } as never)
    expect(lines).toEqual(['SendMessageFunction 2026-12-04 05:40:12  got\t\\u001b]0;pwned\\u0007', 'SendMessageFunction 2026-12-04 05:40:12  next line'])
  })
})
