/**
 * @module AWS Query protocol (CloudFormation, STS, IAM): form-encoded requests, XML responses.
 * @see https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
 */
import { AwsError } from '../core/aws-error.js'
import { isPrototypeName, nullMap } from '../core/safe-names.js'
import type { CloudResponse } from '../core/types.js'
import { toXml, XML_DECLARATION } from './xml.js'

/**
 * A parameter name whose path runs through `__proto__`, `constructor` or `prototype` (no AWS member is named
 * so): refused before any decoder walks it, so it can never reach Object.prototype.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/CommonErrors.html
 */
function refusePrototypePath(key: string): void {
  if (key.split('.').some(isPrototypeName)) {
    throw new AwsError('InvalidQueryParameter', 400, `The AWS query string is malformed or does not adhere to AWS standards: parameter ${key}`)
  }
}

/** Parse a form body (or query string) into a flat map (no prototype) of `Key.member.1.Sub` → value. */
export function parseQueryParams(body: Buffer, query?: URLSearchParams): Record<string, string> {
  const params = nullMap<string>()
  const add = (k: string, v: string) => {
    refusePrototypePath(k)
    params[k] = v
  }
  if (query) for (const [k, v] of query) add(k, v)
  for (const [k, v] of new URLSearchParams(body.toString('utf8'))) add(k, v)
  return params
}

/**
 * Read a list parameter: `Prefix.member.N` (scalars) or `Prefix.member.N.Field` (structures).
 * `readList(p, 'Parameters', ['ParameterKey','ParameterValue'])`.
 */
export function readList(params: Record<string, string>, prefix: string): any[] {
  const items = new Map<number, any>()
  const head = `${prefix}.member.`
  for (const [key, value] of Object.entries(params)) {
    if (!key.startsWith(head)) continue
    const rest = key.slice(head.length)
    const dot = rest.indexOf('.')
    const index = Number(dot === -1 ? rest : rest.slice(0, dot))
    if (!Number.isInteger(index)) continue
    if (dot === -1) {
      items.set(index, value)
    } else {
      const item = items.get(index) ?? {}
      setPath(item, rest.slice(dot + 1).split('.'), value)
      items.set(index, item)
    }
  }
  return [...items.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v)
}

function setPath(target: any, keys: string[], value: string): void {
  refusePrototypePath(keys.join('.'))
  let node = target
  for (let i = 0; i < keys.length - 1; i++) {
    const next = Object.hasOwn(node, keys[i]) ? node[keys[i]] : undefined
    node = next !== null && typeof next === 'object' ? next : (node[keys[i]] = {})
  }
  node[keys[keys.length - 1]] = value
}

/** `<{Action}Response><{Action}Result>…</{Action}Result><ResponseMetadata>…` */
export function queryResponse(action: string, xmlns: string, result: unknown, requestId: string): CloudResponse {
  const inner = result === undefined ? '' : toXml(`${action}Result`, result)
  const body =
    `${XML_DECLARATION}<${action}Response xmlns="${xmlns}">${inner}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body }
}
