import { describe, expect, it } from 'vitest'
import {
  corsUnsafeRequestHeaderNames,
  isCorsSafelistedRequestHeader,
  isForbiddenRequestHeader,
  isReadableResponseHeader,
  needsPreflight,
  normalizeMethod,
  parseAllowList,
} from './fetch-rules.js'

describe('Fetch standard rules', () => {
  it.each([
    ['Accept', 'application/json', true],
    ['Accept', 'text/html(x)', false],
    ['Accept-Language', 'ko-KR,en;q=0.9', true],
    ['Accept-Language', 'ko_KR', false],
    ['Content-Language', 'en', true],
    ['Content-Type', 'text/plain;charset=UTF-8', true],
    ['Content-Type', 'application/json', false],
    ['Content-Type', 'text/plain; a="x:y"', false],
    ['Range', 'bytes=0-', true],
    ['Range', 'bytes=5-1', false],
    ['Range', 'bytes=0-1,3-4', false],
    ['X-Lab-Client', 'site', false],
    ['Authorization', 'Bearer x', false],
  ])('%s: %s is safelisted: %s', (name, value, safe) => {
    expect(isCorsSafelistedRequestHeader(name, value)).toBe(safe)
  })

  it('counts safelisted values over 1024 bytes in total as unsafe', () => {
    const headers: [string, string][] = Array.from({ length: 9 }, () => ['Accept-Language', 'a'.repeat(120)])
    expect(corsUnsafeRequestHeaderNames(headers)).toEqual(['accept-language'])
    expect(corsUnsafeRequestHeaderNames(headers.slice(0, 8))).toEqual([])
  })

  it('leaves forbidden headers out and sorts the rest in lower case', () => {
    expect(corsUnsafeRequestHeaderNames([['X-Z', '1'], ['Cookie', 'a=b'], ['Sec-Fetch-Mode', 'cors'], ['x-a', '1'], ['X-A', '2']])).toEqual(['x-a', 'x-z'])
    expect(isForbiddenRequestHeader('Proxy-Authorization', 'x')).toBe(true)
    expect(isForbiddenRequestHeader('X-HTTP-Method-Override', 'TRACE')).toBe(true)
    expect(isForbiddenRequestHeader('X-HTTP-Method-Override', 'PATCH')).toBe(false)
  })

  it('decides on preflights by method and headers', () => {
    expect(needsPreflight('GET', [])).toBe(false)
    expect(needsPreflight('HEAD', [['Accept', '*/*']])).toBe(false)
    expect(needsPreflight('PATCH', [])).toBe(true)
    expect(needsPreflight('GET', [['X-Lab-Client', 'x']])).toBe(true)
    expect(normalizeMethod('delete')).toBe('DELETE')
    expect(normalizeMethod('patch')).toBe('patch')
  })

  it('parses allow lists as comma-separated tokens', () => {
    expect(parseAllowList('GET, POST,,OPTIONS ', false)).toEqual(new Set(['GET', 'POST', 'OPTIONS']))
    expect(parseAllowList('X-Lab-Client', true)).toEqual(new Set(['x-lab-client']))
    expect(parseAllowList(null, true)).toEqual(new Set())
    expect(parseAllowList('a b', true)).toBeUndefined()
  })

  it('lets script read only safelisted or exposed response headers', () => {
    expect(isReadableResponseHeader('Content-Type', null, false)).toBe(true)
    expect(isReadableResponseHeader('x-amzn-requestid', null, false)).toBe(false)
    expect(isReadableResponseHeader('x-amzn-requestid', 'X-Amzn-RequestId', false)).toBe(true)
    expect(isReadableResponseHeader('x-amzn-requestid', '*', false)).toBe(true)
    expect(isReadableResponseHeader('x-amzn-requestid', '*', true)).toBe(false)
  })
})
