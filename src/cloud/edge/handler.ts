/**
 * @module One HTTP request through the edge: the request from its head, the checks before the body
 * (`BEFORE_BODY`), the body read within its limits, the checks after it (`AFTER_BODY`), then the service.
 * Whatever fails becomes an AWS-shaped answer in the service's protocol — never a hang or a crash — and a request
 * refused before its body was read is answered and its connection closed, the body left unread.
 */
import type http from 'node:http'
import type { Duplex } from 'node:stream'
import { AwsError } from '../core/aws-error.js'
import type { CloudContext, CloudRequest, CloudResponse, ServiceDef } from '../core/types.js'
import { asAwsError, renderError } from '../protocols/errors.js'
import type { Route } from './identify.js'
import { ClientGone, readBody, type BodyBudget } from './body.js'
import { declaresBody, requestFromHead } from './head.js'
import { bodyLimit, type EdgeLimits } from './limits.js'
import { runSteps, type EdgeSteps } from './pipeline.js'
import { requestLogLine } from './request-log.js'
import { protocolFor, send, sendOnSocket } from './respond.js'
import { unrouted } from './unrouted.js'

export interface Edge {
  ctx: CloudContext
  serviceFor(route: Route): ServiceDef | undefined
  services: Iterable<ServiceDef>
  limits: EdgeLimits
  budget: BodyBudget
  steps: EdgeSteps
  log(line: string): void
  logRequests: boolean
}

/** `expectsContinue`: the client waits for `100 Continue` before sending its body (Node's 'checkContinue'). */
export async function handleRequest(edge: Edge, raw: http.IncomingMessage, res: http.ServerResponse, expectsContinue = false): Promise<void> {
  const started = Date.now()
  const { ctx } = edge
  const req = requestFromHead(raw)
  const service = edge.serviceFor(req.route)
  const hasBody = declaresBody(raw)
  let response: CloudResponse
  let bodyRead = !hasBody
  try {
    const checked = runSteps(edge.steps.beforeBody, req, service, ctx)
    const refused = checked instanceof Promise ? await checked : checked
    if (refused) {
      // Say why in the cloud's log too: a learner's own page on an unexpected host would otherwise just see a 403.
      edge.log(`refused ${req.method} ${req.host}${req.rawPath}: ${refused.message}`)
      throw refused
    }
    if (hasBody) {
      if (expectsContinue) res.writeContinue()
      const hold = edge.budget.hold()
      res.once('close', hold.release)
      req.body = await readBody(raw, req, { limit: bodyLimit(req), hold, idleMs: edge.limits.bodyIdleTimeoutMs })
      bodyRead = true
    }
    const after = runSteps(edge.steps.afterBody, req, service, ctx)
    const unacceptable = after instanceof Promise ? await after : after
    if (unacceptable) throw unacceptable
    response = service ? await service.handle(req, ctx) : unrouted(req, ctx)
  } catch (err) {
    if (err instanceof ClientGone) return
    const awsError = asAwsError(err)
    if (awsError.status >= 500 && !(err instanceof AwsError)) edge.log(`error in ${service?.name}: ${(err as Error)?.stack ?? err}`)
    response = renderError(awsError, protocolFor(req, service), req.requestId, service?.name)
  }
  send(res, response, !bodyRead)
  if (edge.logRequests) edge.log(requestLogLine(req, response, service?.name, Date.now() - started))
}

/** A WebSocket upgrade passes the same checks on its headers (public data planes keep their own rules), then goes to the service that takes it. */
export async function handleUpgrade(edge: Edge, raw: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  socket.on('error', () => {}) // a peer that resets an upgrade it asked for is no error of the cloud's
  const req = requestFromHead(raw)
  const service = edge.serviceFor(req.route)
  let refused: AwsError | undefined
  try {
    const checked = runSteps(edge.steps.beforeBody, req, service, edge.ctx)
    refused = (checked instanceof Promise ? await checked : checked) || undefined
  } catch (err) {
    refused = asAwsError(err)
  }
  if (refused) {
    edge.log(`refused upgrade ${req.host}${req.rawPath}: ${refused.message}`)
    return sendOnSocket(socket, renderError(refused, protocolFor(req, service), req.requestId, service?.name))
  }
  for (const service of edge.services) if (service.upgrade?.(raw, socket, head, edge.ctx)) return
  socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n')
}
