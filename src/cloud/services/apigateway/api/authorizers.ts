/**
 * @module Authorizers (CreateAuthorizer, GetAuthorizer(s), UpdateAuthorizer, DeleteAuthorizer): Lambda TOKEN
 * and REQUEST authorizers and Cognito user pool authorizers. Like every API change, an authorizer change
 * reaches clients only with the next deployment.
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_CreateAuthorizer.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/updating-api.html
 */
import { parseIdentitySources, TOKEN_SOURCE } from '../../../authz/identity-sources.js'
import { randomString } from '../../../core/ids.js'
import { lambdaArnFromUri } from '../integration-uris.js'
import { badRequest, clone, conflict, type AuthorizerRecord, type RestApiRecord } from '../model.js'
import { invalidPatch, page, patchOperations, patchPath, type GetModel, type Op } from './shared.js'

const TYPES = ['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS']
const USER_POOL_ARN = /^arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:\d{12}:userpool\/[\w-]+_[0-9a-zA-Z]+$/
/** @see https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html (authorizers per API) */
const MAX_AUTHORIZERS = 10
export const DEFAULT_TTL_SECONDS = 300
const MAX_TTL_SECONDS = 3600

/** Every rule CreateAuthorizer and UpdateAuthorizer enforce on the whole authorizer. */
export function validateAuthorizer(a: AuthorizerRecord): void {
  if (!a.name) throw badRequest('Authorizer name must be non-empty')
  if (!TYPES.includes(a.type)) {
    throw badRequest(`1 validation error detected: Value '${a.type}' at 'createAuthorizerInput.type' failed to satisfy constraint: Member must satisfy enum value set: [${TYPES.join(', ')}]`)
  }
  const ttl = a.authorizerResultTtlInSeconds
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > MAX_TTL_SECONDS) {
    throw badRequest(`Invalid value for authorizerResultTtlInSeconds: ${ttl}. Must be between 0 and ${MAX_TTL_SECONDS}`)
  }
  if (a.identityValidationExpression !== undefined) {
    try {
      new RegExp(a.identityValidationExpression)
    } catch {
      throw badRequest(`Invalid identity validation expression specified: ${a.identityValidationExpression}`)
    }
  }
  if (a.type === 'COGNITO_USER_POOLS') {
    if (!a.providerARNs?.length) throw badRequest('ProviderARNs need to be specified for the COGNITO_USER_POOLS authorizer type')
    const bad = a.providerARNs.find((arn) => !USER_POOL_ARN.test(arn))
    if (bad !== undefined) throw badRequest(`Invalid Cognito user pool ARN specified: ${bad}`)
  } else {
    if (!a.authorizerUri) throw badRequest(`Authorizer URI must be specified for authorizers of type ${a.type}`)
    if (!lambdaArnFromUri(a.authorizerUri)) throw badRequest('Invalid Authorizer URI specified: it must be a Lambda function invocation URI')
  }
  if (a.type === 'TOKEN' || a.type === 'COGNITO_USER_POOLS') {
    // AWS quirk: a TOKEN (and Cognito) authorizer reads exactly one header; the message names the rule.
    if (!a.identitySource || !TOKEN_SOURCE.test(a.identitySource)) {
      throw badRequest(`Invalid token source expression: ${a.identitySource ?? ''}. The source must be a method request header, matching 'method.request.header.[a-zA-Z0-9._-]+'.`)
    }
    return
  }
  const { sources, invalid } = parseIdentitySources(a.identitySource)
  if (invalid !== undefined) {
    throw badRequest(`Invalid identity source expression: ${invalid}. The source must be a method request header, query string, stage variable or context variable`)
  }
  // The identity sources are the cache key: caching needs at least one.
  if (ttl > 0 && !sources.length) throw badRequest('Identity Source must be specified when authorizer caching is enabled')
}

/** The authorizer as GetAuthorizer shows it. */
export const authorizerView = (a: AuthorizerRecord) => clone(a)

function checkNotInUse(api: RestApiRecord, id: string): void {
  for (const resource of Object.values(api.resources)) {
    for (const method of Object.values(resource.resourceMethods)) {
      if (method.authorizerId === id) throw conflict(`Cannot delete authorizer '${api.authorizers?.[id]?.name ?? id}', is referenced in method: ${method.httpMethod}:${resource.path}`)
    }
  }
}

