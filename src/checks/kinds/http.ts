/**
 * @module `kind: http`: send one request (as curl would: no Origin, no CORS) and compare status, body,
 * a JSON path and headers with what lab.yaml expects.
 *
 * ```yaml
 * request: { url: "${outputs.ApiUrl}houses", method: GET, headers: {}, body: "…" }   # + sign/cognito/bearer: request-auth.ts
 * expect: { status: 200, bodyContains: "…", jsonPath: "$[0].name", jsonEquals: "…", header: { content-type: json } }
 * ```
 */
import { randomUUID } from 'node:crypto'
import { t } from '../../ui/i18n.js'
import { serverErrorWhy } from './server-error.js'
import { formatRequest, formatResponse } from '../format.js'
import { describeNetworkError } from '../lab-fetch.js'
import type { CheckContext, CheckSpec } from '../types.js'
import { expectField, expectHeaderMap, field, headerEntries, type CheckKind, type KindResult } from './kind.js'
import type { HeaderList } from '../cors/fetch-rules.js'
import { authenticate, fillUnique, RequestAuthError, validateRequestAuth, type OutgoingRequest } from './request-auth.js'

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

/** Problems with a request/expect pair at `at` (`''` for the http kind itself, `steps.0.` in a sequence). */
export function validateRequest(errors: string[], spec: CheckSpec, at = ''): void {
  expectField(errors, spec, `${at}request`, 'mapping', true)
  expectField(errors, spec, `${at}request.url`, 'string', true)
  expectField(errors, spec, `${at}request.method`, 'string')
  expectHeaderMap(errors, spec, `${at}request.headers`)
  validateRequestAuth(errors, spec, `${at}request`)
  expectField(errors, spec, `${at}expect`, 'mapping')
  expectField(errors, spec, `${at}expect.status`, 'number')
  expectField(errors, spec, `${at}expect.bodyContains`, 'string')
  expectField(errors, spec, `${at}expect.jsonPath`, 'string')
  expectField(errors, spec, `${at}expect.header`, 'mapping')
  const path = field(spec, `${at}expect.jsonPath`)
  if (typeof path === 'string' && !JSON_PATH.test(path)) {
    errors.push(t('checks.spec.badValue', { id: spec.id, field: `${at}expect.jsonPath`, problem: 'must look like $, $.name or $[0].name' }))
  }
  const body = field(spec, `${at}request.body`)
  if (body !== undefined && typeof body !== 'string' && typeof body !== 'object') {
    errors.push(t('checks.spec.type', { id: spec.id, field: `${at}request.body`, type: 'a string or a mapping' }))
  }
}

function validate(spec: CheckSpec): string[] {
  const errors: string[] = []
  validateRequest(errors, spec)
  expectField(errors, spec, 'why', 'string')
  return errors
}

function parsedOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** AWS's own words in an error body (`{"message": "…"}` or `{"Message": "…"}`), if there are any. */
export function awsMessage(text: string): string | undefined {
  const data = parsedOrUndefined(text) as Record<string, unknown> | undefined
  const message = data && typeof data === 'object' ? (data.message ?? data.Message) : undefined
  return typeof message === 'string' && message ? message : undefined
}

/** The outcome of one request: the kind's result, plus the parsed JSON body for a sequence to compare. */
export interface RequestOutcome {
  result: KindResult
  json?: unknown
}

/** Send the request at `at`, authenticated as it says, and compare the answer with its `expect`. */
export async function runRequest(spec: CheckSpec, ctx: CheckContext, at = '', why?: string): Promise<RequestOutcome> {
  const url = String(field(spec, `${at}request.url`))
  const method = String(field(spec, `${at}request.method`) ?? 'GET').toUpperCase()
  const rawBody = field(spec, `${at}request.body`)
  const body = rawBody === undefined ? undefined : typeof rawBody === 'string' ? rawBody : JSON.stringify(rawBody)
  const expect = (field(spec, `${at}expect`) ?? {}) as Record<string, unknown>
  const status = typeof expect.status === 'number' ? expect.status : 200
  const expected = t('checks.http.expected', {
    status,
    extra: [
      expect.bodyContains ? `, body containing "${expect.bodyContains}"` : '',
      expect.jsonPath ? `, JSON with ${expect.jsonPath}` : '',
    ].join(''),
  })
  const unsent: OutgoingRequest = { url, method, headers: headerEntries(field(spec, `${at}request.headers`)), body }
  const request = formatRequest({ method, url, headers: [...unsent.headers, ...authNote(spec, at)] })

  let response: Response
  let text: string
  try {
    const sent = await authenticate(spec, `${at}request`, unsent, ctx)
    response = await ctx.fetch(url, { method, headers: sent.headers, body, redirect: 'manual' })
    text = await response.text()
  } catch (error) {
    if (error instanceof RequestAuthError) return { result: { passed: false, message: error.message, expected, request, why } }
    return {
      result: {
        passed: false,
        message: t('checks.networkError', { method, url, error: describeNetworkError(error) }),
        expected,
        request,
        why: why ?? t('checks.networkError.why'),
      },
    }
  }
  const responseHeaders: HeaderList = []
  response.headers.forEach((value, name) => responseHeaders.push([name, value]))
  const fail = (message: string): RequestOutcome => ({
    result: {
      passed: false,
      message,
      expected,
      request,
      response: formatResponse({ status: response.status, statusText: response.statusText, headers: responseHeaders, body: text }),
      why: why ?? serverErrorWhy(response.status, response.headers),
      status: response.status,
    },
  })

  if (response.status !== status) {
    const message = awsMessage(text)
    return fail(
      message
        ? t('checks.http.badStatusMessage', { method, url, status: response.status, expected: status, message })
        : t('checks.http.badStatus', { method, url, status: response.status, expected: status }),
    )
  }
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
  let data: unknown
  if (typeof expect.jsonPath === 'string' || expect.json === true) {
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
  if (data === undefined) data = parsedOrUndefined(text)
  return { result: { passed: true, message: t('checks.http.passed', { method, url, status: response.status }) }, json: data }
}

/** A line for the report saying how the request proves its identity (never the secret or the token itself). */
function authNote(spec: CheckSpec, at: string): HeaderList {
  const sign = field(spec, `${at}request.sign`)
  const cognito = field(spec, `${at}request.cognito`) as Record<string, string> | undefined
  const bearer = field(spec, `${at}request.bearer`)
  if (typeof bearer === 'string') return [['Authorization', bearer]]
  if (cognito) return [['Authorization', t('checks.auth.noteToken', { token: cognito.token, user: cognito.username })]]
  if (sign === true) return [['Authorization', t('checks.auth.noteSigned')]]
  if (sign && typeof sign === 'object') return [['Authorization', t('checks.auth.noteSignedAs', { key: String((sign as Record<string, unknown>).accessKeyId) })]]
  return []
}

async function run(spec: CheckSpec, ctx: CheckContext): Promise<KindResult> {
  const unique = randomUUID().slice(0, 8)
  const filled = fillUnique(spec, unique)
  return (await runRequest(filled, ctx, '', typeof spec.why === 'string' ? spec.why : undefined)).result
}

export const httpKind: CheckKind = { validate, run }
