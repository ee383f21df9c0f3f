/**
 * A real Chromium on a foreign origin signs in to a user pool as a web app's sign-in page does (fetch with
 * `X-Amz-Target`, CORS preflight and all) and reads the tokens, an error's body and the pool's JWKS; the same page
 * cannot call an Admin* operation (the edge refuses it, and the browser cannot read why).
 * Without Chromium this test fails (CI installs it): it must never pass by not running.
 */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findChromium } from '../../src/checks/index.js'
import { chromiumArgs } from '../../src/checks/kinds/browser.js'
import { useTestCloud, type TestCloud } from '../helpers/cloud.js'

const chromium = findChromium()
let cloud: TestCloud
let poolId = ''
let clientId = ''
let site: http.Server
let sitePort = 0
let context: import('playwright-core').BrowserContext | undefined
let userDataDir = ''

useTestCloud(async (c) => {
  cloud = c
  const idp = new CognitoIdentityProviderClient(c.sdk)
  poolId = (await idp.send(new CreateUserPoolCommand({ PoolName: 'browser' }))).UserPool!.Id!
  clientId = (await idp.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'spa', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))).UserPoolClient!.ClientId!
  await idp.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'hana', MessageAction: 'SUPPRESS' }))
  await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'hana', Password: 'Correct-Horse-1', Permanent: true }))
})

/** The page: what a sign-in form's script does, then an Admin* call it has no business making. */
function page(base: string): string {
  return `<!doctype html><body><script>
const call = (target, body) => fetch(${JSON.stringify(base)} + '/', {
  method: 'POST',
  headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.' + target },
  body: JSON.stringify(body),
}).then(async (r) => ({ status: r.status, body: await r.json() }), (e) => ({ blocked: String(e) }))
const auth = (password) => ({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: ${JSON.stringify(clientId)}, AuthParameters: { USERNAME: 'hana', PASSWORD: password } })
Promise.all([
  call('InitiateAuth', auth('Correct-Horse-1')),
  call('InitiateAuth', auth('Wrong-Horse-1')),
  call('AdminCreateUser', { UserPoolId: ${JSON.stringify(poolId)}, Username: 'intruder', TemporaryPassword: 'Temp-Pass-1' }),
  fetch(${JSON.stringify(base)} + '/_aws/cognito-idp/${poolId}/.well-known/jwks.json').then((r) => r.json(), (e) => ({ blocked: String(e) })),
]).then((results) => { window.results = results; document.title = 'done' })
</script>`
}

beforeAll(async () => {
  if (!chromium) return
  site = http.createServer((req, res) => {
    const base = req.url === '/by-host' ? `http://cognito-idp.localhost:${cloud.port}` : `http://localhost:${cloud.port}`
    res.writeHead(200, { 'content-type': 'text/html' }).end(page(base))
  })
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve))
  sitePort = (site.address() as { port: number }).port
  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-cognito-browser-'))
  const { chromium: launcher } = await import('playwright-core')
  context = await launcher.launchPersistentContext(userDataDir, { executablePath: chromium, headless: true, args: [...chromiumArgs(), '--host-resolver-rules=MAP app.test 127.0.0.1'] })
}, 60_000)

afterAll(async () => {
  await context?.close()
  await new Promise((resolve) => (site ? site.close(resolve) : resolve(undefined)))
  if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true })
})

describe('a sign-in page in Chromium', () => {
  it('signs in, reads Cognito’s error, fetches the JWKS — and cannot call AdminCreateUser', async () => {
    expect(chromium, 'No Chromium found: install it (apt-get install chromium) or set CHROMIUM_PATH').toBeTruthy()
    for (const route of ['/by-endpoint', '/by-host']) {
      const tab = await context!.newPage()
      await tab.goto(`http://app.test:${sitePort}${route}`)
      await tab.waitForFunction(() => document.title === 'done', undefined, { timeout: 30_000 })
      const [signedIn, wrong, admin, jwks] = (await tab.evaluate(() => (window as any).results)) as any[]
      await tab.close()
      expect(signedIn.status, route).toBe(200)
      expect(signedIn.body.AuthenticationResult.IdToken.split('.')).toHaveLength(3)
      expect(wrong).toEqual({ status: 400, body: { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' } })
      expect(admin.blocked, route).toMatch(/TypeError/) // refused at the edge, unreadable to the page
      expect(jwks.keys[0].kty).toBe('RSA')
    }
    const { Users } = await new CognitoIdentityProviderClient(cloud.sdk).send(new ListUsersCommand({ UserPoolId: poolId }))
    expect(Users!.map((u) => u.Username)).toEqual(['hana'])
  }, 90_000)
})
