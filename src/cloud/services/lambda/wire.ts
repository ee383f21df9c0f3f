/**
 * @module Lambda's REST-JSON wire protocol: route method + path to an operation, read path/query/header members,
 * and write the operation's status code and headers.
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_Operations.html
 */
import { authorizeApiCall, isAccountRoot } from '../../authz/api-gate.js'
import { AwsError } from '../../core/aws-error.js'
import { ownOperation } from '../../core/safe-names.js'
import type { ApiOperation, CloudContext, CloudRequest, CloudResponse } from '../../core/types.js'
import { jsonFailureMessage, parseJsonBody, type JsonFailure } from '../../protocols/json-body.js'
import { readZip } from './code.js'

interface Route {
  op: string
  status: number
  input: Record<string, unknown>
}

function decodeSegments(rawPath: string): string[] {
  return rawPath
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s)
      } catch {
        return s
      }
    })
}

function body(req: CloudRequest): Record<string, unknown> {
  if (req.body.length === 0) return {}
  const notJson = (reason: JsonFailure) => new AwsError('SerializationException', 400, `Could not parse request body into json: ${jsonFailureMessage(reason)}`)
  const parsed = parseJsonBody(req.body, notJson)
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>
  throw new AwsError('SerializationException', 400, 'Could not parse request body into json: the body is not a JSON object')
}

/** Which operation a request is, and its input assembled from path, query, headers and body. */
export function route(req: CloudRequest): Route | undefined {
  const [version, collection, name, sub, extra] = decodeSegments(req.rawPath)
  const q = (k: string) => req.query.get(k) ?? undefined
  const m = req.method
  if (version === '2015-03-31' && collection === 'functions') {
    if (!name) {
      if (m === 'POST') return { op: 'CreateFunction', status: 201, input: body(req) }
      if (m === 'GET') return { op: 'ListFunctions', status: 200, input: { Marker: q('Marker'), MaxItems: q('MaxItems') } }
      return undefined
    }
    const fn = { FunctionName: name, Qualifier: q('Qualifier') }
    if (!sub) {
      if (m === 'GET') return { op: 'GetFunction', status: 200, input: fn }
      if (m === 'DELETE') return { op: 'DeleteFunction', status: 204, input: fn }
    }
    if (sub === 'invocations' && m === 'POST') {
      return {
        op: 'Invoke',
        status: 200,
        input: {
          ...fn,
          Payload: req.body,
          InvocationType: req.headers['x-amz-invocation-type'],
          LogType: req.headers['x-amz-log-type'],
          ClientContext: req.headers['x-amz-client-context'],
        },
      }
    }
    if (sub === 'configuration' && m === 'GET') return { op: 'GetFunctionConfiguration', status: 200, input: fn }
    if (sub === 'configuration' && m === 'PUT') return { op: 'UpdateFunctionConfiguration', status: 200, input: { ...body(req), FunctionName: name } }
    if (sub === 'code' && m === 'PUT') return { op: 'UpdateFunctionCode', status: 200, input: { ...body(req), FunctionName: name } }
    if (sub === 'policy') {
      if (m === 'POST' && !extra) return { op: 'AddPermission', status: 201, input: { ...body(req), ...fn } }
      if (m === 'GET' && !extra) return { op: 'GetPolicy', status: 200, input: fn }
      if (m === 'DELETE' && extra) return { op: 'RemovePermission', status: 204, input: { ...fn, StatementId: extra, RevisionId: q('RevisionId') } }
    }
    return undefined
  }
  if (version === '2017-03-31' && collection === 'tags' && name) {
    const resource = decodeSegments(req.rawPath).slice(2).join('/')
    if (m === 'GET') return { op: 'ListTags', status: 200, input: { Resource: resource } }
    if (m === 'POST') return { op: 'TagResource', status: 204, input: { ...body(req), Resource: resource } }
    if (m === 'DELETE') return { op: 'UntagResource', status: 204, input: { Resource: resource, TagKeys: req.query.getAll('tagKeys') } }
  }
  if (version === '2016-08-19' && collection === 'account-settings' && m === 'GET') return { op: 'GetAccountSettings', status: 200, input: {} }
  return undefined
}

const CODE_DOWNLOAD = /^\/_lab\/lambda-code\/([0-9a-f]{64})\.zip$/

export async function handleWire(req: CloudRequest, ctx: CloudContext, api: Record<string, ApiOperation>): Promise<CloudResponse> {
  const download = req.method === 'GET' ? CODE_DOWNLOAD.exec(req.rawPath) : null
  if (download) {
    // Only the URL GetFunction hands out (presigned with the account's key) downloads code, never another signer.
    if (!isAccountRoot(req, ctx)) throw new AwsError('AccessDeniedException', 403, 'The deployment package is reachable only through the Code.Location URL GetFunction returns.')
    const bytes = readZip(ctx.dataDir, download[1])
    if (!bytes) throw new AwsError('ResourceNotFoundException', 404, 'The deployment package does not exist.')
    return { status: 200, headers: { 'content-type': 'application/zip' }, body: bytes }
  }
  const r = route(req)
  if (!r) throw new AwsError('UnknownOperationException', 404, `The local cloud's Lambda has no operation for ${req.method} ${req.path}`)
  req.operation = r.op
  const op = ownOperation(api, r.op)
  if (!op) throw new AwsError('UnknownOperationException', 404, `The local cloud's Lambda has no operation for ${req.method} ${req.path}`)
  await authorizeApiCall(req, ctx, 'lambda', r.input)
  const output = await op({ ...r.input, __region: req.region }, ctx)
  const headers: Record<string, string> = { 'x-amzn-requestid': req.requestId, 'content-type': 'application/json' }
  if (r.op === 'Invoke') {
    if (output.FunctionError) headers['x-amz-function-error'] = output.FunctionError
    if (output.LogResult) headers['x-amz-log-result'] = output.LogResult
    if (output.ExecutedVersion) headers['x-amz-executed-version'] = output.ExecutedVersion
    return { status: output.StatusCode, headers, body: output.Payload ?? '' }
  }
  if (r.status === 204) return { status: 204, headers: { 'x-amzn-requestid': req.requestId } }
  return { status: r.status, headers, body: JSON.stringify(output) }
}
