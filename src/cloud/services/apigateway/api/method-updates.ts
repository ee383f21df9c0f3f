/**
 * @module Patch operations on methods, method responses, integrations and integration responses
 * (UpdateMethod, UpdateMethodResponse, UpdateIntegration, UpdateIntegrationResponse).
 * @see https://docs.aws.amazon.com/apigateway/latest/api/patch-operations.html
 */
import { badRequest, clone, notFound, type MethodRecord, type RestApiRecord } from '../model.js'
import { isAuthorizerPatch, methodAuthorizer, patchMethodAuthorizer } from './method-authorizer.js'
import { checkMappings, checkRequestMappings, validateIntegration } from './methods.js'
import { invalidPatch, patchPath, type GetModel, type Op, type PatchOperation, patchOperations } from './shared.js'

/** Apply `add|replace|remove /field/{key}` to a string map; returns the updated map. */
function patchMap<T>(map: Record<string, T> | undefined, key: string, op: PatchOperation, value: T): Record<string, T> | undefined {
  const next = { ...(map ?? {}) }
  if (op.op === 'remove') delete next[key]
  else if (op.op === 'add' || op.op === 'replace') next[key] = value
  else throw badRequest(`Invalid patch operation specified. Must be 'add'|'remove'|'replace'`)
  return Object.keys(next).length ? next : undefined
}

const ops = (input: any): PatchOperation[] => patchOperations(input)

/** UpdateMethod's patch paths, applied in order, then the authorizer fields checked as PutMethod does. */
function applyMethodPatches(api: RestApiRecord, target: MethodRecord, patches: PatchOperation[]): void {
  for (const op of patches) {
    const [field, key] = patchPath(op.path)
    if (field === 'apiKeyRequired' && op.op === 'replace') target.apiKeyRequired = op.value === 'true'
    else if (field === 'operationName' && op.op === 'replace') target.operationName = op.value || undefined
    else if (field === 'authorizationType' && op.op === 'replace') {
      target.authorizationType = String(op.value ?? '')
    } else if (isAuthorizerPatch(field, op)) patchMethodAuthorizer(target, field, op)
    else if (field === 'requestParameters' && key) target.requestParameters = patchMap(target.requestParameters, key, op, op.value === 'true')
    else invalidPatch(op, ['/apiKeyRequired', '/operationName', '/authorizationType', '/authorizerId', '/authorizationScopes', '/requestParameters/{name}'])
  }
  Object.assign(target, methodAuthorizer(api, target.authorizationType, target.authorizerId, target.authorizationScopes))
}

export function methodUpdateOps(model: GetModel): Record<string, Op> {
  const method = (input: any) => {
    const m = model()
    const api = m.api(input.restApiId)
    return { m, api, method: m.method(api, input.resourceId, String(input.httpMethod).toUpperCase()) }
  }

  return {
    async UpdateMethod(input) {
      const { m, api, method: target } = method(input)
      const before = clone(target)
      try {
        applyMethodPatches(api, target, ops(input))
      } catch (err) {
        // Nothing of a refused update stays behind.
        for (const key of Object.keys(target)) delete (target as any)[key]
        Object.assign(target, before)
        throw err
      }
      m.save()
      return clone(target)
    },

    async UpdateMethodResponse(input) {
      const { m, method: target } = method(input)
      const response = target.methodResponses?.[input.statusCode]
      if (!response) throw notFound('Invalid Response status code specified')
      for (const op of ops(input)) {
        const [field, key] = patchPath(op.path)
        if (field === 'responseParameters' && key) response.responseParameters = patchMap(response.responseParameters, key, op, op.value === 'true')
        else if (field === 'responseModels' && key) response.responseModels = patchMap(response.responseModels, key, op, String(op.value ?? ''))
        else invalidPatch(op, ['/responseParameters/{name}', '/responseModels/{type}'])
      }
      m.save()
      return clone(response)
    },

    async UpdateIntegration(input) {
      const { m, method: target } = method(input)
      const integration = target.methodIntegration
      if (!integration) throw notFound('Invalid Integration identifier specified')
      const next = clone(integration)
      for (const op of ops(input)) {
        const [field, key] = patchPath(op.path)
        if (field === 'uri' && op.op === 'replace') next.uri = op.value
        else if (field === 'httpMethod' && op.op === 'replace') next.httpMethod = String(op.value).toUpperCase()
        else if (field === 'timeoutInMillis' && op.op === 'replace') next.timeoutInMillis = Number(op.value)
        else if (field === 'passthroughBehavior' && op.op === 'replace') next.passthroughBehavior = op.value
        else if (field === 'contentHandling' && op.op === 'replace') next.contentHandling = op.value || undefined
        else if (field === 'requestTemplates' && key) next.requestTemplates = patchMap(next.requestTemplates, key, op, String(op.value ?? ''))
        else if (field === 'requestParameters' && key) next.requestParameters = patchMap(next.requestParameters, key, op, String(op.value ?? ''))
        else invalidPatch(op, ['/uri', '/httpMethod', '/timeoutInMillis', '/passthroughBehavior', '/contentHandling', '/requestTemplates/{type}', '/requestParameters/{name}'])
      }
      validateIntegration({ ...next, integrationHttpMethod: next.httpMethod })
      checkRequestMappings(target, next.requestParameters)
      if (!(next.timeoutInMillis >= 50 && next.timeoutInMillis <= 29000)) throw badRequest('Timeout should be between 50 ms and 29000 ms')
      target.methodIntegration = next
      m.save()
      return clone(next)
    },

    async UpdateIntegrationResponse(input) {
      const { m, method: target } = method(input)
      const response = target.methodIntegration?.integrationResponses?.[input.statusCode]
      if (!response) throw notFound('Invalid Response status code specified')
      const next = clone(response)
      for (const op of ops(input)) {
        const [field, key] = patchPath(op.path)
        if (field === 'selectionPattern' && op.op === 'replace') next.selectionPattern = op.value || undefined
        else if (field === 'contentHandling' && op.op === 'replace') next.contentHandling = op.value || undefined
        else if (field === 'responseParameters' && key) next.responseParameters = patchMap(next.responseParameters, key, op, String(op.value ?? ''))
        else if (field === 'responseTemplates' && key) next.responseTemplates = patchMap(next.responseTemplates, key, op, String(op.value ?? ''))
        else invalidPatch(op, ['/selectionPattern', '/contentHandling', '/responseParameters/{name}', '/responseTemplates/{type}'])
      }
      checkMappings(target, next.statusCode, next.responseParameters)
      target.methodIntegration!.integrationResponses![input.statusCode] = next
      m.save()
      return clone(next)
    },
  }
}
