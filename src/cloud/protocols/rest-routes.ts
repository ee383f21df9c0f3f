/**
 * @module REST-JSON control planes (API Gateway v1 and v2): a route table of `METHOD /path/{label}` templates compiled
 * once, matched against the raw path (labels percent-decoded), and the JSON object body as a BadRequestException-guarded read.
 */
import { AwsError } from '../core/aws-error.js'
import { jsonFailureMessage, parseJsonBody } from './json-body.js'

export interface RestRoute {
  method: string
  pattern: RegExp
  labels: string[]
  op: string
  status: number
}

/** `[method, '/restapis/{restApiId}', 'GetRestApi', 200]` rows → matchable routes (an optional trailing `/`). */
export function compileRoutes(table: readonly (readonly [string, string, string, number])[]): RestRoute[] {
  return table.map(([method, template, op, status]) => {
    const labels: string[] = []
    const source = template.replace(/\{(\w+)\}/g, (_, name: string) => {
      labels.push(name)
      return '([^/]+)'
    })
    return { method, pattern: new RegExp(`^${source}/?$`), labels, op, status }
  })
}

/** The route for this request and its labels, decoded; a malformed percent-escape is the caller's 400, not a 500. */
export function matchRoute(routes: RestRoute[], method: string, rawPath: string): { route: RestRoute; labels: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue
    const match = route.pattern.exec(rawPath)
    if (!match) continue
    const labels: Record<string, string> = {}
    route.labels.forEach((label, i) => {
      try {
        labels[label] = decodeURIComponent(match[i + 1])
      } catch {
        throw new AwsError('BadRequestException', 400, `Invalid URI escape in path: ${match[i + 1]}`)
      }
    })
    return { route, labels }
  }
  return undefined
}

/** A request body that must be a JSON object (an empty body is `{}`). */
export function jsonObjectBody(body: Buffer): Record<string, unknown> {
  if (!body.length) return {}
  const parsed = parseJsonBody(body, (reason) => new AwsError('BadRequestException', 400, reason === 'invalid' ? 'Invalid JSON in request body' : jsonFailureMessage(reason)))
  if (parsed === null) return {}
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new AwsError('BadRequestException', 400, 'Invalid JSON in request body: not an object')
  return parsed as Record<string, unknown>
}

/**
 * The other way round: where an operation called in-process (`ctx.call`) would have gone on the wire — its method and
 * decoded path, labels filled from the input — so that the API gate judges it as it judges the wire (API Gateway's
 * control-plane permissions are on that path). Among an operation's routes, the one whose labels the input fills most.
 */
export function routeAddress(table: readonly (readonly [string, string, string, number])[], op: string, input: unknown): { method: string; path: string } | undefined {
  const members = input && typeof input === 'object' ? (input as Record<string, unknown>) : {}
  let best: { method: string; path: string; labels: number } | undefined
  for (const [method, template, name] of table) {
    if (name !== op) continue
    let labels = 0
    let complete = true
    const path = template.replace(/\{(\w+)\}/g, (_, label: string) => {
      const value = Object.hasOwn(members, label) ? members[label] : undefined
      if (typeof value !== 'string' || value === '') complete = false
      else labels++
      return typeof value === 'string' ? value : ''
    })
    if (complete && (!best || labels > best.labels)) best = { method, path, labels }
  }
  return best && { method: best.method, path: best.path }
}
