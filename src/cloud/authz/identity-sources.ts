/**
 * @module Identity sources of REST and WebSocket Lambda/Cognito authorizers: `method.request.header.X`,
 * `method.request.querystring.X`, `stageVariables.X`, `context.X` (WebSocket: `route.request.header.X` and
 * `route.request.querystring.X`), comma-separated. Path parameters "cannot be used as identity sources".
 * Data-plane neutral: each data plane answers lookups through an `IdentityReader`.
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_CreateAuthorizer.html#apigw-CreateAuthorizer-request-identitySource
 */

export type IdentitySourceKind = 'header' | 'querystring' | 'stageVariables' | 'context'

export interface IdentitySource {
  kind: IdentitySourceKind
  name: string
  /** The expression as written, e.g. `method.request.header.Authorization`. */
  expression: string
}

/** How a data plane answers identity source lookups for one request. Headers are case-insensitive. */
export interface IdentityReader {
  header(name: string): string | undefined
  querystring(name: string): string | undefined
  stageVariable(name: string): string | undefined
  context(name: string): string | undefined
}

const SOURCE = /^(?:(?:method|route)\.request\.(header|querystring)\.([a-zA-Z0-9._$-]+)|(stageVariables|context)\.([a-zA-Z0-9._$-]+))$/
/** A TOKEN authorizer reads one header. */
export const TOKEN_SOURCE = /^method\.request\.header\.[a-zA-Z0-9._-]+$/

/** One expression, or undefined when it is not an identity source. */
export function parseIdentitySource(expression: string): IdentitySource | undefined {
  const match = SOURCE.exec(expression)
  if (!match) return undefined
  if (match[1]) return { kind: match[1] as IdentitySourceKind, name: match[2], expression }
  return { kind: match[3] as IdentitySourceKind, name: match[4], expression }
}

/** The comma-separated list (blank entries dropped); `invalid` names the first expression that is not one. */
export function parseIdentitySources(list: string | undefined): { sources: IdentitySource[]; invalid?: string } {
  const sources: IdentitySource[] = []
  for (const raw of (list ?? '').split(',')) {
    const expression = raw.trim()
    if (!expression) continue
    const source = parseIdentitySource(expression)
    if (!source) return { sources, invalid: expression }
    sources.push(source)
  }
  return { sources }
}

/** The value of one source; an empty string counts as absent, as AWS treats "missing, null or empty". */
export function readIdentitySource(source: IdentitySource, reader: IdentityReader): string | undefined {
  const value =
    source.kind === 'header'
      ? reader.header(source.name)
      : source.kind === 'querystring'
        ? reader.querystring(source.name)
        : source.kind === 'stageVariables'
          ? reader.stageVariable(source.name)
          : reader.context(source.name)
  return value === undefined || value === '' ? undefined : value
}

/** Every source's value in order, or undefined as soon as one is absent. */
export function readIdentitySources(sources: IdentitySource[], reader: IdentityReader): string[] | undefined {
  const values: string[] = []
  for (const source of sources) {
    const value = readIdentitySource(source, reader)
    if (value === undefined) return undefined
    values.push(value)
  }
  return values
}
