import { describe, expect, it } from 'vitest'
import { corsCheck, preflightCheck, type CredentialsMode } from './cors-check.js'

const origin = 'http://site.example'

function view(status: number, headers: Record<string, string>) {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
  return { status, headers: { get: (name: string) => lower[name.toLowerCase()] ?? null } }
}

describe('corsCheck', () => {
  it.each([
    [{}, 'same-origin', 'MissingAllowOriginHeader'],
    [{ 'Access-Control-Allow-Origin': '*' }, 'omit', undefined],
    [{ 'Access-Control-Allow-Origin': '*' }, 'include', 'WildcardOriginNotAllowed'],
    [{ 'Access-Control-Allow-Origin': origin }, 'same-origin', undefined],
    [{ 'Access-Control-Allow-Origin': 'HTTP://SITE.EXAMPLE' }, 'same-origin', 'AllowOriginMismatch'],
    [{ 'Access-Control-Allow-Origin': `${origin}, http://b.example` }, 'same-origin', 'MultipleAllowOriginValues'],
    [{ 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' }, 'include', undefined],
    [{ 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'TRUE' }, 'include', 'InvalidAllowCredentials'],
  ] as [Record<string, string>, CredentialsMode, string | undefined][])('%j (%s) → %s', (headers, credentials, code) => {
    expect(corsCheck(view(200, headers), origin, credentials)?.code).toBe(code)
  })
})

describe('preflightCheck', () => {
  const request = { method: 'PATCH', headers: [['Content-Type', 'application/json']] as [string, string][], origin, credentials: 'same-origin' as const }

  it('checks allow-origin before the status, then methods, then headers', () => {
    expect(preflightCheck(view(403, {}), request)?.code).toBe('PreflightMissingAllowOriginHeader')
    expect(preflightCheck(view(403, { 'access-control-allow-origin': '*' }), request)?.code).toBe('PreflightInvalidStatus')
    expect(preflightCheck(view(204, { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'PATCH' }), request)).toEqual({
      code: 'HeaderDisallowedByPreflightResponse',
      hint: 'content-type',
    })
    expect(preflightCheck(view(200, { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type' }), request)).toEqual({
      code: 'MethodDisallowedByPreflightResponse',
      hint: 'PATCH',
    })
    const ok = view(200, { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'PATCH', 'access-control-allow-headers': 'Content-Type' })
    expect(preflightCheck(ok, request)).toBeUndefined()
  })
})
