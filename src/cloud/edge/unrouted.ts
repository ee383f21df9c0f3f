/** @module The answer for a request the edge could not route to a service (and the cloud's health check). */
import { AwsError } from '../core/aws-error.js'
import type { CloudContext, CloudRequest, CloudResponse } from '../core/types.js'
import { renderError } from '../protocols/errors.js'
import { health } from './health.js'
import { credentialScope } from './identify.js'
import { carriesSignature } from './sigv4.js'
import { missingAuthentication } from './sigv4-errors.js'

const isQueryForm = (req: CloudRequest) => (req.headers['content-type'] ?? '').includes('x-www-form-urlencoded')

export function unrouted(req: CloudRequest, ctx: CloudContext): CloudResponse {
  if (req.rawPath === '/_lab/health') {
    return health(req, ctx)
  }
  // Unsigned, for no service the edge can tell: AWS's endpoints answer that the signature is missing.
  const protocol = isQueryForm(req) ? 'query' : 'rest-json'
  if (!carriesSignature(req)) return renderError(missingAuthentication(protocol), protocol, req.requestId)
  // Signed for a service the local cloud does not have: say so, rather than suggest signing it.
  const scope = credentialScope(req)
  const target = req.headers['x-amz-target']
  const message = scope
    ? `The local cloud does not implement the AWS service "${scope.service}"${target ? ` (X-Amz-Target ${target})` : ''}.`
    : target
      ? `The local cloud does not implement the AWS service for X-Amz-Target ${target}.`
      : 'The local cloud could not tell which AWS service this request is for. Sign it with SigV4 ' +
        '(the service is read from the credential scope), or use a service host such as {apiId}.execute-api.localhost.'
  if (protocol === 'query') {
    return renderError(new AwsError('InvalidAction', 400, message), 'query', req.requestId)
  }
  return renderError(new AwsError('UnknownOperationException', 400, message), 'rest-json', req.requestId)
}
