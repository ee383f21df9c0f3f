/**
 * @module Models: the data schemas of a REST API, stored and readable (CreateModel, GetModel, GetModels,
 * UpdateModel, DeleteModel). Every REST API starts with AWS's `Empty` and `Error` models.
 * Not implemented: validating request bodies against a model (request validators belong to a later lab).
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_CreateModel.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/models-mappings-models.html
 */
import { randomBytes } from 'node:crypto'
import { badRequest, clone, conflict, notFound, type RestApiRecord } from '../model.js'
import { invalidPatch, page, patchPath, type GetModel, type Op, type PatchOperation } from './shared.js'

export interface ModelRecord {
  id: string
  name: string
  description?: string
  schema?: string
  contentType: string
}

const DRAFT4 = 'http://json-schema.org/draft-04/schema#'

/** The models API Gateway gives every new REST API. */
function defaults(): Record<string, ModelRecord> {
  const make = (name: string, description: string, schema: object): ModelRecord =>
    ({ id: randomBytes(3).toString('hex'), name, description, contentType: 'application/json', schema: JSON.stringify({ $schema: DRAFT4, title: `${name} Schema`, ...schema }, null, 2) })
  return {
    Empty: make('Empty', 'This is a default empty schema model', { type: 'object' }),
    Error: make('Error', 'This is a default error schema model', { type: 'object', properties: { message: { type: 'string' } } }),
  }
}

/** The API's models (created with the defaults on first use: APIs stored before models existed get them too). */
export function modelsOf(api: RestApiRecord & { models?: Record<string, ModelRecord> }): Record<string, ModelRecord> {
  return (api.models ??= defaults())
}

function checkSchema(schema: unknown): string | undefined {
  if (schema === undefined) return undefined
  try {
    JSON.parse(String(schema))
  } catch {
    throw badRequest('Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified]')
  }
  return String(schema)
}

function find(api: RestApiRecord, name: unknown): ModelRecord {
  const models = modelsOf(api)
  const model = typeof name === 'string' && Object.hasOwn(models, name) ? models[name] : undefined
  if (!model) throw notFound('Invalid model name specified')
  return model
}

/** Methods whose request or responses name the model: it cannot be deleted while they do. */
function usedBy(api: RestApiRecord, name: string): string | undefined {
  for (const resource of Object.values(api.resources)) {
    for (const [verb, method] of Object.entries(resource.resourceMethods ?? {})) {
      const inRequest = Object.values(method.requestModels ?? {}).includes(name)
      const inResponse = Object.values(method.methodResponses ?? {}).some((r) => Object.values(r.responseModels ?? {}).includes(name))
      if (inRequest || inResponse) return `${resource.path}/${verb}`
    }
  }
  return undefined
}

export function modelOps(model: GetModel): Record<string, Op> {
  return {
    async CreateModel(input) {
      const m = model()
      const api = m.api(input.restApiId)
      if (typeof input.name !== 'string' || !/^[A-Za-z0-9]+$/.test(input.name)) throw badRequest('Model name must be non-empty and alphanumeric')
      if (typeof input.contentType !== 'string' || input.contentType === '') throw badRequest('Content type must be non-empty')
      const models = modelsOf(api)
      if (Object.hasOwn(models, input.name)) throw conflict('Model name already exists for this REST API')
      const record: ModelRecord = {
        id: randomBytes(3).toString('hex'),
        name: input.name,
        description: input.description,
        schema: checkSchema(input.schema),
        contentType: input.contentType,
      }
      models[input.name] = record
      m.save()
      return clone(record)
    },

    async GetModel(input) {
      return clone(find(model().api(input.restApiId), input.modelName))
    },

    async GetModels(input) {
      const api = model().api(input.restApiId)
      return page(Object.values(modelsOf(api)).map(clone), { position: input.position, limit: input.limit })
    },

    async UpdateModel(input) {
      const m = model()
      const record = find(m.api(input.restApiId), input.modelName)
      for (const op of (input.patchOperations ?? []) as PatchOperation[]) {
        const [field] = patchPath(op.path)
        if (op.op !== 'replace' || (field !== 'description' && field !== 'schema')) invalidPatch(op, ['/description', '/schema'])
        if (field === 'schema') record.schema = checkSchema(op.value)
        else record.description = op.value
      }
      m.save()
      return clone(record)
    },

    async DeleteModel(input) {
      const m = model()
      const api = m.api(input.restApiId)
      const record = find(api, input.modelName)
      const method = usedBy(api, record.name)
      if (method) throw conflict(`Cannot delete model '${record.name}', is referenced in method request: ${method}`)
      delete modelsOf(api)[record.name]
      m.save()
      return {}
    },
  }
}
