import { describe, expect, it } from 'vitest'
import type { Target } from '../../deployer/types.js'
import { parsePairs, urlForTarget } from './ws-target.js'

const local = { kind: 'local', region: 'us-east-1', clientConfig: {}, describe: 'local', localPort: 4599 } as Target
const aws = { kind: 'aws', region: 'eu-west-1', clientConfig: {}, describe: 'aws' } as Target

describe('lab ws: the URL for the target', () => {
  it('turns the wss:// URL a stack outputs into the local cloud URL, keeping path and query', () => {
    expect(urlForTarget(new URL('wss://abc123.execute-api.eu-west-1.amazonaws.com/prod?name=alice'), local).href).toBe('ws://abc123.execute-api.localhost:4599/prod?name=alice')
    expect(urlForTarget(new URL('https://abc123.execute-api.eu-west-1.amazonaws.com/prod'), local).href).toBe('http://abc123.execute-api.localhost:4599/prod')
  })

  it('leaves AWS URLs alone for AWS, and any other URL alone everywhere', () => {
    expect(urlForTarget(new URL('wss://abc123.execute-api.eu-west-1.amazonaws.com/prod'), aws).href).toBe('wss://abc123.execute-api.eu-west-1.amazonaws.com/prod')
    expect(urlForTarget(new URL('wss://chat.example.com/prod'), local).href).toBe('wss://chat.example.com/prod')
  })

  it('parses k:v headers and k=v query pairs, refusing ones without a name', () => {
    expect({ ...parsePairs(['Authorization: allow me', 'X-A:1'], ':', '--header') }).toEqual({ Authorization: 'allow me', 'X-A': '1' })
    expect({ ...parsePairs(['name=a=b'], '=', '--query') }).toEqual({ name: 'a=b' })
    expect(() => parsePairs([':x'], ':', '--header')).toThrow(/--header/)
    expect(() => parsePairs(['novalue'], '=', '--query')).toThrow(/name=alice/)
    // A name from the command line never reaches the prototype.
    expect(Object.getPrototypeOf(parsePairs(['__proto__=x'], '=', '--query'))).toBeNull()
  })
})
