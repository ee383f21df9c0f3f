/**
 * @module Mapping templates (Velocity): `$input`, `$context`, `$stageVariables` and `$util`, as API
 * Gateway exposes them to request, response and gateway response templates.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
 */
import velocity from 'velocityjs'
import { jsonFailureMessage, parseJsonBody } from '../../../protocols/json-body.js'
import { authorizerForIntegration } from './authorize/pass-on.js'
import type { Invocation } from './context.js'
import { MAX_TEMPLATE_BYTES, TemplateBudgetError } from './vtl-budget.js'
import { GuardedCompile } from './vtl-guard.js'

/** A map for templates: a copy, so `$map.put(...)` in one template cannot change the request. */
export function javaMap<T>(entries: Record<string, T>): Record<string, T> {
  return { ...entries }
}

type MethodCall = { property: string; params: unknown[]; context: any }
const isMap = (context: unknown): context is Record<string, unknown> => typeof context === 'object' && context !== null && !Array.isArray(context)

/** `$map.name(...)` on a template map (an object without a method of that name) works like java.util.Map's. */
function mapMethod(name: string, resolve: (call: MethodCall) => unknown) {
  return { uid: `java.util.Map.${name}`, match: ({ property, context }: MethodCall) => property === name && isMap(context) && typeof context[name] !== 'function', resolve }
}

/**
 * `$map.get('k')`, `keySet()`, `containsKey('k')`, `size()` and `isEmpty()`, as method handlers rather than
 * properties of each map: one map per parameter kind is built on every render, and the maps' own keys stay
 * exactly their entries (what `#foreach` and printing see).
 */
const JAVA_MAP_METHODS = [
  mapMethod('get', ({ context, params }) => (Object.hasOwn(context, String(params[0])) ? context[String(params[0])] : undefined)),
  mapMethod('keySet', ({ context }) => Object.keys(context)),
  mapMethod('containsKey', ({ context, params }) => Object.hasOwn(context, String(params[0]))),
  mapMethod('size', ({ context }) => Object.keys(context).length),
  mapMethod('isEmpty', ({ context }) => Object.keys(context).length === 0),
]

