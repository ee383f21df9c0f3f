/** The CORS protocol as a browser runs it, against a scripted loopback server; Chrome's exact wording. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { chromeCorsMessage } from '../../src/checks/cors/chrome-messages.js'
import { simulateCorsFetch, type CorsRequest } from '../../src/checks/cors/simulate.js'
import { createLabFetch } from '../../src/checks/lab-fetch.js'
import { startScriptedServer, type Answer, type Received, type ScriptedServer } from './helpers.js'

let server: ScriptedServer
let api: string
let origin: string
const labFetch = createLabFetch()

beforeAll(async () => {
  server = await startScriptedServer()
  api = `http://api.localhost:${server.port}/prod/houses`
  origin = `http://site.localhost:${server.port}`
})
afterAll(() => server.close())
beforeEach(() => {
  server.received = []
})

/** Answer preflights with `preflight` and everything else with `actual`. */
function script(preflight: Answer, actual: Answer): void {
  server.answer = (req: Received) => (req.method === 'OPTIONS' ? preflight : actual)
}

async function attempt(request: Partial<CorsRequest>) {
  const outcome = await simulateCorsFetch({ origin, url: api, ...request }, labFetch)
  const message = outcome.blocked
    ? chromeCorsMessage(outcome.blocked.error, { url: outcome.blocked.url, initialUrl: outcome.blocked.initialUrl, origin: outcome.blocked.origin })
    : undefined
  return { outcome, message }
}

// Chromium 156's wording (checked against the real browser in browser-kind.test.ts).
const OPAQUE = ''
const NO_CORS_INFO = ' Have the server send the header with a valid value.'

describe('simple requests (no preflight)', () => {
  it('blocks a GET without Access-Control-Allow-Origin, with Chrome words, and sends Origin but no preflight', async () => {
    script({ status: 500 }, { status: 200, headers: { 'content-type': 'application/json' }, body: '[]' })
    const { outcome, message } = await attempt({})
    expect(message).toBe(
      `Access to fetch at '${api}' from origin '${origin}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.${OPAQUE}`,
    )
    expect(outcome.preflightNeeded).toBe(false)
    expect(server.received.map((r) => r.method)).toEqual(['GET'])
    expect(server.received[0].headers.origin).toBe(origin)
    expect(server.received[0].headers.cookie).toBeUndefined()
  })

  it.each([
    ['*', undefined],
    ['{origin}', undefined],
    ['http://other.localhost', "The 'Access-Control-Allow-Origin' header has a value 'http://other.localhost' that is not equal to the supplied origin." + NO_CORS_INFO],
    ['{origin}/', "The 'Access-Control-Allow-Origin' header has a value '{origin}/' that is not equal to the supplied origin." + NO_CORS_INFO],
    ['null', "The 'Access-Control-Allow-Origin' header has a value 'null' that is not equal to the supplied origin." + NO_CORS_INFO],
    ['nonsense', "The 'Access-Control-Allow-Origin' header contains the invalid value 'nonsense'." + NO_CORS_INFO],
  ])('Access-Control-Allow-Origin: %s', async (value, reason) => {
    const allow = value.replace('{origin}', origin)
    script({}, { status: 200, headers: { 'access-control-allow-origin': allow } })
    const { outcome, message } = await attempt({})
    if (reason === undefined) {
      expect(outcome.blocked).toBeUndefined()
      expect(outcome.response?.status).toBe(200)
    } else {
      expect(message).toBe(`Access to fetch at '${api}' from origin '${origin}' has been blocked by CORS policy: ${reason.replace('{origin}', origin)}`)
    }
  })

  it('refuses two Access-Control-Allow-Origin headers (e.g. one from the function, one from the gateway)', async () => {
    script({}, { status: 200, headers: { 'access-control-allow-origin': ['*', origin] } })
    const { message } = await attempt({})
    expect(message).toContain(`The 'Access-Control-Allow-Origin' header contains multiple values '*, ${origin}', but only one is allowed.`)
  })

  it.each([
    ['*', undefined, "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'."],
    ['{origin}', undefined, "The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'."],
    ['{origin}', 'True', "The value of the 'Access-Control-Allow-Credentials' header in the response is 'True' which must be 'true' when the request's credentials mode is 'include'."],
    ['{origin}', 'true', undefined],
  ])('credentials include: allow-origin %s, allow-credentials %s', async (allowOrigin, allowCredentials, reason) => {
    const headers: Record<string, string> = { 'access-control-allow-origin': allowOrigin.replace('{origin}', origin) }
    if (allowCredentials) headers['access-control-allow-credentials'] = allowCredentials
    script({}, { status: 200, headers })
    const { outcome, message } = await attempt({ credentials: 'include' })
    if (reason) expect(message?.endsWith(`has been blocked by CORS policy: ${reason}`)).toBe(true)
    else expect(outcome.blocked).toBeUndefined()
  })

  it.each([
    ['text/plain', false],
    ['text/plain; charset=utf-8', false],
    ['application/x-www-form-urlencoded', false],
    ['multipart/form-data; boundary=x', false],
    ['application/json', true],
    ['text/plain; x="a(b"', true],
  ])('POST with Content-Type %s needs a preflight: %s', async (contentType, preflight) => {
    script({ status: 403 }, { status: 200, headers: { 'access-control-allow-origin': '*' } })
    const { outcome } = await attempt({ method: 'POST', headers: [['Content-Type', contentType]], body: '{}' })
    expect(outcome.preflightNeeded).toBe(preflight)
    expect(server.received[0].method).toBe(preflight ? 'OPTIONS' : 'POST')
  })

  it('a safelisted header longer than 128 bytes makes the request preflighted', async () => {
    script({ status: 403 }, { status: 200, headers: { 'access-control-allow-origin': '*' } })
    expect((await attempt({ headers: [['Accept', 'a'.repeat(128)]] })).outcome.preflightNeeded).toBe(false)
    expect((await attempt({ headers: [['Accept', 'a'.repeat(129)]] })).outcome.preflightNeeded).toBe(true)
  })
})

