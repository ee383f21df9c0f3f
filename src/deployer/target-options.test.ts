import { describe, expect, it } from 'vitest'
import { LabError } from '../runner/errors.js'
import { checkTargetOptions, parseEndpoint } from './target-options.js'

const refusal = (run: () => unknown) => {
  try {
    run()
  } catch (err) {
    expect(err).toBeInstanceOf(LabError)
    return (err as LabError).message
  }
  throw new Error('expected a LabError')
}

describe('parseEndpoint', () => {
  it('takes http and https URLs with a host', () => {
    expect(parseEndpoint('http://localhost:4566').port).toBe('4566')
    expect(parseEndpoint('https://cloudformation.eu-west-1.amazonaws.com').hostname).toBe('cloudformation.eu-west-1.amazonaws.com')
    expect(parseEndpoint('http://[::1]:4599/').hostname).toBe('[::1]')
  })

  it.each(['not-a-url', 'localhost:4671', 'ftp://localhost:21', 'http://', '', 'file:///tmp/x'])('refuses %j with an example', (raw) => {
    const message = refusal(() => parseEndpoint(raw))
    expect(message).toContain(`--endpoint "${raw}" is not an http:// or https:// URL`)
    expect(message).toContain('--endpoint http://localhost:4566')
  })
})

describe('checkTargetOptions', () => {
  it('refuses --target beside --endpoint, naming both', () => {
    for (const target of ['local', 'aws'] as const) {
      const message = refusal(() => checkTargetOptions({ target, endpoint: 'http://localhost:4566' }))
      expect(message).toBe(`--endpoint stands instead of --target: pass either --target ${target} or --endpoint http://localhost:4566, not both.`)
    }
  })

  it('lets a target, or a well-formed endpoint alone, through', () => {
    expect(() => checkTargetOptions({ target: 'local' })).not.toThrow()
    expect(() => checkTargetOptions({ endpoint: 'http://127.0.0.1:4566', profile: 'dev', region: 'eu-west-1' })).not.toThrow()
  })
})
