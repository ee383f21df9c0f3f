/**
 * @module `/_lab/health`: no AWS API. Anyone may learn that a lab cloud answers here and its version (the
 * runner tells a lab cloud from LocalStack by it); its pid and data folder only a caller that signed the request
 * with this install's own key (the runner, which reads it from LAB_HOME) — never a function's temporary
 * credentials, never a web page.
 */
import fs from 'node:fs'
import type { CloudContext, CloudRequest, CloudResponse } from '../core/types.js'
import { AwsError } from '../core/aws-error.js'
import { carriesSignature, verifySigV4 } from './sigv4.js'

const HEALTH_NAME = 'apigw-labs local cloud'
/** The signing name the runner uses: no service has it, so the request reaches here. */
const SIGNING_NAME = 'lab'

let version: string | undefined
function packageVersion(): string {
  version ??= String((JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown }).version ?? '')
  return version
}

export function health(req: CloudRequest, ctx: CloudContext): CloudResponse {
  const body: Record<string, unknown> = { name: HEALTH_NAME, version: packageVersion() }
  if (carriesSignature(req) && signedByInstall(req, ctx)) Object.assign(body, { pid: process.pid, dataDir: ctx.dataDir })
  return { status: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: JSON.stringify(body) }
}

/** The install's long-term key (the account's root user, no session token): not STS's temporary keys. */
function signedByInstall(req: CloudRequest, ctx: CloudContext): boolean {
  const who = verifySigV4(req, {
    service: SIGNING_NAME,
    now: Date.now(),
    lookupSecret: (id) => {
      const secret = ctx.credentials.lookup(id)
      return secret && secret.sessionToken === undefined && secret.identity.arn.endsWith(':root') ? secret : undefined
    },
  })
  return !(who instanceof AwsError)
}
