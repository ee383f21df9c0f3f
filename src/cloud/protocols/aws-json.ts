/**
 * @module AWS JSON 1.0/1.1 RPC: `POST /` with `X-Amz-Target: {Prefix}.{Operation}` and a JSON body; the
 * reply is the operation's output as JSON. Errors are rendered by protocols/errors.ts (`json`).
 * @see https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
 */
import { authorizeApiCall } from '../authz/api-gate.js'
import { AwsError } from '../core/aws-error.js'
import { ownOperation } from '../core/safe-names.js'
import type { ApiOperation, CloudContext, CloudRequest, CloudResponse } from '../core/types.js'
import { jsonFailureMessage, parseJsonBody } from './json-body.js'

export interface JsonRpcOptions {
  /** The service key (`logs`): the API gate's resource map for it. */
  service: string
  /** `Logs_20140328` */
  targetPrefix: string
  version: '1.0' | '1.1'
  api: Record<string, ApiOperation>
}

export async function handleJsonRpc(req: CloudRequest, ctx: CloudContext, options: JsonRpcOptions): Promise<CloudResponse> {
  const target = req.headers['x-amz-target'] ?? ''
  const dot = target.indexOf('.')
  const operation = dot === -1 ? '' : target.slice(dot + 1)
  req.operation = operation || undefined
  const op = target.slice(0, dot) === options.targetPrefix ? ownOperation(options.api, operation) : undefined
  if (!op) {
    throw new AwsError('UnknownOperationException', 400, `Unknown operation ${target || '(no X-Amz-Target)'}`)
  }
  if (req.method !== 'POST') throw new AwsError('UnknownOperationException', 400, `Operations are POST requests, not ${req.method}`)
  let input: unknown = {}
  if (req.body.toString('utf8').trim()) {
    input = parseJsonBody(req.body, (reason) => new AwsError('SerializationException', 400, jsonFailureMessage(reason)))
  }
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    throw new AwsError('SerializationException', 400, 'The request body must be a JSON object')
  }
  await authorizeApiCall(req, ctx, options.service, input as Record<string, unknown>)
  const output = (await op(input, ctx)) ?? {}
  return {
    status: 200,
    headers: { 'content-type': `application/x-amz-json-${options.version}`, 'x-amzn-requestid': req.requestId },
    body: JSON.stringify(output),
  }
}
