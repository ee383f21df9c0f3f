import { describe, expect, it } from 'vitest'
import { isLoopbackHost } from './localhost.js'

describe('isLoopbackHost', () => {
  it.each(['localhost', 'LOCALHOST', 'api.localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1'])('%s is this machine', (host) => {
    expect(isLoopbackHost(host)).toBe(true)
  })
  it.each(['localhost.example.com', '128.0.0.1', '10.0.0.1', '169.254.169.254', '[::2]', 'example.com', '0.0.0.0'])('%s is not', (host) => {
    expect(isLoopbackHost(host)).toBe(false)
  })
  it('sees through the forms new URL normalises', () => {
    expect(isLoopbackHost(new URL('http://127.1:4599').hostname)).toBe(true)
    expect(isLoopbackHost(new URL('http://[0:0::1]:4599').hostname)).toBe(true)
  })
})
