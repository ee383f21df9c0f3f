/**
 * @module Translate real-AWS URLs in stack outputs to the local cloud's URL styles, so templates stay
 * unchanged (they output `https://{api}.execute-api.{region}.amazonaws.com/prod/`, `wss://…/prod`) and learners, checks
 * and the site config see URLs that work on loopback.
 */

const EXECUTE_API = /^https?:\/\/([a-z0-9]+)\.execute-api\.[a-z0-9-]+\.amazonaws\.com(\/.*)?$/
/** A WebSocket API's endpoint (`GetAtt ApiEndpoint`, or `wss://…/{stage}` built with !Sub). */
const WEBSOCKET_API = /^wss:\/\/([a-z0-9]+)\.execute-api\.[a-z0-9-]+\.amazonaws\.com(\/.*)?$/
const S3_WEBSITE = /^https?:\/\/([a-z0-9.-]+?)\.s3-website[.-][a-z0-9-]+\.amazonaws\.com(\/.*)?$/

/** One output value as the local cloud serves it (unchanged when it is not an AWS URL). */
export function localizeUrl(value: string, port: number): string {
  const api = EXECUTE_API.exec(value)
  if (api) return `http://${api[1]}.execute-api.localhost:${port}${api[2] ?? '/'}`
  const socket = WEBSOCKET_API.exec(value)
  if (socket) return `ws://${socket[1]}.execute-api.localhost:${port}${socket[2] ?? ''}`
  const site = S3_WEBSITE.exec(value)
  if (site) return `http://${site[1]}.s3-website.localhost:${port}${site[2] ?? ''}`
  return value
}

export function localizeOutputs(outputs: Record<string, string>, port: number): Record<string, string> {
  return Object.fromEntries(Object.entries(outputs).map(([key, value]) => [key, localizeUrl(value, port)]))
}
