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
 * Python sandboxes get the same for botocore (boto3): `URLLib3Session.send` is wrapped the moment
 * `botocore.httpsession` is first imported (an import hook: functions that never use boto3 pay nothing).
 */

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

/** The same for botocore (boto3), prepended to the Python bootstrap. */
export const PYTHON_AWS_HOSTS = String.raw`
def _lab_aws_hosts():
    import os, re, sys
    from urllib.parse import urlsplit
    try:
        cloud = urlsplit(os.environ.get('AWS_ENDPOINT_URL', ''))
        port = cloud.port or 80
    except ValueError:
        return
    if cloud.scheme != 'http' or cloud.hostname not in ('localhost', '127.0.0.1'):
        return
    aws = re.compile(r'(^|\.)amazonaws\.com(\.cn)?\.?$', re.I)

    def patch(module):
        send = module.URLLib3Session.send

        def lab_send(self, request):
            parts = urlsplit(request.url)
            if parts.scheme == 'https' and parts.hostname and aws.search(parts.hostname):
                if 'host' not in {k.lower() for k in request.headers.keys()}:
                    request.headers['Host'] = parts.netloc
                request.url = 'http://127.0.0.1:%d%s%s' % (port, parts.path or '/', '?' + parts.query if parts.query else '')
            return send(self, request)

        module.URLLib3Session.send = lab_send

    class Finder:
        def find_spec(self, name, path=None, target=None):
            if name != 'botocore.httpsession':
                return None
            sys.meta_path.remove(self)
            import importlib.util
            spec = importlib.util.find_spec(name)
            if spec is None or spec.loader is None:
                return spec
            exec_module = spec.loader.exec_module

            def exec_and_patch(module):
                exec_module(module)
                patch(module)

            spec.loader.exec_module = exec_and_patch
            return spec

    sys.meta_path.insert(0, Finder())


_lab_aws_hosts()
del _lab_aws_hosts
`