/** The small JSONPath subset templates use: `$`, `$.a.b`, `$.a[0]`, `$['a']`. */
export function jsonPath(doc: unknown, path: string): unknown {
  if (!path || path === '$') return doc
  const tokens = path.replace(/^\$/, '').match(/\.[^.[\]]+|\[\d+\]|\['[^']*'\]|\["[^"]*"\]/g) ?? []
  let node: any = doc
  for (const token of tokens) {
    if (node === undefined || node === null || typeof node !== 'object') return undefined
    const key = token.startsWith('.') ? token.slice(1) : token.slice(1, -1).replace(/^['"]|['"]$/g, '')
    // The document's own members only: `$.constructor` is no path into JavaScript's prototypes.
    node = Object.hasOwn(node, key) ? node[key] : undefined
  }
  return node
}

/** The body as JSON for `$input.path`/`$input.json`; not JSON (or nested past the limit): undefined. */
function parseBody(body: string): unknown {
  if (!body) return {}
  try {
    return parseJsonBody(body, () => new Error('not JSON'))
  } catch {
    return undefined
  }
}

export interface TemplateInput {
  body: string
  inv: Invocation
  /** `$context` additions, e.g. `error` for gateway responses. */
  context?: Record<string, unknown>
}

export function contextVariables(inv: Invocation, extra: Record<string, unknown> = {}) {
  return {
    accountId: inv.ctx.accountId,
    apiId: inv.apiId,
    domainName: inv.req.host,
    domainPrefix: inv.req.host.split('.')[0],
    extendedRequestId: inv.extendedRequestId,
    httpMethod: inv.req.method,
    identity: {
      sourceIp: inv.req.sourceIp,
      userAgent: inv.req.headers['user-agent'] ?? null,
      apiKey: inv.apiKey?.value,
      apiKeyId: inv.apiKey?.id,
    },
    path: `/${inv.stageName ?? ''}${inv.path === '/' ? '/' : inv.path}`,
    protocol: 'HTTP/1.1',
    requestId: inv.requestId,
    requestTime: formatRequestTime(inv.requestTime),
    requestTimeEpoch: inv.requestTime.getTime(),
    resourceId: inv.resource?.id,
    resourcePath: inv.resource?.path,
    stage: inv.stageName,
    ...(inv.authorizer ? { authorizer: authorizerForIntegration(inv.authorizer) } : {}),
    ...extra,
  }
}

/**
 * `$context.responseOverride`: what a template sets there (`.status`, `.header.X`) replaces the mapped status and
 * headers once the template has rendered. Overrides are final: setting one twice makes the response a 5XX.
 * Not implemented: `$context.requestOverride` in integration request templates.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-override-request-response-parameters.html
 */
export function responseOverride() {
  let repeated = false
  const once = <T extends object>(target: T): T =>
    new Proxy(target, {
      set(t, key, value) {
        if (Object.hasOwn(t, key)) repeated = true
        ;(t as Record<PropertyKey, unknown>)[key] = value
        return true
      },
    })
  const header = once<Record<string, unknown>>({})
  const target = once<{ status?: unknown; header: Record<string, unknown> }>({ header })
  return {
    target,
    get repeated() {
      return repeated
    },
    status(): number | undefined {
      const status = Number(target.status)
      return target.status !== undefined && Number.isInteger(status) && status >= 100 && status <= 599 ? status : undefined
    },
    headers(): Record<string, string> {
      return Object.fromEntries(Object.entries(header).map(([name, value]) => [name, String(value)]))
    },
  }
}

export function renderTemplate(template: string, input: TemplateInput): string {
  const { inv } = input
  const parsed = parseBody(input.body)
  const params = {
    path: javaMap(inv.pathParameters),
    querystring: javaMap(inv.query),
    header: javaMap(inv.headers),
  }
  const $input = {
    body: input.body,
    json: (path: string) => JSON.stringify(jsonPath(parsed, path) ?? null),
    path: (path: string) => jsonPath(parsed, path),
    params: (name?: string) => {
      if (name === undefined) return javaMap(params)
      const lower = name.toLowerCase()
      const headerName = Object.keys(inv.headers).find((h) => h.toLowerCase() === lower)
      return inv.pathParameters[name] ?? inv.query[name] ?? (headerName ? inv.headers[headerName] : '')
    },
  }
  const util = {
    escapeJavaScript: (s: unknown) => JSON.stringify(String(s ?? '')).slice(1, -1).replace(/'/g, "\\'"),
    parseJson: (s: string) => parseJsonBody(String(s), (reason) => new Error(`$util.parseJson: ${jsonFailureMessage(reason)}`)),
    urlEncode: (s: string) => encodeURIComponent(s),
    urlDecode: (s: string) => decodeURIComponent(s),
    base64Encode: (s: string) => Buffer.from(String(s)).toString('base64'),
    base64Decode: (s: string) => Buffer.from(String(s), 'base64').toString('utf8'),
  }
  if (template.length > MAX_TEMPLATE_BYTES) throw new TemplateBudgetError(`a template over ${MAX_TEMPLATE_BYTES} bytes`)
  return new GuardedCompile(parsedTemplate(template), { escape: false, customMethodHandlers: JAVA_MAP_METHODS }).render({
    input: $input,
    context: contextVariables(inv, input.context),
    stageVariables: javaMap(inv.stage?.variables ?? {}),
    util,
  })
}

/**
 * Templates are parsed once, not per request: a deployment's templates never change, and parsing costs more
 * than rendering (a CORS preflight or a gateway response renders one on every call). Rendering does not
 * modify the parsed tree.
 */
const parsedTemplates = new Map<string, ReturnType<typeof velocity.parse>>()
const MAX_PARSED_TEMPLATES = 1000

function parsedTemplate(template: string): ReturnType<typeof velocity.parse> {
  let tree = parsedTemplates.get(template)
  if (!tree) {
    if (parsedTemplates.size >= MAX_PARSED_TEMPLATES) parsedTemplates.clear()
    tree = velocity.parse(template)
    parsedTemplates.set(template, tree)
  }
  return tree
}

/** `04/Mar/2020:19:15:17 +0000`, the CLF time API Gateway puts in `requestTime`. */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
/** Every proxy event carries the request time to the second: format each second once. */
let lastSecond = NaN
let lastFormatted = ''

export function formatRequestTime(d: Date): string {
  const second = Math.floor(d.getTime() / 1000)
  if (second !== lastSecond) {
    const p = (n: number) => String(n).padStart(2, '0')
    lastFormatted = `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`
    lastSecond = second
  }
  return lastFormatted
}
