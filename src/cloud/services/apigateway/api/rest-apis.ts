/**
 * @module REST API operations: CreateRestApi, GetRestApi(s), UpdateRestApi, DeleteRestApi.
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_CreateRestApi.html
 */
import { apiId, randomString } from '../../../core/ids.js'
import { badRequest, nowSeconds, type RestApiRecord } from '../model.js'
import { escapedPolicy, normalizeResourcePolicy, unescapePolicy } from './resource-policy.js'
import { date, invalidPatch, page, patchPath, requireString, tagsOf, type GetModel, type Op, type PatchOperation, patchOperations } from './shared.js'

const ENDPOINT_TYPES = ['EDGE', 'REGIONAL', 'PRIVATE']
const REST_API_PATCH_PATHS = ['/name', '/description', '/policy', '/apiKeySource', '/disableExecuteApiEndpoint', '/endpointConfiguration/types/{type}', '/binaryMediaTypes/{type}']

export function restApiView(api: RestApiRecord) {
  return {
    id: api.id,
    name: api.name,
    description: api.description,
    version: api.version,
    createdDate: date(api.createdDate),
    binaryMediaTypes: api.binaryMediaTypes.length ? [...api.binaryMediaTypes] : undefined,
    minimumCompressionSize: api.minimumCompressionSize,
    apiKeySource: api.apiKeySource,
    endpointConfiguration: { types: [...api.endpointConfiguration.types], ipAddressType: api.endpointConfiguration.ipAddressType },
    tags: tagsOf(api),
    disableExecuteApiEndpoint: api.disableExecuteApiEndpoint,
    rootResourceId: api.rootResourceId,
    policy: escapedPolicy(api.policy),
  }
}

export function restApiOps(model: GetModel): Record<string, Op> {
  const accountView = () => ({
    cloudwatchRoleArn: model().store.data.account?.cloudwatchRoleArn,
    throttleSettings: { burstLimit: 5000, rateLimit: 10000 },
    features: ['UsagePlans'],
    apiKeyVersion: '4',
  })
  return {
    async CreateRestApi(input, ctx) {
      const name = requireString(input.name, 'Name')
      if (input.cloneFrom) throw badRequest('The local cloud does not support cloneFrom yet') // Not implemented: cloning an API
      for (const [member, value] of [['binaryMediaTypes', input.binaryMediaTypes], ['endpointConfiguration.types', input.endpointConfiguration?.types]] as const) {
        if (value !== undefined && value !== null && (!Array.isArray(value) || value.some((t) => typeof t !== 'string'))) throw badRequest(`Invalid ${member}: a list of strings is expected`)
      }
      if (input.tags !== undefined && input.tags !== null && (typeof input.tags !== 'object' || Array.isArray(input.tags) || Object.values(input.tags).some((v) => typeof v !== 'string'))) {
        throw badRequest('Invalid tags: a map of strings is expected')
      }
      const types: string[] = input.endpointConfiguration?.types ?? ['EDGE']
      if (types.length !== 1 || !ENDPOINT_TYPES.includes(types[0])) {
        throw badRequest(`Invalid endpoint configuration type: ${types.join(',')}. Must be one of: EDGE, REGIONAL, PRIVATE`)
      }
      const apiKeySource = input.apiKeySource ?? 'HEADER'
      if (!['HEADER', 'AUTHORIZER'].includes(apiKeySource)) throw badRequest(`Invalid API Key source: ${apiKeySource}`)
      const m = model()
      let id = apiId()
      while (m.apis[id]) id = apiId()
      const region = input.region ?? ctx.defaultRegion
      const policy = normalizeResourcePolicy(unescapePolicy(input.policy), region, ctx.accountId, id)
      const rootId = randomString(10)
      const api: RestApiRecord = {
        id,
        name,
        description: input.description,
        version: input.version,
        createdDate: nowSeconds(),
        region,
        binaryMediaTypes: [...(input.binaryMediaTypes ?? [])],
        minimumCompressionSize: input.minimumCompressionSize,
        apiKeySource,
        endpointConfiguration: { types: [...types], ipAddressType: input.endpointConfiguration?.ipAddressType ?? 'ipv4' },
        disableExecuteApiEndpoint: Boolean(input.disableExecuteApiEndpoint),
        tags: { ...(input.tags ?? {}) },
        rootResourceId: rootId,
        resources: { [rootId]: { id: rootId, path: '/', resourceMethods: {} } },
        deployments: {},
        stages: {},
        gatewayResponses: {},
        ...(policy === undefined ? {} : { policy }),
      }
      m.apis[id] = api
      m.save()
      return restApiView(api)
    },

    async GetRestApi(input) {
      return restApiView(model().api(input.restApiId))
    },

    async GetRestApis(input) {
      const all = Object.values(model().apis).sort((a, b) => a.createdDate - b.createdDate || a.id.localeCompare(b.id))
      const result = page(all, input)
      return { ...result, items: result.items.map(restApiView) }
    },

    /** Patch paths: /name, /description, /policy (deployed with the next deployment), /binaryMediaTypes/{type}, /apiKeySource, /disableExecuteApiEndpoint, /endpointConfiguration/types/{old}. */
    async UpdateRestApi(input, ctx) {
      const m = model()
      const api = m.api(input.restApiId)
      for (const op of patchOperations(input)) {
        const [field, sub] = patchPath(op.path)
        if (field === 'name' && op.op === 'replace') api.name = requireString(op.value, 'Name')
        else if (field === 'description' && op.op === 'replace') api.description = op.value || undefined
        else if (field === 'policy' && op.op === 'replace') api.policy = normalizeResourcePolicy(unescapePolicy(op.value), api.region, ctx.accountId, api.id)
        else if (field === 'apiKeySource' && op.op === 'replace') api.apiKeySource = op.value ?? 'HEADER'
        else if (field === 'disableExecuteApiEndpoint' && op.op === 'replace') api.disableExecuteApiEndpoint = op.value === 'true'
        else if (field === 'endpointConfiguration' && sub === 'types' && op.op === 'replace') {
          if (!ENDPOINT_TYPES.includes(String(op.value))) throw badRequest(`Invalid endpoint configuration type: ${op.value}`)
          api.endpointConfiguration.types = [String(op.value)]
        } else if (field === 'binaryMediaTypes' && sub && op.op === 'add') {
          if (!api.binaryMediaTypes.includes(sub)) api.binaryMediaTypes.push(sub)
        } else if (field === 'binaryMediaTypes' && sub && op.op === 'remove') {
          api.binaryMediaTypes = api.binaryMediaTypes.filter((t) => t !== sub)
        } else invalidPatch(op, REST_API_PATCH_PATHS)
      }
      m.save()
      return restApiView(api)
    },

    /** @see https://docs.aws.amazon.com/apigateway/latest/api/API_GetAccount.html */
    async GetAccount() {
      return accountView()
    },

    async UpdateAccount(input) {
      const m = model()
      for (const op of patchOperations(input)) {
        if (op.path !== '/cloudwatchRoleArn' || op.op !== 'replace') invalidPatch(op, ['/cloudwatchRoleArn'])
        if (op.value && !/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(op.value)) {
          throw badRequest(`The role ARN is not well formed: ${op.value}`)
        }
        m.store.data.account = { cloudwatchRoleArn: op.value || undefined }
      }
      m.save()
      return accountView()
    },

    async DeleteRestApi(input) {
      const m = model()
      m.api(input.restApiId)
      delete m.apis[input.restApiId]
      m.dropFromUsagePlans(input.restApiId)
      m.save()
      return {}
    },
  }
}
