/**
 * @module Authorization of a WebSocket API happens once, on `$connect`, for the whole connection: `AWS_IAM`
 * (a SigV4 signature for `execute-api`, in headers or a presigned URL, and `execute-api:Invoke` on
 * `…/{stage}/$connect`) or a `CUSTOM` REQUEST Lambda authorizer. A refusal is the handshake's status (401/403);
 * no socket opens.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-control-access-iam.html
 */
import { AwsError } from '../../../core/aws-error.js'
import type { CloudContext, CloudRequest } from '../../../core/types.js'
import { verifySigV4, type CallerIdentity } from '../../../edge/sigv4.js'
import type { Connection } from './connection.js'
import type { WsRequest } from './events.js'
import type { PlaneState } from './plane-state.js'
import type { WsRoute } from './snapshot.js'

export interface Denial {
  status: number
  message: string
}

/** The IAM caller as `requestContext.identity` shows it. */
export function callerOf(identity: CallerIdentity): NonNullable<Connection['caller']> {
  return { accessKey: identity.accessKeyId, userArn: identity.arn, user: identity.userId, accountId: identity.account }
}

/** Verify a request's SigV4 signature for `execute-api` (handshakes, `@connections` calls). */
export function verifyExecuteApiSignature(ctx: CloudContext, req: CloudRequest): CallerIdentity | AwsError {
  return verifySigV4(req, { service: 'execute-api', now: Date.now(), lookupSecret: (key) => ctx.credentials.lookup(key) })
}

export async function authorizeConnect(
  ctx: CloudContext,
  _plane: PlaneState,
  c: Connection,
  req: CloudRequest,
  route: WsRoute | undefined,
  _r: WsRequest,
): Promise<Denial | undefined> {
  const type = route?.authorizationType ?? 'NONE'
  if (type === 'NONE') return undefined
  if (type === 'AWS_IAM') {
    const identity = verifyExecuteApiSignature(ctx, req)
    if (identity instanceof AwsError) return { status: 403, message: identity.message }
    c.caller = callerOf(identity)
    // Not implemented: identity policies of IAM users and roles are not evaluated yet (any key of this cloud passes).
    return undefined
  }
  // Not implemented: CUSTOM (Lambda REQUEST) authorizers on $connect: refused, never silently allowed.
  ctx.log(`apigatewayv2 ${c.api.apiId}/${c.stage}: the local cloud does not run ${type} authorizers on $connect yet; the handshake is refused`)
  return { status: 500, message: 'Internal server error' }
}