describe('preflighted requests', () => {
  const preflightPrefix = "has been blocked by CORS policy: Response to preflight request doesn't pass access control check: "

  it('sends OPTIONS exactly as Chrome does: Origin, method, sorted lower-case header names, no credentials', async () => {
    script({ status: 403, body: '{"message":"Missing Authentication Token"}' }, { status: 200 })
    await attempt({ method: 'PUT', headers: [['X-Lab-Client', 'site'], ['Content-Type', 'application/json'], ['x-a', '1']], credentials: 'include' })
    expect(server.received).toHaveLength(1)
    const [preflight] = server.received
    expect(preflight.method).toBe('OPTIONS')
    expect(preflight.url).toBe('/prod/houses')
    expect(preflight.headers.origin).toBe(origin)
    expect(preflight.headers['access-control-request-method']).toBe('PUT')
    expect(preflight.headers['access-control-request-headers']).toBe('content-type,x-a,x-lab-client')
    expect(preflight.headers['x-lab-client']).toBeUndefined()
    expect(preflight.headers.cookie).toBeUndefined()
  })

  it('a 403 without CORS headers (API Gateway with no OPTIONS method) reads "No Access-Control-Allow-Origin", not "HTTP ok status"', async () => {
    script({ status: 403, headers: { 'x-amzn-errortype': 'MissingAuthenticationTokenException' } }, { status: 200 })
    const { message, outcome } = await attempt({ headers: [['X-Lab-Client', 'site']] })
    expect(message).toBe(`Access to fetch at '${api}' from origin '${origin}' ${preflightPrefix}No 'Access-Control-Allow-Origin' header is present on the requested resource.${OPAQUE}`)
    expect(outcome.actual).toHaveLength(0)
  })

  it('a non-2xx preflight with CORS headers: "It does not have HTTP ok status."', async () => {
    script({ status: 401, headers: { 'access-control-allow-origin': '*' } }, { status: 200 })
    expect((await attempt({ headers: [['X-Lab-Client', 'site']] })).message).toBe(
      `Access to fetch at '${api}' from origin '${origin}' ${preflightPrefix}It does not have HTTP ok status.`,
    )
  })

  it('refuses to follow a redirected preflight', async () => {
    script({ status: 301, headers: { location: '/elsewhere', 'access-control-allow-origin': '*' } }, { status: 200 })
    expect((await attempt({ headers: [['X-Lab-Client', 'site']] })).message).toContain(`${preflightPrefix}Redirect is not allowed for a preflight request.`)
  })

  it.each([
    // [allow-methods, allow-headers, method, headers, credentials, expected reason or undefined]
    ['GET,OPTIONS', undefined, 'GET', [['X-Lab-Client', 'a']], 'same-origin', 'Request header field x-lab-client is not allowed by Access-Control-Allow-Headers in preflight response.'],
    ['GET,OPTIONS', 'X-LAB-CLIENT', 'GET', [['X-Lab-Client', 'a']], 'same-origin', undefined],
    ['GET,OPTIONS', 'Content-Type,X-Amz-Date,Authorization,X-Api-Key', 'GET', [['X-Lab-Client', 'a']], 'same-origin', 'Request header field x-lab-client is not allowed by Access-Control-Allow-Headers in preflight response.'],
    ['GET', 'x-a', 'GET', [['X-B', '1'], ['X-A', '1'], ['X-C', '1']], 'same-origin', 'Request header field x-b is not allowed by Access-Control-Allow-Headers in preflight response.'],
    ['GET,POST', undefined, 'PUT', [], 'same-origin', 'Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.'],
    ['put', undefined, 'PUT', [], 'same-origin', 'Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.'],
    ['PUT', undefined, 'put', [], 'same-origin', undefined],
    ['*', undefined, 'DELETE', [], 'same-origin', undefined],
    ['*', undefined, 'DELETE', [], 'include', 'Method DELETE is not allowed by Access-Control-Allow-Methods in preflight response.'],
    ['GET', '*', 'GET', [['X-Anything', '1']], 'same-origin', undefined],
    ['GET', '*', 'GET', [['X-Anything', '1']], 'include', 'Request header field x-anything is not allowed by Access-Control-Allow-Headers in preflight response.'],
    ['GET', '*', 'GET', [['Authorization', 'Bearer x']], 'same-origin', 'Request header field authorization is not allowed by Access-Control-Allow-Headers in preflight response.'],
    ['GET', '*, Authorization', 'GET', [['Authorization', 'Bearer x']], 'same-origin', undefined],
    ['GET, PO ST', undefined, 'PUT', [], 'same-origin', 'Cannot parse Access-Control-Allow-Methods response header field in preflight response.'],
    ['GET', 'x-a; x-b', 'GET', [['X-A', '1']], 'same-origin', 'Cannot parse Access-Control-Allow-Headers response header field in preflight response.'],
  ] as const)('allow-methods %s, allow-headers %s: %s %j (%s)', async (methods, allowHeaders, method, headers, credentials, reason) => {
    const allowOrigin = credentials === 'include' ? origin : '*'
    const preflightHeaders: Record<string, string> = { 'access-control-allow-origin': allowOrigin, 'access-control-allow-methods': methods }
    if (credentials === 'include') preflightHeaders['access-control-allow-credentials'] = 'true'
    if (allowHeaders) preflightHeaders['access-control-allow-headers'] = allowHeaders
    script({ status: 200, headers: preflightHeaders }, { status: 200, headers: { 'access-control-allow-origin': allowOrigin, 'access-control-allow-credentials': 'true' } })
    const { outcome, message } = await attempt({ method, headers: headers.map(([n, v]) => [n, v] as [string, string]), credentials })
    if (reason) {
      expect(message).toBe(`Access to fetch at '${api}' from origin '${origin}' has been blocked by CORS policy: ${reason}`)
      expect(server.received.map((r) => r.method)).toEqual(['OPTIONS'])
    } else {
      expect(message).toBeUndefined()
      expect(server.received.map((r) => r.method)).toEqual(['OPTIONS', method.toUpperCase() === 'PUT' ? 'PUT' : method])
    }
  })

  it('a good preflight then an actual response without CORS headers fails with the non-preflight wording', async () => {
    script(
      { status: 200, headers: { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET,OPTIONS', 'access-control-allow-headers': 'X-Lab-Client' } },
      { status: 200, body: '[]' },
    )
    const { message, outcome } = await attempt({ headers: [['X-Lab-Client', 'site']] })
    expect(message).toBe(`Access to fetch at '${api}' from origin '${origin}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.${OPAQUE}`)
    expect(server.received[1].headers['x-lab-client']).toBe('site')
    expect(outcome.actual[0].response?.status).toBe(200)
  })
})

describe('redirects and same origin', () => {
  it('names both URLs after a redirect, and a cross-origin hop makes the origin "null"', async () => {
    server.answer = (req) =>
      req.url === '/prod/houses'
        ? { status: 302, headers: { location: `http://other.localhost:${server.port}/final`, 'access-control-allow-origin': '*' } }
        : { status: 200, headers: { 'access-control-allow-origin': origin } }
    const { message } = await attempt({})
    expect(message).toBe(
      `Access to fetch at 'http://other.localhost:${server.port}/final' (redirected from '${api}') from origin 'null' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value '${origin}' that is not equal to the supplied origin.${NO_CORS_INFO}`,
    )
  })

  it('applies no CORS rules to a same-origin request', async () => {
    script({ status: 403 }, { status: 200 })
    const outcome = await simulateCorsFetch({ origin: `http://api.localhost:${server.port}`, url: api, headers: [['X-Lab-Client', 'x']] }, labFetch)
    expect(outcome.crossOrigin).toBe(false)
    expect(outcome.blocked).toBeUndefined()
    expect(server.received.map((r) => r.method)).toEqual(['GET'])
  })
})
