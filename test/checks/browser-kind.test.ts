/** The browser kind in a real headless Chromium (skipped when none is installed). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLabFetch, findChromium, runChecks, type CheckContext, type CheckSpec } from '../../src/checks/index.js'
import { startScriptedServer, type ScriptedServer } from './helpers.js'

const chromium = findChromium()
let server: ScriptedServer
let allowOrigin = false

const page = (port: number) => `<!doctype html><html><body><ul id="houses"></ul><p id="status">loading</p><script>
fetch('http://api.localhost:${port}/prod/houses')
  .then((r) => r.json())
  .then((houses) => {
    document.getElementById('houses').innerHTML = houses.map((h) => '<li>' + h.name + '</li>').join('')
    document.getElementById('status').textContent = 'ok'
  })
  .catch((e) => { document.getElementById('status').textContent = 'failed: ' + e.message })
  .finally(() => document.body.setAttribute('data-done', ''))
</script></body></html>`

beforeAll(async () => {
  server = await startScriptedServer()
  server.answer = (req) => {
    if (String(req.headers.host).startsWith('site.')) return { status: 200, headers: { 'content-type': 'text/html' }, body: page(server.port) }
    if (req.url === '/favicon.ico') return { status: 404 }
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (allowOrigin) headers['access-control-allow-origin'] = '*'
    return { status: 200, headers, body: JSON.stringify([{ name: 'Harbor View Cottage' }]) }
  }
})
afterAll(() => server?.close())

const spec = (): CheckSpec => ({
  id: 'page',
  title: 'The page lists the houses',
  kind: 'browser',
  url: `http://site.localhost:${server.port}/`,
  waitFor: 'body[data-done]',
  expect: [{ selector: '#status', text: 'ok' }, { selector: '#houses li', text: 'Harbor View' }],
})

describe.skipIf(!chromium)('browser kind', () => {
  const ctx = (): CheckContext => ({ outputs: {}, target: 'local', browser: true, fetch: createLabFetch() })

  it("fails with Chrome's own console text when the API sends no CORS header", async () => {
    allowOrigin = false
    const [result] = await runChecks([spec()], ctx())
    expect(result.passed).toBe(false)
    expect(result.skipped).toBeUndefined()
    expect(result.message).toBe(
      `Access to fetch at 'http://api.localhost:${server.port}/prod/houses' from origin 'http://site.localhost:${server.port}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
    )
    expect(result.response).toContain('failed: Failed to fetch')
  })

  it('passes once the API allows the origin', async () => {
    allowOrigin = true
    const [result] = await runChecks([spec()], ctx())
    expect(result).toMatchObject({ passed: true })
  })
})
