import { describe, expect, it } from 'vitest'
import { FrameGuard } from './frame-guard.js'
import { selectRouteKey } from './route-selection.js'

describe('selectRouteKey (the examples of AWS’s route selection docs)', () => {
  const message = '{"service":"chat","action":"join","tags":["a","b"],"meta":{"kind":"x"}}'
  it('reads a property, a nested path, and interpolates templates', () => {
    expect(selectRouteKey('$request.body.action', message)).toBe('join')
    expect(selectRouteKey('$request.body.meta.kind', message)).toBe('x')
    expect(selectRouteKey('${request.body.service}/${request.body.action}', message)).toBe('chat/join')
    expect(selectRouteKey('${request.body.action}-${request.body.invalidPath}', message)).toBe('join-')
  })
  it('renders arrays and objects as Java does, and keeps literals', () => {
    expect(selectRouteKey('$request.body.tags', message)).toBe('[a, b]')
    expect(selectRouteKey('$request.body.meta', message)).toBe('{kind=x}')
    expect(selectRouteKey('action', message)).toBe('action')
    expect(selectRouteKey('\\$default', message)).toBe('$default')
  })
  it('has no key for a message that is not JSON, and never follows the prototype', () => {
    expect(selectRouteKey('$request.body.action', 'hello')).toBeUndefined()
    expect(selectRouteKey('$request.body.action', '"action"')).toBeUndefined()
    expect(selectRouteKey('$request.body.constructor', '{}')).toBe('')
    expect(selectRouteKey('$request.body.__proto__', '{"a":1}')).toBe('')
  })
})

/** A masked client frame's header: FIN + opcode, then the length in 7, 16 or 64 bits, then the mask key. */
function header(opcode: number, length: number): Buffer {
  const ext = length > 65535 ? 8 : length > 125 ? 2 : 0
  const h = Buffer.alloc(2 + ext + 4)
  h[0] = 0x80 | opcode
  h[1] = 0x80 | (ext === 8 ? 127 : ext === 2 ? 126 : length)
  if (ext === 2) h.writeUInt16BE(length, 2)
  if (ext === 8) h.writeBigUInt64BE(BigInt(length), 2)
  return h
}

describe('FrameGuard', () => {
  it('lets frames up to the limit through, in any chunking, and stops at the first one over it', () => {
    const guard = new FrameGuard(100)
    const stream = Buffer.concat([header(1, 100), Buffer.alloc(100), header(9, 4), Buffer.alloc(4), header(0, 101), Buffer.alloc(101)])
    const verdicts = []
    for (let i = 0; i < stream.length; i += 3) verdicts.push(guard.feed(stream.subarray(i, i + 3)))
    expect(verdicts.filter(Boolean)).toEqual([{ code: 1009, reason: 'Frame size exceeded' }])
  })
  it('refuses binary frames (1003) and 64-bit lengths over the limit (1009)', () => {
    expect(new FrameGuard(100).feed(header(2, 3))).toEqual({ code: 1003, reason: 'Binary frames are not supported' })
    expect(new FrameGuard(32768).feed(header(1, 70000))).toMatchObject({ code: 1009 })
  })
})
