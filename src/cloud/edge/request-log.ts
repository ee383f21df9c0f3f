/**
 * @module The foreground cloud's line per request (`lab cloud start`), written for a screen a room is watching:
 * the AWS operation and its error code where the service named one
 * (`cloudformation.CreateChangeSet → 400 InsufficientCapabilitiesException 3ms`), the URL for the data planes and
 * S3 (`GET abc123.execute-api.localhost/prod/hi → 403 MissingAuthenticationTokenException apigateway 4ms`).
 * Services name the operation (`req.operation`) and tag error answers (`errorCode`) where they make them.
 */
import type { CloudRequest, CloudResponse } from '../core/types.js'

export function requestLogLine(req: CloudRequest, response: CloudResponse, service: string | undefined, ms: number): string {
  const outcome = `${response.status}${response.errorCode ? ` ${response.errorCode}` : ''}`
  if (req.operation && service) return `${service}.${req.operation} → ${outcome} ${ms}ms`
  return `${req.method} ${req.host}${req.rawPath} → ${outcome} ${service ?? '-'} ${ms}ms`
}