const num = (value: unknown): number => (value === undefined || value === null || value === '' ? DEFAULT_TTL_SECONDS : Number(value))

export function authorizerOps(model: GetModel): Record<string, Op> {
  return {
    async CreateAuthorizer(input) {
      const m = model()
      const api = m.api(input.restApiId)
      api.authorizers ??= {}
      if (Object.keys(api.authorizers).length >= MAX_AUTHORIZERS) {
        throw badRequest(`The maximum number of authorizers (${MAX_AUTHORIZERS}) for this API has been reached`)
      }
      let id = randomString(6)
      while (api.authorizers[id]) id = randomString(6)
      const authorizer: AuthorizerRecord = {
        id,
        name: input.name,
        type: input.type,
        providerARNs: Array.isArray(input.providerARNs) && input.providerARNs.length ? input.providerARNs.map(String) : undefined,
        authType: input.authType,
        authorizerUri: input.authorizerUri,
        authorizerCredentials: input.authorizerCredentials,
        identitySource: input.identitySource,
        identityValidationExpression: input.identityValidationExpression,
        authorizerResultTtlInSeconds: num(input.authorizerResultTtlInSeconds),
      }
      validateAuthorizer(authorizer)
      api.authorizers[id] = authorizer
      m.save()
      return authorizerView(authorizer)
    },

    async GetAuthorizer(input) {
      const m = model()
      return authorizerView(m.authorizer(m.api(input.restApiId), input.authorizerId))
    },

    async GetAuthorizers(input) {
      const api = model().api(input.restApiId)
      const result = page(Object.values(api.authorizers ?? {}), input)
      return { ...result, items: result.items.map(authorizerView) }
    },

    /** Patch paths: /name, /type, /authorizerUri, /authorizerCredentials, /identitySource, /identityValidationExpression, /authorizerResultTtlInSeconds, /authType, /providerARNs/{arn}. */
    async UpdateAuthorizer(input) {
      const m = model()
      const api = m.api(input.restApiId)
      const current = m.authorizer(api, input.authorizerId)
      const next = clone(current)
      const text = (value: unknown) => (value === undefined || value === null || value === '' ? undefined : String(value))
      for (const op of patchOperations(input)) {
        const [field, key] = patchPath(op.path)
        if (field === 'providerARNs' && (op.op === 'add' || op.op === 'remove')) {
          const arn = key ?? String(op.value ?? '')
          const list = (next.providerARNs ?? []).filter((a) => a !== arn)
          next.providerARNs = op.op === 'add' ? [...list, arn] : list.length ? list : undefined
        } else if (op.op !== 'replace' || key !== undefined) {
          invalidPatch(op, PATCH_PATHS)
        } else if (field === 'name') next.name = String(op.value ?? '')
        else if (field === 'type') next.type = String(op.value ?? '') as AuthorizerRecord['type']
        else if (field === 'authorizerUri') next.authorizerUri = text(op.value)
        else if (field === 'authorizerCredentials') next.authorizerCredentials = text(op.value)
        else if (field === 'identitySource') next.identitySource = text(op.value)
        else if (field === 'identityValidationExpression') next.identityValidationExpression = text(op.value)
        else if (field === 'authorizerResultTtlInSeconds') next.authorizerResultTtlInSeconds = num(op.value)
        else if (field === 'authType') next.authType = text(op.value)
        else invalidPatch(op, PATCH_PATHS)
      }
      validateAuthorizer(next)
      api.authorizers![current.id] = next
      m.save()
      return authorizerView(next)
    },

    async DeleteAuthorizer(input) {
      const m = model()
      const api = m.api(input.restApiId)
      const authorizer = m.authorizer(api, input.authorizerId)
      checkNotInUse(api, authorizer.id)
      delete api.authorizers![authorizer.id]
      m.save()
      return {}
    },
  }
}

const PATCH_PATHS = [
  '/name', '/type', '/authorizerUri', '/authorizerCredentials', '/identitySource', '/identityValidationExpression',
  '/authorizerResultTtlInSeconds', '/authType', '/providerARNs',
]
