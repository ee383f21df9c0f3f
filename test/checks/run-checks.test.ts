/** runChecks end to end against a scripted loopback server: interpolation, kinds, failures as results. */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLabFetch, runChecks, validateCheckSpecs, type CheckContext, type CheckSpec } from '../../src/checks/index.js'
import { startScriptedServer, type ScriptedServer } from './helpers.js'

let server: ScriptedServer
let ctx: CheckContext

beforeAll(async () => {
  server = await startScriptedServer()
  ctx = {
    outputs: {
      ApiUrl: `http://abc123.execute-api.localhost:${server.port}/prod/`,
      WebsiteURL: `http://site.s3-website.localhost:${server.port}`,
    },
    target: 'local',
    browser: false,
    fetch: createLabFetch(),
  }
})
afterAll(() => server.close())

const houses = JSON.stringify([{ id: 1, name: 'Harbor View Cottage' }])

describe('runChecks', () => {
  it('explains a 5xx behind a CORS error as the integration failing, not as missing CORS headers', async () => {
    // API Gateway's own 502 (a gateway response names its type).
    server.answer = () => ({ status: 502, headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalServerErrorException' }, body: '{"message": "Internal server error"}' })
    const specs: CheckSpec[] = [
      { id: 'cors', title: 'CORS', kind: 'cors', origin: '${origin:outputs.WebsiteURL}', request: { url: '${outputs.ApiUrl}houses' }, why: { MissingAllowOriginHeader: 'add the header in the function' } },
      { id: 'api', title: 'API', kind: 'http', request: { url: '${outputs.ApiUrl}houses' }, expect: { status: 200 } },
    ]
    const [cors, api] = await runChecks(specs, ctx)
    expect(cors.message).toContain("No 'Access-Control-Allow-Origin' header is present") // what the browser says
    expect(cors.why).toContain('API Gateway answered 502 itself')
    expect(cors.status).toBe(502)
    expect([api.status, api.why]).toEqual([502, expect.stringContaining('threw an error, timed out')])
    // A 500 the backend sent itself, passed through by the proxy integration.
    server.answer = () => ({ status: 500, headers: { 'content-type': 'text/plain' }, body: 'oops' })
    const [backend] = await runChecks([specs[1]], ctx)
    expect(backend.why).toContain('The backend answered 500 itself')
  })

  it('skips a browser check without --browser even when its URL names an output the stack lacks', async () => {
    const spec: CheckSpec = { id: 'page', title: 'Page', kind: 'browser', url: '${outputs.Missing}', waitFor: 'body' }
    const [page] = await runChecks([spec], ctx)
    expect(page).toMatchObject({ id: 'page', passed: false, skipped: true })
    const [asked] = await runChecks([spec], { ...ctx, browser: true })
    expect(asked).toMatchObject({ passed: false, message: expect.stringContaining('Missing') })
    expect(asked.skipped).toBeUndefined()
  })

  it('fills ${outputs.X} and ${origin:outputs.X} and runs http and cors checks', async () => {
    server.answer = (req) =>
      req.url === '/prod/houses' ? { status: 200, headers: { 'content-type': 'application/json' }, body: houses } : { status: 404 }
    const specs: CheckSpec[] = [
      { id: 'api', title: 'API answers', kind: 'http', request: { url: '${outputs.ApiUrl}houses' }, expect: { status: 200, jsonPath: '$[0].name', jsonEquals: 'Harbor View Cottage' } },
      { id: 'cors', title: 'CORS', kind: 'cors', origin: '${origin:outputs.WebsiteURL}', request: { url: '${outputs.ApiUrl}houses' }, why: { MissingAllowOriginHeader: 'add the header in the function' } },
    ]
    const [api, cors] = await runChecks(specs, ctx)
    expect(api).toMatchObject({ id: 'api', title: 'API answers', passed: true })
    expect(cors.passed).toBe(false)
    expect(cors.message).toBe(
      `Access to fetch at '${ctx.outputs.ApiUrl}houses' from origin 'http://site.s3-website.localhost:${server.port}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
    )
    expect(cors.why).toBe('add the header in the function')
    expect(cors.request).toContain(`Origin: http://site.s3-website.localhost:${server.port}`)
    expect(cors.response).toContain('(no Access-Control-* headers)')
    expect(cors.expected).toContain('simple request')
  })

  it('reports http mismatches with what came back', async () => {
    // API Gateway's own 502 (a gateway response names its type).
    server.answer = () => ({ status: 502, headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalServerErrorException' }, body: '{"message": "Internal server error"}' })
    const [result] = await runChecks([{ id: 'api', title: 'API', kind: 'http', request: { url: '${outputs.ApiUrl}houses' }, expect: { status: 200 } }], ctx)
    expect(result.passed).toBe(false)
    expect(result.message).toContain('answered 502 "Internal server error", expected 200')
    expect(result.response).toContain('Internal server error')
  })

  it('turns a missing output and a refused connection into failed results, not exceptions', async () => {
    const closed = http.createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const results = await runChecks(
      [
        { id: 'missing', title: 'm', kind: 'http', request: { url: '${outputs.Nope}' } },
        { id: 'refused', title: 'r', kind: 'cors', origin: 'http://site.localhost', request: { url: `http://api.localhost:${port}/x` } },
      ],
      ctx,
    )
    expect(results[0]).toMatchObject({ passed: false })
    expect(results[0].message).toContain('no output named Nope')
    expect(results[1].passed).toBe(false)
    expect(results[1].message).toContain('net::ERR_CONNECTION_REFUSED')
  })

  it('skips browser checks without --browser, and never counts them as passed', async () => {
    const [result] = await runChecks([{ id: 'page', title: 'page', kind: 'browser', url: '${outputs.WebsiteURL}', waitFor: 'body' }], ctx)
    expect(result).toMatchObject({ passed: false, skipped: true })
  })

  it('checks stack outputs', async () => {
    const results = await runChecks(
      [
        { id: 'a', title: 'a', kind: 'stack-output', output: 'ApiUrl', matches: '/prod/$' },
        { id: 'b', title: 'b', kind: 'stack-output', output: 'ApiUrl', matches: '^https://' },
      ],
      ctx,
    )
    expect(results.map((r) => r.passed)).toEqual([true, false])
  })
})

describe('validateCheckSpecs', () => {
  it('accepts good specs', () => {
    expect(validateCheckSpecs([{ id: 'a', title: 'A', kind: 'http', request: { url: '${outputs.Url}' } }])).toEqual([])
  })

  it('names the check and the field of each problem', () => {
    const errors = validateCheckSpecs([
      { id: 'a', title: 'A', kind: 'http', request: { url: 3 } },
      { id: 'a', title: 'dup', kind: 'http', request: { url: 'x' } },
      { id: 'b', title: 'B', kind: 'teleport' },
      { id: 'c', title: 'C', kind: 'cors', request: { url: '${output.Url}', headers: { Origin: 'x' }, credentials: 'always' } },
      { id: 'Bad Id', title: 'x', kind: 'http' },
      { id: 'd', title: 'D', kind: 'browser', url: 'x', expect: [{ text: 'no selector' }] },
      { id: 'e', title: 'E', kind: 'http', request: { url: 'x' }, expect: { jsonPath: 'houses[0]' } },
    ])
    expect(errors).toEqual([
      'check a: request.url must be a string',
      'check a: the id is used twice',
      'check b: unknown kind "teleport" (known: http, cors, browser, stack-output, sequence)',
      'check c: request has an unknown placeholder ${output.Url} (use ${outputs.Name} or ${origin:outputs.Name})',
      'check c: origin is required',
      'check c: request.credentials must be omit, same-origin or include',
      'check c: request.headers sets Origin, which browsers do not let a page set',
      'check #5: id must be lower-case letters, digits and dashes (got "Bad Id")',
      'check d: waitFor is required',
      'check d: expect[0] must be a mapping {selector, text?}',
      'check e: expect.jsonPath must look like $, $.name or $[0].name',
    ])
  })
})
