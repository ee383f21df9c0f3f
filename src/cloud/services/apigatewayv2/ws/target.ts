/**
 * @module Which API, stage and sub-path a data-plane request names, in every URL form the cloud answers:
 * `{apiId}.execute-api.localhost:PORT/{stage}`, `localhost:PORT/_aws/execute-api/{apiId}/{stage}` and, from
 * function sandboxes, AWS's own `{apiId}.execute-api.{region}.amazonaws.com/{stage}` (the edge routes all three).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-how-to-call-websocket-api.html
 */
import type { CloudRequest } from '../../../core/types.js'

export interface Target {
  apiId: string
  stage: string
  /** What follows the stage, still percent-encoded: '' for the socket itself, `/@connections/{id}` for management. */
  rest: string
}

export function parseTarget(req: Pick<CloudRequest, 'route'>): Target | undefined {
  if (req.route.kind !== 'execute-api') return undefined
  const match = /^\/([^/]+)(\/.*)?$/.exec(req.route.path)
  if (!match) return undefined
  let stage: string
  try {
    stage = decodeURIComponent(match[1])
  } catch {
    return undefined
  }
  const rest = match[2] === '/' ? '' : (match[2] ?? '')
  return { apiId: req.route.apiId, stage, rest }
}

/** The connection id of `/@connections/{id}` (the SDKs send `%40connections` and the id's `=` as `%3D`). */
export function connectionIdOf(rest: string): string | undefined {
  const match = /^\/(?:@|%40)connections\/([^/]+)$/i.exec(rest)
  if (!match) return undefined
  try {
    return decodeURIComponent(match[1])
  } catch {
    return undefined
  }
}
