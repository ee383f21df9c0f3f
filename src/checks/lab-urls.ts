/**
 * @module Lab URLs: templates build the URLs a learner sees on AWS (`https://{api}.execute-api.{region}
 * .amazonaws.com/prod/`, `http://{bucket}.s3-website-{region}.amazonaws.com`). On the local cloud the
 * same resources answer at `http://{api}.execute-api.localhost:PORT/…` and
 * `http://{bucket}.s3-website.localhost:PORT/`. `localizeUrl` maps the first form to the second; it is
 * idempotent and leaves every other URL alone. See docs/contracts.md, "Lab URLs".
 */

const EXECUTE_API = /^(https|wss):\/\/([a-z0-9]+)\.execute-api\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?(\/.*)?$/i
const S3_WEBSITE = /^https?:\/\/(.+?)\.s3-website[.-][a-z0-9-]+\.amazonaws\.com(?:\.cn)?(\/.*)?$/i
const S3_VIRTUAL_HOST = /^https?:\/\/(.+?)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?(\/.*)?$/i

/** `http://localhost:4599` → `4599`, the port every local host name shares. */
function localPort(endpoint: string): string {
  const url = new URL(endpoint)
  return url.port || (url.protocol === 'https:' ? '443' : '80')
}

/** Map an AWS URL of an execute-api or S3 website/bucket endpoint to the local cloud's equivalent. */
export function localizeUrl(value: string, endpoint: string): string {
  const port = localPort(endpoint)
  const api = EXECUTE_API.exec(value)
  if (api) {
    const scheme = api[1].toLowerCase() === 'wss' ? 'ws' : 'http'
    return `${scheme}://${api[2]}.execute-api.localhost:${port}${api[3] ?? ''}`
  }
  const website = S3_WEBSITE.exec(value)
  if (website) return `http://${website[1]}.s3-website.localhost:${port}${website[2] ?? ''}`
  const bucket = S3_VIRTUAL_HOST.exec(value)
  if (bucket) return `http://${bucket[1]}.s3.localhost:${port}${bucket[2] ?? ''}`
  return value
}

/** Apply `localizeUrl` to every output value (non-URL values pass through unchanged). */
export function localizeOutputs(outputs: Record<string, string>, endpoint: string): Record<string, string> {
  return Object.fromEntries(Object.entries(outputs).map(([name, value]) => [name, localizeUrl(value, endpoint)]))
}
