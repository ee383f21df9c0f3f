/**
 * @module `kind: cors`: would a browser page at `origin` be allowed to read this response? Runs the
 * Fetch standard's CORS protocol (see ../cors/) and reports Chrome's own console text on failure.
 *
 * ```yaml
 * origin: "${origin:outputs.WebsiteURL}"
 * request: { url: "${outputs.ApiUrl}houses", method: GET, headers: { X-Lab-Client: site }, credentials: omit }
 * expect: { status: 200, readableHeaders: [x-request-id] }
 * why: "…"            # or a mapping: { MissingAllowOriginHeader: "…", default: "…" }
 * ```
 */
import { t } from '../../ui/i18n.js'
import { serverErrorWhy } from './server-error.js'
import { chromeCorsMessage } from '../cors/chrome-messages.js'
import type { CredentialsMode } from '../cors/cors-check.js'
import {
  corsUnsafeRequestHeaderNames,
  isCorsSafelistedMethod,
  isForbiddenRequestHeader,
  isReadableResponseHeader,
  needsPreflight,
  normalizeMethod,
  type HeaderList,
} from '../cors/fetch-rules.js'
import { simulateCorsFetch, type CorsOutcome } from '../cors/simulate.js'
import { formatRequest, formatResponse } from '../format.js'
import { describeNetworkError } from '../lab-fetch.js'
import type { CheckContext, CheckSpec } from '../types.js'
import { expectField, expectHeaderMap, field, headerEntries, type CheckKind, type KindResult } from './kind.js'

const CREDENTIALS: CredentialsMode[] = ['omit', 'same-origin', 'include']

function validate(spec: CheckSpec): string[] {
  const errors: string[] = []
  expectField(errors, spec, 'origin', 'string', true)
  expectField(errors, spec, 'request', 'mapping', true)
  expectField(errors, spec, 'request.url', 'string', true)
  expectField(errors, spec, 'request.method', 'string')
  expectHeaderMap(errors, spec, 'request.headers')
  expectField(errors, spec, 'request.body', 'string')
  expectField(errors, spec, 'expect', 'mapping')
  expectField(errors, spec, 'expect.status', 'number')
  expectField(errors, spec, 'expect.readableHeaders', 'list')
  const credentials = field(spec, 'request.credentials')
  if (credentials !== undefined && !CREDENTIALS.includes(credentials as CredentialsMode)) {
    errors.push(t('checks.spec.badValue', { id: spec.id, field: 'request.credentials', problem: 'must be omit, same-origin or include' }))
  }
  for (const [name, value] of headerEntries(field(spec, 'request.headers'))) {
    if (isForbiddenRequestHeader(name, value)) {
      errors.push(t('checks.spec.forbiddenHeader', { id: spec.id, field: 'request.headers', header: name }))
    }
  }
  if (spec.why !== undefined && typeof spec.why !== 'string' && (typeof spec.why !== 'object' || Array.isArray(spec.why))) {
    errors.push(t('checks.spec.type', { id: spec.id, field: 'why', type: 'a string or a mapping of CORS error → text' }))
  }
  return errors
}

/** The lab's own `why` (string, or per Chrome error code with `default`), else the catalog's. */
function whyFor(spec: CheckSpec, code: string | undefined): string {
  if (typeof spec.why === 'string') return spec.why
  const map = (spec.why ?? {}) as Record<string, string>
  if (code && map[code]) return map[code]
  if (map.default) return map.default
  const key = `checks.cors.why.${code}`
  const text = t(key)
  return text === key ? t('checks.cors.why.default') : text
}

