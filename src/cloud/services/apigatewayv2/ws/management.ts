/**
 * @module The `@connections` management API at `{stage URL}/@connections/{connectionId}`, SigV4-signed for
 * `execute-api`: POST sends the body to the client (≤ 128 KB, else 413), GET describes the connection, DELETE
 * closes it (204; `$disconnect` follows). A connection that is gone (or never was) answers 410 GoneException; a
 * POST to a client whose buffer is full (it does not read what it is sent), 429 LimitExceededException.
 * Any other request to a WebSocket stage over plain HTTP is refused as API Gateway does.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-how-to-call-websocket-api-connections.html
 * @see https://docs.aws.amazon.com/apigatewaymanagementapi/latest/reference/API_PostToConnection.html
 */
import { AwsError } from '../../../core/aws-error.js'
import type { CloudContext, CloudRequest, CloudResponse } from '../../../core/types.js'
import { renderError } from '../../../protocols/errors.js'
import { verifyExecuteApiSignature } from './authorize.js'
import { iamRefusal, MANAGE_CONNECTIONS } from './iam.js'
import type { Connection } from './connection.js'
import type { PlaneState } from './plane-state.js'
import { clientBufferFull, closeByServer, restartIdleClock, sendToClient } from './session.js'
import { deployedStage } from './snapshot.js'
import { connectionIdOf, parseTarget } from './target.js'

const iso = (ms: number) => new Date(ms).toISOString()

function fail(req: CloudRequest, err: AwsError): CloudResponse {
  return renderError(err, 'execute-api', req.requestId, 'apigatewayv2')
}

/**
 * AWS quirk: a 410 carries only `x-amzn-ErrorType: GoneException` and no JSON body (the SDKs name the error from
 * the header; PHP's reports "Unable to parse error information from response").
 */
function gone(req: CloudRequest): CloudResponse {
  // AWS quirk: 410 GoneException has an empty body; the error type is only in x-amzn-ErrorType.
  return { status: 410, headers: { 'x-amzn-RequestId': req.requestId, 'x-amzn-ErrorType': 'GoneException' }, body: '', errorCode: 'GoneException' }
}

/** `undefined` when the request is not for a WebSocket API (REST's or nobody's). */
export async function handleHttp(plane: PlaneState, req: CloudRequest, ctx: CloudContext): Promise<CloudResponse | undefined> {
  plane.ctx ??= ctx
  const target = parseTarget(req)
  if (!target) return undefined
  const api = await deployedStage(ctx, target.apiId, target.stage)
  if (!api) return undefined
  const connectionId = connectionIdOf(target.rest)
  // Local choice, not observed on AWS: any other plain HTTP request to a WebSocket stage is a 403 Forbidden.
  if (connectionId === undefined) return fail(req, new AwsError('ForbiddenException', 403, 'Forbidden'))
  const identity = verifyExecuteApiSignature(ctx, req)
  if (identity instanceof AwsError) return fail(req, identity)
  const resource = `arn:aws:execute-api:${api.region}:${api.accountId}:${api.apiId}/${target.stage}/${req.method}/@connections/${connectionId}`
  const denied = await iamRefusal(ctx, identity, MANAGE_CONNECTIONS, resource, req.sourceIp)
  if (denied) return fail(req, denied)
  const c = plane.connections.get(connectionId)
  const live = c && !c.closed && !c.serverClose && c.api.apiId === api.apiId && c.stage === target.stage ? c : undefined
  switch (req.method) {
    case 'POST':
      return post(plane, req, live)
    case 'GET':
      return live ? describe(req, live) : gone(req)
    case 'DELETE':
      if (!live) return gone(req)
      closeByServer(live, 1000, '')
      return { status: 204, headers: { 'x-amzn-RequestId': req.requestId } }
    default:
      return fail(req, new AwsError('ForbiddenException', 403, 'Forbidden'))
  }
}

function post(plane: PlaneState, req: CloudRequest, c: Connection | undefined): CloudResponse {
  if (req.body.length > plane.limits.messageBytes) {
    return fail(req, new AwsError('PayloadTooLargeException', 413, `Message too long. Max length is ${plane.limits.messageBytes} bytes.`))
  }
  if (!c) return gone(req)
  // AWS: LimitExceededException (429) when "the WebSocket client side buffer is full".
  if (clientBufferFull(plane, c)) return fail(req, new AwsError('LimitExceededException', 429, 'Limit Exceeded'))
  sendToClient(plane, c, req.body)
  restartIdleClock(plane, c)
  return { status: 200, headers: { 'x-amzn-RequestId': req.requestId, 'Content-Type': 'application/json' }, body: '' }
}

function describe(req: CloudRequest, c: Connection): CloudResponse {
  const identity: Record<string, string> = { sourceIp: c.sourceIp }
  if (c.userAgent !== undefined) identity.userAgent = c.userAgent
  const body = JSON.stringify({ connectedAt: iso(c.connectedAt), identity, lastActiveAt: iso(c.lastActiveAt) })
  return { status: 200, headers: { 'x-amzn-RequestId': req.requestId, 'Content-Type': 'application/json' }, body }
}
