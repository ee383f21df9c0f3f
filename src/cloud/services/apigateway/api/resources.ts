/**
 * @module Resource tree operations: GetResources (embed=methods), GetResource, CreateResource, DeleteResource.
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_CreateResource.html
 */
import { randomString } from '../../../core/ids.js'
import { badRequest, clone, conflict, type ResourceRecord, type RestApiRecord } from '../model.js'
import { page, requireString, type GetModel, type Op } from './shared.js'

const PATH_PART = /^(?:[a-zA-Z0-9._:-]+|\{[a-zA-Z0-9._-]+\+?\})$/

export function resourceView(resource: ResourceRecord, embedMethods: boolean) {
  const methods = Object.keys(resource.resourceMethods)
  return {
    id: resource.id,
    parentId: resource.parentId,
    pathPart: resource.pathPart,
    path: resource.path,
    // AWS quirk: without `embed=methods`, each method is listed as an empty object.
    resourceMethods: methods.length
      ? Object.fromEntries(methods.map((m) => [m, embedMethods ? clone(resource.resourceMethods[m]) : {}]))
      : undefined,
  }
}

const isVariable = (part?: string) => Boolean(part && part.startsWith('{'))
const isGreedy = (part?: string) => Boolean(part && part.endsWith('+}'))

export function childrenOf(api: RestApiRecord, id: string): ResourceRecord[] {
  return Object.values(api.resources).filter((r) => r.parentId === id)
}

export function resourceOps(model: GetModel): Record<string, Op> {
  return {
    async GetResources(input) {
      const api = model().api(input.restApiId)
      const embed: string[] = Array.isArray(input.embed) ? input.embed : input.embed ? [input.embed] : []
      const all = Object.values(api.resources).sort((a, b) => a.path.localeCompare(b.path))
      const result = page(all, { position: input.position, limit: input.limit })
      return { ...result, items: result.items.map((r) => resourceView(r, embed.includes('methods'))) }
    },

    async GetResource(input) {
      const m = model()
      const embed: string[] = Array.isArray(input.embed) ? input.embed : []
      return resourceView(m.resource(m.api(input.restApiId), input.resourceId), embed.includes('methods'))
    },

    async CreateResource(input) {
      const m = model()
      const api = m.api(input.restApiId)
      const parent = m.resource(api, input.parentId)
      const pathPart = requireString(input.pathPart, 'Resource path part')
      if (!PATH_PART.test(pathPart)) {
        throw badRequest(
          "Resource's path part only allow a-zA-Z0-9._-: and curly braces at the beginning and the end and an optional plus sign before the closing brace.",
        )
      }
      if (isGreedy(parent.pathPart)) {
        throw badRequest(`Cannot create a child of a resource with a greedy path variable: ${parent.pathPart}`)
      }
      const siblings = childrenOf(api, parent.id)
      if (siblings.some((s) => s.pathPart === pathPart)) {
        throw conflict(`Another resource with the same parent already has this name: ${pathPart}`)
      }
      const variableSibling = siblings.find((s) => isVariable(s.pathPart))
      if (isVariable(pathPart) && variableSibling) {
        throw badRequest(`A sibling (${variableSibling.pathPart}) of this resource already has a variable path part -- only one is allowed`)
      }
      let id = randomString(6)
      while (api.resources[id]) id = randomString(6)
      const resource: ResourceRecord = {
        id,
        parentId: parent.id,
        pathPart,
        path: parent.path === '/' ? `/${pathPart}` : `${parent.path}/${pathPart}`,
        resourceMethods: {},
      }
      api.resources[id] = resource
      m.save()
      return resourceView(resource, false)
    },

    /** Deleting a resource deletes its whole subtree, as on AWS. */
    async DeleteResource(input) {
      const m = model()
      const api = m.api(input.restApiId)
      const resource = m.resource(api, input.resourceId)
      if (resource.id === api.rootResourceId) throw badRequest('Cannot delete the root resource of a REST API')
      const doomed = [resource.id]
      for (let i = 0; i < doomed.length; i++) doomed.push(...childrenOf(api, doomed[i]).map((c) => c.id))
      for (const id of doomed) delete api.resources[id]
      m.save()
      return {}
    },
  }
}
