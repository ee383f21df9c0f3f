/**
 * @module Authorizers of WebSocket APIs: Lambda `REQUEST` authorizers, which a `$connect` route with
 * `authorizationType: CUSTOM` names. Identity sources: `route.request.header.X`, `route.request.querystring.X`,
 * `stageVariables.X`, `context.X`.
 * @see https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-authorizers.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html
 */
import { badRequest, conflict, type ApiRecord, type AuthorizerRecord } from '../model.js'
import { lambdaInvocationUri } from './lambda-uri.js'
import { oneOf, optNumber, optString, optStringList, refuseUnemulated, reqString } from './input.js'
import { childId, page, saveChange, type GetModel, type Op, apiOf } from './shared.js'

/** One source, with the name patterns AWS's error message states (see checkIdentitySources). */
const IDENTITY_SOURCE = /^(route\.request\.(querystring|header)|stageVariables|context)\.[a-zA-Z0-9._-]+$/
const MAX_AUTHORIZERS = 10

export const authorizerView = (a: AuthorizerRecord) => ({ ...a, identitySource: [...a.identitySource] })

/**
 * WebSocket identity sources: the list is read as one comma-separated string (an element may hold several sources),
 * each source checked against AWS's patterns, refused with AWS's wording. The list is kept as sent: whether AWS
 * answers a comma-joined element split up is not confirmed by any source.
 * @see https://github.com/aws/aws-cdk/issues/18307
 */
function checkIdentitySources(sources: string[]): string[] {
  const joined = sources.join(',')
  if (sources.length && joined.split(',').some((source) => !IDENTITY_SOURCE.test(source.trim()))) {
    throw badRequest(
      `Invalid request identity source expression: ${joined}. The sources must be separated by comma, and each source must be either a request parameter, ` +
        `matching 'route.request.querystring|header.[a-zA-Z0-9._-]+', or a stage variable, matching 'stageVariables.[a-zA-Z0-9._-]+', ` +
        `or a context parameter, matching 'context.[a-zA-Z0-9._-]+'`,
    )
  }
  return sources
}

function applyAuthorizerInput(api: ApiRecord, authorizer: AuthorizerRecord, input: any): AuthorizerRecord {
  // Not implemented: an IAM role for invoking the authorizer function (AuthorizerCredentialsArn).
  refuseUnemulated(input, ['authorizerCredentialsArn'], 'WebSocket authorizers')
  for (const member of ['authorizerPayloadFormatVersion', 'enableSimpleResponses', 'jwtConfiguration']) {
    if (input[member] !== undefined && input[member] !== null) throw badRequest(`${member} is supported only for HTTP APIs`)
  }
  const next = { ...authorizer }
  const type = oneOf(optString(input, 'authorizerType'), 'authorizerType', ['REQUEST', 'JWT'] as const)
  if (type === 'JWT') throw badRequest('JWT authorizers are supported only for HTTP APIs')
  if (type !== undefined) next.authorizerType = type
  const name = optString(input, 'name')
  if (name !== undefined) {
    if (!name) throw badRequest('Invalid input: name must not be empty')
    next.name = name
  }
  const uri = optString(input, 'authorizerUri')
  if (uri !== undefined) next.authorizerUri = lambdaInvocationUri(uri, api.region)
  const sources = optStringList(input, 'identitySource')
  if (sources !== undefined) next.identitySource = checkIdentitySources(sources)
  const validation = optString(input, 'identityValidationExpression')
  if (validation !== undefined) next.identityValidationExpression = validation || undefined
  const ttl = optNumber(input, 'authorizerResultTtlInSeconds', true)
  if (ttl) throw badRequest('authorizerResultTtlInSeconds is supported only for HTTP API Lambda authorizers')
  if (!next.authorizerUri) throw badRequest('AuthorizerUri is required for REQUEST authorizers')
  return next
}

export function authorizerOps(model: GetModel): Record<string, Op> {
  const load = (input: { apiId?: unknown }) => apiOf(model, input)
  return {
    async CreateAuthorizer(input) {
      const { m, api } = load(input)
      reqString(input, 'name')
      reqString(input, 'authorizerType')
      if (Object.keys(api.authorizers).length >= MAX_AUTHORIZERS) throw badRequest(`An API can have at most ${MAX_AUTHORIZERS} authorizers`)
      const blank: AuthorizerRecord = { authorizerId: childId(), name: '', authorizerType: 'REQUEST', identitySource: [] }
      const authorizer = applyAuthorizerInput(api, blank, input)
      api.authorizers[authorizer.authorizerId] = authorizer
      saveChange(m, api)
      return authorizerView(authorizer)
    },

    async GetAuthorizer(input) {
      const { m, api } = load(input)
      return authorizerView(m.authorizer(api, input.authorizerId))
    },

    async GetAuthorizers(input) {
      const { api } = load(input)
      const { items, nextToken } = page(Object.values(api.authorizers), input)
      return { items: items.map(authorizerView), nextToken }
    },

    async UpdateAuthorizer(input) {
      const { m, api } = load(input)
      const authorizer = applyAuthorizerInput(api, m.authorizer(api, input.authorizerId), input)
      api.authorizers[authorizer.authorizerId] = authorizer
      saveChange(m, api)
      return authorizerView(authorizer)
    },

    async DeleteAuthorizer(input) {
      const { m, api } = load(input)
      const authorizer = m.authorizer(api, input.authorizerId)
      const user = Object.values(api.routes).find((r) => r.authorizerId === authorizer.authorizerId)
      if (user) throw conflict(`Unable to delete authorizer ${authorizer.authorizerId}: it is used by route ${user.routeId} (${user.routeKey})`)
      delete api.authorizers[authorizer.authorizerId]
      saveChange(m, api)
      return {}
    },
  }
}
