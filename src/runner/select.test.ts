import { describe, expect, it } from 'vitest'
import { targetKindOf, targetOptionsFor } from './select.js'

describe('targetOptionsFor', () => {
  it('defaults to the local cloud, else to where the lab was last deployed', () => {
    expect(targetOptionsFor({}, undefined)).toEqual({ target: 'local' })
    expect(targetOptionsFor({}, { target: { target: 'aws', region: 'eu-west-1' } })).toEqual({ target: 'aws', region: 'eu-west-1' })
  })

  it('flags win over the remembered target; --profile alone means AWS', () => {
    const remembered = { target: { target: 'aws' as const, region: 'eu-west-1' } }
    expect(targetOptionsFor({ target: 'local' }, remembered)).toEqual({ target: 'local' })
    expect(targetOptionsFor({ profile: 'dev' }, undefined)).toEqual({ target: 'aws', profile: 'dev' })
    expect(targetOptionsFor({ endpoint: 'http://127.0.0.1:4566' }, remembered)).toEqual({ endpoint: 'http://127.0.0.1:4566' })
  })

  it('refuses --target beside --endpoint, and an endpoint that is not a URL, before anything happens', () => {
    expect(() => targetOptionsFor({ target: 'local', endpoint: 'http://localhost:4566' }, undefined)).toThrow(/instead of --target/)
    expect(() => targetOptionsFor({ endpoint: 'localhost:4671' }, undefined)).toThrow(/not an http:\/\/ or https:\/\/ URL/)
  })

  it('knows the kind before resolving (for the cost line)', () => {
    expect(targetKindOf({ endpoint: 'http://x' })).toBe('endpoint')
    expect(targetKindOf({ target: 'aws' })).toBe('aws')
    expect(targetKindOf({})).toBe('local')
  })
})