function describeExpectation(origin: string, method: string, headers: HeaderList, credentials: CredentialsMode): string {
  const allow = credentials === 'include' ? t('checks.cors.allow.credentials', { origin }) : t('checks.cors.allow.any', { origin })
  if (!needsPreflight(method, headers)) return t('checks.cors.expected.simple', { method, origin, allow })
  const unsafe = corsUnsafeRequestHeaderNames(headers)
  const reasons = [
    ...(isCorsSafelistedMethod(method) ? [] : [t('checks.cors.reason.method', { method })]),
    ...(unsafe.length ? [t('checks.cors.reason.headers', { names: unsafe.join(', ') })] : []),
  ].join(t('checks.cors.and'))
  // GET, HEAD and POST never need to be listed in Access-Control-Allow-Methods.
  const needs = [
    ...(isCorsSafelistedMethod(method) ? [] : [t('checks.cors.expected.methods', { method })]),
    ...(unsafe.length ? [t('checks.cors.expected.headers', { names: unsafe.join(', ') })] : []),
  ].join(t('checks.cors.and'))
  return t('checks.cors.expected.preflight', { method, origin, allow, reasons, needs })
}

function transcript(outcome: CorsOutcome): { request: string; response: string } {
  const exchanges = [...(outcome.preflight ? [outcome.preflight] : []), ...outcome.actual]
  return {
    request: exchanges.map((e) => formatRequest(e.request)).join('\n'),
    response: exchanges.map((e) => (e.response ? `${e.request.method} → ${formatResponse(e.response)}` : `${e.request.method} → (no response)`)).join('\n'),
  }
}

async function run(spec: CheckSpec, ctx: CheckContext): Promise<KindResult> {
  const origin = String(spec.origin)
  const url = String(field(spec, 'request.url'))
  const method = normalizeMethod(String(field(spec, 'request.method') ?? 'GET'))
  const headers = headerEntries(field(spec, 'request.headers'))
  const body = field(spec, 'request.body') as string | undefined
  const credentials = (field(spec, 'request.credentials') ?? 'same-origin') as CredentialsMode
  const expect = (field(spec, 'expect') ?? {}) as { status?: number; readableHeaders?: string[] }
  const expected = describeExpectation(origin, method, headers, credentials)

  const outcome = await simulateCorsFetch({ origin, url, method, headers, body, credentials }, ctx.fetch)
  const { request, response } = transcript(outcome)
  const report = { expected, request, response }

  if (outcome.networkError) {
    return {
      passed: false,
      message: t('checks.networkError', { method: outcome.preflight && !outcome.actual.length ? 'OPTIONS' : method, url: outcome.networkError.url, error: describeNetworkError(outcome.networkError.error) }),
      ...report,
      why: t('checks.networkError.why'),
    }
  }
  if (outcome.blocked) {
    const { error, url: blockedUrl, initialUrl, origin: shownOrigin } = outcome.blocked
    // The answer the browser refused: the preflight's, or the last one of the actual request.
    const refused = outcome.actual.length ? outcome.actual[outcome.actual.length - 1].response : outcome.preflight?.response
    return {
      passed: false,
      message: chromeCorsMessage(error, { url: blockedUrl, initialUrl, origin: shownOrigin }),
      ...report,
      // A 5xx behind a CORS error: the CORS advice would send the learner the wrong way.
      why: serverErrorWhy(refused?.status, refused?.headers) ?? whyFor(spec, error.code),
      status: refused?.status,
    }
  }
  const final = outcome.response!
  const wantedStatus = expect.status
  if (wantedStatus !== undefined && final.status !== wantedStatus) {
    const why = serverErrorWhy(final.status, final.headers) ?? whyFor(spec, undefined)
    return { passed: false, message: t('checks.cors.badStatus', { method, url, status: final.status, expected: wantedStatus }), ...report, why, status: final.status }
  }
  for (const name of expect.readableHeaders ?? []) {
    const readable = !outcome.crossOrigin || isReadableResponseHeader(name, final.headers.get('access-control-expose-headers'), credentials === 'include')
    if (!readable) return { passed: false, message: t('checks.cors.unreadableHeader', { header: name }), ...report, why: whyFor(spec, undefined) }
  }
  if (!outcome.crossOrigin) return { passed: true, message: t('checks.cors.sameOrigin') }
  const summary = outcome.preflight
    ? t('checks.cors.summary.preflight', { preflight: outcome.preflight.response!.status, method, status: final.status })
    : t('checks.cors.summary.simple', { method, status: final.status })
  return { passed: true, message: t('checks.cors.passed', { origin, method, url, summary }) }
}

export const corsKind: CheckKind = { validate, run }
