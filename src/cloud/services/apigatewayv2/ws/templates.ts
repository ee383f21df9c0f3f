/**
 * @module Mapping templates of WebSocket routes, rendered by the REST data plane's Velocity engine: the same
 * `$input`, `$util` and `$stageVariables`, with `$context` holding the WebSocket variables (`connectionId`,
 * `routeKey`, `eventType`, `messageId`, …). Templates are chosen by the integration's (or integration
 * response's) `TemplateSelectionExpression`, else `$default`.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-data-transformations.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-mapping-template-reference.html
 */
import { nullMap } from '../../../core/safe-names.js'
import type { CloudContext, CloudRequest } from '../../../core/types.js'
import type { Invocation } from '../../apigateway/execute/context.js'
import { renderTemplate } from '../../apigateway/execute/vtl.js'
import type { Connection } from './connection.js'
import { requestContext, type WsRequest } from './events.js'
import { selectRouteKey } from './route-selection.js'

/**
 * The template engine reads an `Invocation` (the REST data plane's request state): this one carries what a
 * WebSocket request has, and no REST resource or method.
 */
function templateInvocation(ctx: CloudContext, c: Connection, r: WsRequest): Invocation {
  const req = { method: 'POST', host: c.host, sourceIp: c.sourceIp, headers: nullMap<string>(), body: Buffer.alloc(0) } as unknown as CloudRequest
  if (c.userAgent !== undefined) req.headers['user-agent'] = c.userAgent
  return {
    req,
    ctx,
    apiId: c.api.apiId,
    requestId: r.requestId,
    extendedRequestId: r.extendedRequestId,
    traceId: '',
    requestTime: r.requestTime,
    stageName: c.stage,
    stage: { variables: c.api.stageVariables ?? {} } as Invocation['stage'],
    path: '/',
    headers: nullMap<string>(),
    multiValueHeaders: nullMap<string[]>(),
    query: nullMap<string>(),
    multiValueQuery: nullMap<string[]>(),
    pathParameters: nullMap<string>(),
    logLines: [],
    streams: new Map(),
  }
}

/** The template a selection expression picks: `\$default` or a literal key, else `$default`. */
export function pickTemplate(templates: Record<string, string> | undefined, expression: string | undefined, body: string): string | undefined {
  if (!templates) return undefined
  const key = expression ? selectRouteKey(expression, body) : undefined
  if (key !== undefined && Object.hasOwn(templates, key)) return templates[key]
  return Object.hasOwn(templates, '$default') ? templates['$default'] : undefined
}

export function renderWsTemplate(ctx: CloudContext, c: Connection, r: WsRequest, template: string, body: string): string {
  const context = requestContext(c, r)
  delete context.identity
  const inv = templateInvocation(ctx, c, r)
  return renderTemplate(template, { body, inv, context: { ...context, identity: { sourceIp: c.sourceIp, userAgent: c.userAgent ?? null } } })
}
