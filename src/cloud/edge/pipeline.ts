/**
 * @module The edge's checks, as a chain of small steps (as in hono's middleware or LocalStack's handler chain),
 * in two lists around the body:
 * - `BEFORE_BODY` runs on the request line and headers alone (`req.body` is still empty). A step refuses by
 *   throwing an AwsError; the edge then answers in the service's error shape and, if a body was announced,
 *   closes the connection without reading it — a refused request costs no memory, whatever it announced.
 * - `AFTER_BODY` runs once the body has arrived (within its limits), before the service sees the request.
 * A step returns nothing when it lets the request through; it may return a promise when it has to wait (most
 * do not, so the data planes pay no promise per step). WebSocket upgrades run `BEFORE_BODY` too.
 *
 * Hook points: header-signature authentication (`authenticateHeaders`, SigV4 from the Authorization header or
 * the presigned query) belongs at the end of `BEFORE_BODY`, after the cheap checks; the check of the payload
 * hash a signature covers (`x-amz-content-sha256`) belongs in `AFTER_BODY`.
 */
import type { CloudContext, CloudRequest } from '../core/types.js'
import { browserRefusal, hostRefusal } from './foreign-callers.js'
import { bodyLimit, declaredLength } from './limits.js'

export type EdgeStep = (req: CloudRequest, ctx: CloudContext) => void | Promise<void>

/** Only names of this machine (DNS rebinding). */
const checkHost: EdgeStep = (req) => {
  const refused = hostRefusal(req.host)
  if (refused) throw refused
}

/** No web page may call an AWS API, the cloud's own pages included. */
const checkBrowser: EdgeStep = (req) => {
  const refused = browserRefusal(req)
  if (refused) throw refused
}

/** A Content-Length over the route's limit is answered at once (a chunked body is counted as it arrives). */
const checkDeclaredSize: EdgeStep = (req) => {
  const declared = declaredLength(req)
  if (declared === undefined || declared === 0) return
  const limit = bodyLimit(req)
  if (declared > limit.bytes) throw limit.error(declared)
}

export const BEFORE_BODY: EdgeStep[] = [checkHost, checkBrowser, checkDeclaredSize]

export const AFTER_BODY: EdgeStep[] = []

/** Run `steps` in order; a promise only when one of them returned one. */
export function runSteps(steps: readonly EdgeStep[], req: CloudRequest, ctx: CloudContext, from = 0): void | Promise<void> {
  for (let i = from; i < steps.length; i++) {
    const pending = steps[i](req, ctx)
    if (pending) return pending.then(() => runSteps(steps, req, ctx, i + 1))
  }
}
