/**
 * @module The foreground cloud's line per request (`lab cloud start`), written for a screen a room is watching:
 * the AWS operation and its error code where the service named one
 * (`cloudformation.CreateChangeSet → 400 InsufficientCapabilitiesException 3ms`), the URL for the data planes and
 * S3 (`GET abc123.execute-api.localhost/prod/hi → 403 MissingAuthenticationTokenException apigateway 4ms`).
 */
import type { CloudRequest, CloudResponse } from '../core/types.js'

export function requestLogLine(req: CloudRequest, response: CloudResponse, service: string | undefined, ms: number): string {
  const code = errorCodeOf(response)
  const outcome = `${response.status}${code ? ` ${code}` : ''}`
  if (req.operation && service) return `${service}.${req.operation} → ${outcome} ${ms}ms`
  return `${req.method} ${req.host}${req.rawPath} → ${outcome} ${service ?? '-'} ${ms}ms`
}

const JSON_ERROR_TYPE = /"__type"\s*:\s*"(?:[^"#]*#)?([^"]+)"/
const XML_ERROR_CODE = /<Error>(?:<Type>[^<]*<\/Type>)?<Code>([^<]+)<\/Code>/

function errorCodeOf(response: CloudResponse): string | undefined {
  if (response.errorCode) return response.errorCode
  if (response.status < 400) return undefined
  // Answers rendered elsewhere name their error too: API Gateway's gateway responses in a header, dynalite's
  // (DynamoDB) in the JSON body, S3 website error pages in the XML body.
  const headers = response.headers ?? {}
  for (const name in headers) if (name.toLowerCase() === 'x-amzn-errortype') return String(headers[name]).split(':')[0]
  const body = typeof response.body === 'string' ? response.body : response.body?.subarray(0, 512).toString('utf8')
  return (body && (JSON_ERROR_TYPE.exec(body)?.[1] ?? XML_ERROR_CODE.exec(body)?.[1])) || undefined
}
