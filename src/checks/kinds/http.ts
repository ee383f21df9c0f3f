/**
 * @module `kind: http`: send one request (as curl would: no Origin, no CORS) and compare status, body,
 * a JSON path and headers with what lab.yaml expects.
 *
 * ```yaml
 * request: { url: "${outputs.ApiUrl}houses", method: GET, headers: {}, body: "…" }
 * expect: { status: 200, bodyContains: "…", jsonPath: "$[0].name", jsonEquals: "…", header: { content-type: json } }
 * ```
 */
import { t } from '../../ui/i18n.js'
import { serverErrorWhy } from './server-error.js'
import { formatRequest, formatResponse } from '../format.js'
import { describeNetworkError } from '../lab-fetch.js'
import type { CheckSpec } from '../types.js'
import { expectField, expectHeaderMap, field, headerEntries, type CheckKind, type KindResult } from './kind.js'
import type { HeaderList } from '../cors/fetch-rules.js'

const JSON_PATH = /^\$((\.[A-Za-z_$][\w$-]*)|(\[\d+\]))*$/

/** Resolve `$`, `$.a.b`, `$[0].name` in parsed JSON; `{found: false}` when a step is missing. */
export function readJsonPath(data: unknown, path: string): { found: boolean; value?: unknown } {
  let value = data
  for (const step of path.slice(1).match(/\.[^.[]+|\[\d+\]/g) ?? []) {
    const key = step.startsWith('[') ? Number(step.slice(1, -1)) : step.slice(1)
    if (value === null || typeof value !== 'object' || !(key in (value as object))) return { found: false }
    value = (value as Record<string | number, unknown>)[key]
  }
  return { found: true, value }
}

function validate(spec: CheckSpec): string[] {
  const errors: string[] = []
  expectField(errors, spec, 'request', 'mapping', true)
  expectField(errors, spec, 'request.url', 'string', true)
  expectField(errors, spec, 'request.method', 'string')
  expectHeaderMap(errors, spec, 'request.headers')
  expectField(errors, spec, 'expect', 'mapping')
  expectField(errors, spec, 'expect.status', 'number')
  expectField(errors, spec, 'expect.bodyContains', 'string')
  expectField(errors, spec, 'expect.jsonPath', 'string')
  expectField(errors, spec, 'expect.header', 'mapping')
  expectField(errors, spec, 'why', 'string')
  const path = field(spec, 'expect.jsonPath')
  if (typeof path === 'string' && !JSON_PATH.test(path)) {
    errors.push(t('checks.spec.badValue', { id: spec.id, field: 'expect.jsonPath', problem: 'must look like $, $.name or $[0].name' }))
  }
  const body = field(spec, 'request.body')
  if (body !== undefined && typeof body !== 'string' && typeof body !== 'object') {
    errors.push(t('checks.spec.type', { id: spec.id, field: 'request.body', type: 'a string or a mapping' }))
  }
  return errors
}

async function run(spec: CheckSpec, ctx: Parameters<CheckKind['run']>[1]): Promise<KindResult> {
  const url = String(field(spec, 'request.url'))
  const method = String(field(spec, 'request.method') ?? 'GET').toUpperCase()
  const headers: HeaderList = headerEntries(field(spec, 'request.headers'))
  const rawBody = field(spec, 'request.body')
  const body = rawBody === undefined ? undefined : typeof rawBody === 'string' ? rawBody : JSON.stringify(rawBody)
  const expect = (field(spec, 'expect') ?? {}) as Record<string, unknown>
  const status = typeof expect.status === 'number' ? expect.status : 200
  const why = typeof spec.why === 'string' ? spec.why : undefined
  const request = formatRequest({ method, url, headers })
  const expected = t('checks.http.expected', {
    status,
    extra: [
      expect.bodyContains ? `, body containing "${expect.bodyContains}"` : '',
      expect.jsonPath ? `, JSON with ${expect.jsonPath}` : '',
    ].join(''),
  })

  let response: Response
  let text: string
  try {
    response = await ctx.fetch(url, { method, headers, body, redirect: 'manual' })
    text = await response.text()
  } catch (error) {
    return {
      passed: false,
      message: t('checks.networkError', { method, url, error: describeNetworkError(error) }),
      expected,
      request,
      why: why ?? t('checks.networkError.why'),
    }
  }
  const responseHeaders: HeaderList = []
  response.headers.forEach((value, name) => responseHeaders.push([name, value]))
  const fail = (message: string): KindResult => ({
    passed: false,
    message,
    expected,
    request,
    response: formatResponse({ status: response.status, statusText: response.statusText, headers: responseHeaders, body: text }),
    why: why ?? serverErrorWhy(response.status, response.headers),
    status: response.status,
  })

  if (response.status !== status) return fail(t('checks.http.badStatus', { method, url, status: response.status, expected: status }))
  if (typeof expect.bodyContains === 'string' && !text.includes(expect.bodyContains)) {
    return fail(t('checks.http.missingText', { method, url, text: expect.bodyContains }))
  }
  for (const [name, wanted] of Object.entries((expect.header ?? {}) as Record<string, unknown>)) {
    const actual = response.headers.get(name)
    if (wanted === false || wanted === null) {
      if (actual !== null) return fail(t('checks.http.headerPresent', { header: name, value: actual }))
    } else if (actual === null) {
      return fail(t('checks.http.headerMissing', { header: name }))
    } else if (!actual.toLowerCase().includes(String(wanted).toLowerCase())) {
      return fail(t('checks.http.headerValue', { header: name, value: actual, expected: String(wanted) }))
    }
  }
  if (typeof expect.jsonPath === 'string' || expect.json === true) {
    let data: unknown
    try {
      data = JSON.parse(text)
    } catch (error) {
      return fail(t('checks.http.notJson', { method, url, error: (error as Error).message }))
    }
    if (typeof expect.jsonPath === 'string') {
      const found = readJsonPath(data, expect.jsonPath)
      if (!found.found) return fail(t('checks.http.jsonPathMissing', { path: expect.jsonPath }))
      if ('jsonEquals' in expect && JSON.stringify(found.value) !== JSON.stringify(expect.jsonEquals)) {
        return fail(
          t('checks.http.jsonPathValue', { path: expect.jsonPath, actual: JSON.stringify(found.value), expected: JSON.stringify(expect.jsonEquals) }),
        )
      }
    }
  }
  return { passed: true, message: t('checks.http.passed', { method, url, status: response.status }) }
}

export const httpKind: CheckKind = { validate, run }
