/**
 * Parity: the CORS simulator must block exactly what the installed Chromium blocks, with the same
 * console text. Skipped when no Chromium is installed.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromeCorsMessage } from '../../src/checks/cors/chrome-messages.js'
import { simulateCorsFetch } from '../../src/checks/cors/simulate.js'
import { chromiumArgs } from '../../src/checks/kinds/browser.js'
import { createLabFetch, findChromium } from '../../src/checks/index.js'
import { startScriptedServer, type Answer, type ScriptedServer } from './helpers.js'

interface Scenario {
  request: { method?: string; headers?: Record<string, string>; credentials?: 'omit' | 'same-origin' | 'include' }
  preflight?: Answer
  actual?: Answer
}

const ORIGIN = '{origin}'
const scenarios: Record<string, Scenario> = {
  'no CORS header': { request: {} },
  'allowed with *': { request: {}, actual: { headers: { 'access-control-allow-origin': '*' } } },
  'no OPTIONS method (403)': { request: { headers: { 'X-Lab-Client': 'site' } }, preflight: { status: 403 } },
  'preflight 401 with CORS': { request: { headers: { 'X-Lab-Client': 'site' } }, preflight: { status: 401, headers: { 'access-control-allow-origin': '*' } } },
  'header not allowed': { request: { headers: { 'X-Lab-Client': 'a', 'X-B': 'b' } }, preflight: { headers: { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'x-b' } } },
  'method not allowed': { request: { method: 'PUT' }, preflight: { headers: { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET,POST' } } },
  'preflight ok, actual without header': {
    request: { method: 'POST', headers: { 'Content-Type': 'application/json' } },
    preflight: { headers: { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'Content-Type', 'access-control-allow-methods': 'POST' } },
  },
  'fully allowed preflight': {
    request: { method: 'DELETE', headers: { 'X-Lab-Client': 'a' } },
    preflight: { headers: { 'access-control-allow-origin': ORIGIN, 'access-control-allow-headers': 'X-Lab-Client', 'access-control-allow-methods': 'DELETE' } },
    actual: { headers: { 'access-control-allow-origin': ORIGIN } },
  },
  'origin mismatch': { request: {}, actual: { headers: { 'access-control-allow-origin': 'http://other.localhost' } } },
  'two origins': { request: {}, actual: { headers: { 'access-control-allow-origin': ['*', ORIGIN] } } },
  'wildcard with credentials': { request: { credentials: 'include' }, actual: { headers: { 'access-control-allow-origin': '*' } } },
  'credentials without allow-credentials': { request: { credentials: 'include' }, actual: { headers: { 'access-control-allow-origin': ORIGIN } } },
  'redirected preflight': { request: { method: 'PUT' }, preflight: { status: 302, headers: { location: '/x', 'access-control-allow-origin': '*' } } },
  'unparsable allow-methods': { request: { method: 'PUT' }, preflight: { headers: { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, PO ST' } } },
}

const chromium = findChromium()
let server: ScriptedServer
let context: import('playwright-core').BrowserContext | undefined
let userDataDir: string

function fill(answer: Answer | undefined, origin: string): Answer {
  const headers = Object.fromEntries(
    Object.entries(answer?.headers ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.map((x) => x.replace(ORIGIN, origin)) : v.replace(ORIGIN, origin)]),
  )
  return { status: answer?.status ?? 200, headers, body: '[]' }
}

beforeAll(async () => {
  if (!chromium) return
  server = await startScriptedServer()
  server.answer = (req) => {
    const url = new URL(req.url, 'http://x')
    const scenario = scenarios[url.searchParams.get('s') ?? '']
    if (!scenario) return { status: 404 }
    if (String(req.headers.host).startsWith('site.')) {
      const target = `http://api.localhost:${server.port}/prod/houses?s=${encodeURIComponent(url.searchParams.get('s')!)}`
      const body = `<script>fetch(${JSON.stringify(target)}, ${JSON.stringify(scenario.request)})
        .then((r) => { document.title = 'ok ' + r.status }, () => { document.title = 'blocked' })</script>`
      return { status: 200, headers: { 'content-type': 'text/html' }, body }
    }
    const origin = String(req.headers.origin)
    return req.method === 'OPTIONS' ? fill(scenario.preflight, origin) : fill(scenario.actual, origin)
  }
  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-parity-'))
  const { chromium: launcher } = await import('playwright-core')
  context = await launcher.launchPersistentContext(userDataDir, { executablePath: chromium, headless: true, args: chromiumArgs() })
})

afterAll(async () => {
  await context?.close()
  await server?.close()
  if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true })
})

describe.skipIf(!chromium)('simulator vs the installed Chromium', () => {
  it.each(Object.keys(scenarios))('%s', async (name) => {
    const page = context!.pages()[0] ?? (await context!.newPage())
    const lines: string[] = []
    const listener = (message: import('playwright-core').ConsoleMessage) => lines.push(message.text())
    page.on('console', listener)
    const site = `http://site.localhost:${server.port}`
    await page.goto(`${site}/?s=${encodeURIComponent(name)}`)
    await page.waitForFunction(() => document.title !== '')
    const title = await page.title()
    page.off('console', listener)
    const browserLine = lines.find((line) => line.includes('blocked by CORS policy'))

    const scenario = scenarios[name]
    const outcome = await simulateCorsFetch(
      {
        origin: site,
        url: `http://api.localhost:${server.port}/prod/houses?s=${encodeURIComponent(name)}`,
        method: scenario.request.method,
        headers: Object.entries(scenario.request.headers ?? {}),
        credentials: scenario.request.credentials,
      },
      createLabFetch(),
    )
    const simulated = outcome.blocked
      ? chromeCorsMessage(outcome.blocked.error, { url: outcome.blocked.url, initialUrl: outcome.blocked.initialUrl, origin: outcome.blocked.origin })
      : undefined
    expect(title === 'blocked').toBe(simulated !== undefined)
    expect(simulated).toBe(browserLine)
  })
})
