/**
 * @module The edge's checks, as a chain of small steps (as in hono's middleware or LocalStack's handler chain),
 * in two lists around the body:
 * - `BEFORE_BODY` runs on the request line and headers alone (`req.body` is still empty). A step refuses by
 *   throwing an AwsError; the edge then answers in the service's error shape and, if a body was announced,
 *   closes the connection without reading it — a refused request costs no memory, whatever it announced.
 * - `AFTER_BODY` runs once the body has arrived (within its limits), before the service sees the request.
 * A step returns nothing (or `undefined`) to let the request through, an AwsError to refuse it (throwing one
 * works too); it may return a promise when it has to wait (most do not, so the data planes pay no promise per
 * step). WebSocket upgrades run the before-body steps too.
 *
 * Hook points (`edgeSteps`): header-signature authentication (`authenticateHeaders`: SigV4 from the
 * Authorization header or a presigned query) joins the before-body steps, after the cheap checks below; the
 * check of the payload hash a signature covers joins the after-body steps.
 */
import type { AwsError } from '../core/aws-error.js'
import type { CloudContext, CloudRequest, ServiceDef } from '../core/types.js'
import { browserRefusal, hostRefusal } from './foreign-callers.js'
import { bodyLimit, declaredLength } from './limits.js'

type Verdict = AwsError | undefined | void
/** `service`: the service the request is routed to, if any. */
export type EdgeStep = (req: CloudRequest, service: ServiceDef | undefined, ctx: CloudContext) => Verdict | Promise<Verdict>

/** Only names of this machine (DNS rebinding). */
const checkHost: EdgeStep = (req) => hostRefusal(req.host)

/** No web page may call an AWS API, the cloud's own pages included. */
const checkBrowser: EdgeStep = (req) => browserRefusal(req)

/** A Content-Length over the route's limit is answered at once (a chunked body is counted as it arrives). */
const checkDeclaredSize: EdgeStep = (req) => {
  const declared = declaredLength(req)
  if (declared === undefined || declared === 0) return
  const limit = bodyLimit(req)
  return declared > limit.bytes ? limit.error(declared) : undefined
}

export interface EdgeSteps {
  beforeBody: readonly EdgeStep[]
  afterBody: readonly EdgeStep[]
}

/** The edge's own checks (Host, page, declared size), then `extra`'s: each list runs in this order. */
export function edgeSteps(extra: Partial<EdgeSteps> = {}): EdgeSteps {
  return { beforeBody: [checkHost, checkBrowser, checkDeclaredSize, ...(extra.beforeBody ?? [])], afterBody: [...(extra.afterBody ?? [])] }
}

/** Run `steps` in order: the first refusal, if any; a promise only when a step returned one. */
export function runSteps(steps: readonly EdgeStep[], req: CloudRequest, service: ServiceDef | undefined, ctx: CloudContext, from = 0): Verdict | Promise<Verdict> {
  for (let i = from; i < steps.length; i++) {
    const verdict = steps[i](req, service, ctx)
    if (verdict instanceof Promise) return verdict.then((refused) => refused ?? runSteps(steps, req, service, ctx, i + 1))
    if (verdict) return verdict
  }
  return undefined
}
