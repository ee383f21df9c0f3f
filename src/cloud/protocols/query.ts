/**
 * @module AWS Query protocol (CloudFormation, STS, IAM): form-encoded requests, XML responses.
 * @see https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
 */
import type { CloudResponse } from '../core/types.js'
import { toXml, XML_DECLARATION } from './xml.js'

/** Parse a form body (or query string) into a flat map of `Key.member.1.Sub` → value. */
export function parseQueryParams(body: Buffer, query?: URLSearchParams): Record<string, string> {
  const params: Record<string, string> = {}
  if (query) for (const [k, v] of query) params[k] = v
  for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params[k] = v
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
  let node = target
  for (let i = 0; i < keys.length - 1; i++) node = node[keys[i]] ??= {}
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
