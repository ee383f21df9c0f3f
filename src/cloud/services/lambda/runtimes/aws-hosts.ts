/**
 * @module AWS's own host names inside Node.js function sandboxes. Handler code written for AWS builds endpoints
 * such as `https://${apiId}.execute-api.${AWS_REGION}.amazonaws.com/${stage}` (the `@connections` callback of
 * AWS's WebSocket chat sample) or `https://${requestContext.domainName}/${stage}`; on this machine those names
 * would reach the real AWS. The sandbox's `https.request` (what the AWS SDKs call) therefore sends every
 * `*.amazonaws.com` request to the local cloud's port instead, in plain HTTP on loopback, keeping the `Host`
 * header (and so the SigV4 signature, which covers it): the edge routes `{apiId}.execute-api.{region}.amazonaws.com`
 * like `{apiId}.execute-api.localhost`, and other AWS hosts by their signature, as any SDK call. `fetch` to an
 * execute-api host is sent to the path form `/_aws/execute-api/{apiId}/…`.
 *
 * Why not TLS with a local CA: it would need a certificate authority generated and trusted per sandbox and TLS
 * on the cloud's one port, for the same result; the rewrite is confined to the sandbox's own process, and code
 * outside the sandboxes (the learner's browser and CLI) is untouched. The cloud is found through the sandbox's
 * `AWS_ENDPOINT_URL` (a loopback URL), read once at start. Prepended to the Node bootstrap, so it runs before the
 * handler module loads.
 * Not implemented: Python sandboxes (boto3 with an explicit `endpoint_url` on an AWS host name still goes to AWS).
 */

// Not implemented: AWS host names inside Python sandboxes (boto3 with an explicit endpoint_url on *.amazonaws.com).
// No backticks or dollar-braces below: this is a String.raw template.
export const NODE_AWS_HOSTS = String.raw`
import awsHostsHttp from 'node:http'
import awsHostsHttps from 'node:https'
import { syncBuiltinESMExports as awsHostsSync } from 'node:module'

{
  let cloud
  try {
    const url = new URL(process.env.AWS_ENDPOINT_URL || '')
    if (url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1')) cloud = url
  } catch {}
  const isAwsHost = (h) => typeof h === 'string' && /(^|\.)amazonaws\.com(\.cn)?\.?$/i.test(h)
  if (cloud) {
    const port = Number(cloud.port || 80)
    const agent = new awsHostsHttp.Agent({ keepAlive: true })
    const toOptions = (input) => {
      if (typeof input === 'string') input = new URL(input)
      if (input instanceof URL) return { protocol: input.protocol, hostname: input.hostname, port: input.port, path: input.pathname + input.search }
      return { ...input }
    }
    const redirect = (original) =>
      function awsHostRequest(input, options, callback) {
        let merged
        if (typeof input === 'string' || input instanceof URL) {
          if (typeof options === 'function') { callback = options; options = undefined }
          merged = { ...toOptions(input), ...(options || {}) }
        } else {
          callback = options
          merged = toOptions(input || {})
        }
        const name = merged.hostname || (merged.host || '').replace(/:\d+$/, '')
        if (!isAwsHost(name)) return original.apply(this, arguments)
        const headers = { ...(merged.headers || {}) }
        if (!Object.keys(headers).some((k) => k.toLowerCase() === 'host')) {
          const explicitPort = merged.port && Number(merged.port) !== 443 ? ':' + merged.port : ''
          headers.host = name + explicitPort
        }
        const local = { ...merged, protocol: 'http:', hostname: '127.0.0.1', host: '127.0.0.1', port, agent, headers }
        delete local.servername
        delete local.createConnection
        return awsHostsHttp.request(local, callback)
      }
    const request = awsHostsHttps.request
    awsHostsHttps.request = redirect(request)
    awsHostsHttps.get = function awsHostGet(...args) {
      const req = awsHostsHttps.request(...args)
      req.end()
      return req
    }
    awsHostsSync()
    const fetch = globalThis.fetch
    if (typeof fetch === 'function') {
      globalThis.fetch = function awsHostFetch(input, init) {
        try {
          const url = new URL(typeof input === 'string' || input instanceof URL ? String(input) : input.url)
          const api = /^([a-z0-9]+)\.execute-api\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.exec(url.hostname)
          if (api && url.protocol === 'https:') {
            const local = 'http://127.0.0.1:' + port + '/_aws/execute-api/' + api[1] + url.pathname + url.search
            return fetch(typeof input === 'string' || input instanceof URL ? local : new Request(local, input), init)
          }
        } catch {}
        return fetch(input, init)
      }
    }
  }
}
`
