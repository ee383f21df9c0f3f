/**
 * @module Deployments (frozen snapshots of the API) and stages (named pointers to a deployment).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-deploy-api.html
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_CreateDeployment.html
 */
import { randomString } from '../../../core/ids.js'
import { badRequest, clone, conflict, nowSeconds, type ApigwModel, type DeploymentRecord, type RestApiRecord, type StageRecord } from '../model.js'
import { methodSettingView, patchStageSetting } from './stage-settings.js'
import { date, invalidPatch, page, patchPath, type GetModel, type Op, type PatchOperation, patchOperations } from './shared.js'

const STAGE_NAME = /^[a-zA-Z0-9_-]{1,128}$/
const VARIABLE_NAME = /^[a-zA-Z0-9_]{1,64}$/
const VARIABLE_VALUE = /^[A-Za-z0-9-._~:/?#&=,]{1,512}$/

export const deploymentView = (d: DeploymentRecord) => ({ id: d.id, description: d.description, createdDate: date(d.createdDate) })

/**
 * `embed=apisummary`: what the deployment's frozen snapshot serves, by path and method (with each method's
 * authorization type and API key requirement) — how a client tells a stale stage from the API as defined now.
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_GetDeployment.html
 */
export function apiSummary(d: DeploymentRecord): Record<string, Record<string, { authorizationType: string; apiKeyRequired: boolean }>> {
  const summary: Record<string, Record<string, { authorizationType: string; apiKeyRequired: boolean }>> = {}
  for (const resource of Object.values(d.snapshot.resources)) {
    const methods = Object.values(resource.resourceMethods)
    if (!methods.length) continue
    summary[resource.path] = Object.fromEntries(
      methods.map((m) => [m.httpMethod, { authorizationType: m.authorizationType, apiKeyRequired: Boolean(m.apiKeyRequired) }]),
    )
  }
  return summary
}

export function stageView(s: StageRecord) {
  return {
    deploymentId: s.deploymentId,
    stageName: s.stageName,
    description: s.description,
    cacheClusterEnabled: s.cacheClusterEnabled,
    cacheClusterStatus: 'NOT_AVAILABLE',
    methodSettings: Object.fromEntries(Object.entries(s.methodSettings ?? {}).map(([k, v]) => [k, methodSettingView(v)])),
    accessLogSettings: s.accessLogSettings ? { ...s.accessLogSettings } : undefined,
    variables: s.variables && Object.keys(s.variables).length ? { ...s.variables } : undefined,
    tracingEnabled: s.tracingEnabled,
    tags: Object.keys(s.tags).length ? { ...s.tags } : undefined,
    createdDate: date(s.createdDate),
    lastUpdatedDate: date(s.lastUpdatedDate),
  }
}

function checkStageName(name: unknown): string {
  if (typeof name !== 'string' || !STAGE_NAME.test(name)) throw badRequest('Stage name only allows a-zA-Z0-9_-')
  return name
}

/** @see https://docs.aws.amazon.com/apigateway/latest/api/API_Stage.html */
function checkVariables(variables: Record<string, string> | undefined): Record<string, string> | undefined {
  for (const [name, value] of Object.entries(variables ?? {})) {
    if (!VARIABLE_NAME.test(name)) throw badRequest(`Stage variable name ${name} is invalid: it may contain only a-zA-Z0-9_`)
    if (!VARIABLE_VALUE.test(String(value))) {
      throw badRequest(`Stage variable value ${value} is invalid: it must match [A-Za-z0-9-._~:/?#&=,]+`)
    }
  }
  return variables ? { ...variables } : undefined
}

/** Freeze the live tree: later edits to methods, authorizers or gateway responses never reach this deployment. */
function snapshot(api: RestApiRecord) {
  const methods = Object.values(api.resources).flatMap((r) => Object.values(r.resourceMethods))
  if (!methods.length) throw badRequest("The REST API doesn't contain any methods")
  if (methods.some((m) => !m.methodIntegration)) throw badRequest('No integration defined for method')
  // Authorizers are frozen too: "The update requires redeploying the API"; so is the resource policy.
  // @see https://docs.aws.amazon.com/apigateway/latest/developerguide/updating-api.html
  // @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-create-attach.html
  return {
    resources: clone(api.resources),
    gatewayResponses: clone(api.gatewayResponses),
    binaryMediaTypes: [...api.binaryMediaTypes],
    authorizers: clone(api.authorizers ?? {}),
    ...(api.policy === undefined ? {} : { policy: api.policy }),
  }
}

function createStage(m: ApigwModel, api: RestApiRecord, input: any): StageRecord {
  const stageName = checkStageName(input.stageName)
  if (api.stages[stageName]) throw conflict('Stage already exists')
  m.deployment(api, input.deploymentId)
  const now = nowSeconds()
  const stage: StageRecord = {
    stageName,
    deploymentId: input.deploymentId,
    description: input.description,
    variables: checkVariables(input.variables),
    tags: { ...(input.tags ?? {}) },
    tracingEnabled: Boolean(input.tracingEnabled),
    cacheClusterEnabled: Boolean(input.cacheClusterEnabled),
    createdDate: now,
    lastUpdatedDate: now,
  }
  api.stages[stageName] = stage
  return stage
}

export function deploymentOps(model: GetModel): Record<string, Op> {
  return {
    async CreateDeployment(input) {
      const m = model()
      const api = m.api(input.restApiId)
      if (input.stageName !== undefined && input.stageName !== '') checkStageName(input.stageName)
      const variables = checkVariables(input.variables)
      let id = randomString(6)
      while (api.deployments[id]) id = randomString(6)
      const deployment: DeploymentRecord = { id, description: input.description, createdDate: nowSeconds(), snapshot: snapshot(api) }
      api.deployments[id] = deployment
      if (input.stageName) {
        const existing = api.stages[input.stageName]
        if (existing) {
          existing.deploymentId = id
          if (input.stageDescription !== undefined) existing.description = input.stageDescription
          if (variables) existing.variables = { ...existing.variables, ...variables }
          existing.lastUpdatedDate = nowSeconds()
        } else {
          createStage(m, api, { stageName: input.stageName, deploymentId: id, description: input.stageDescription, variables, tracingEnabled: input.tracingEnabled })
        }
      }
      m.save()
      return deploymentView(deployment)
    },

    async GetDeployment(input) {
      const m = model()
      const deployment = m.deployment(m.api(input.restApiId), input.deploymentId)
      const embed: string[] = Array.isArray(input.embed) ? input.embed : []
      return { ...deploymentView(deployment), ...(embed.includes('apisummary') ? { apiSummary: apiSummary(deployment) } : {}) }
    },

    async GetDeployments(input) {
      const api = model().api(input.restApiId)
      const all = Object.values(api.deployments).sort((a, b) => a.createdDate - b.createdDate)
      const result = page(all, input)
      return { ...result, items: result.items.map(deploymentView) }
    },

    /** Only the description can change: a deployment's snapshot is immutable. */
    async UpdateDeployment(input) {
      const m = model()
      const deployment = m.deployment(m.api(input.restApiId), input.deploymentId)
      for (const op of patchOperations(input)) {
        if (op.path === '/description' && op.op === 'replace') deployment.description = op.value || undefined
        else invalidPatch(op, ['/description'])
      }
      m.save()
      return deploymentView(deployment)
    },

    async DeleteDeployment(input) {
      const m = model()
      const api = m.api(input.restApiId)
      m.deployment(api, input.deploymentId)
      if (Object.values(api.stages).some((s) => s.deploymentId === input.deploymentId)) {
        throw badRequest('Active stages pointing to this deployment must be moved or deleted')
      }
      delete api.deployments[input.deploymentId]
      m.save()
      return {}
    },

    async CreateStage(input) {
      const m = model()
      const stage = createStage(m, m.api(input.restApiId), input)
      m.save()
      return stageView(stage)
    },

    async GetStage(input) {
      const m = model()
      return stageView(m.stage(m.api(input.restApiId), input.stageName))
    },

    async GetStages(input) {
      const api = model().api(input.restApiId)
      const stages = Object.values(api.stages).filter((s) => !input.deploymentId || s.deploymentId === input.deploymentId)
      return { item: stages.map(stageView) }
    },

    /** Patch paths: /deploymentId, /description, /variables/{name}, /tracingEnabled, /cacheClusterEnabled. */
    async UpdateStage(input) {
      const m = model()
      const api = m.api(input.restApiId)
      const stage = m.stage(api, input.stageName)
      for (const op of patchOperations(input)) {
        const [field, name] = patchPath(op.path)
        if (field === 'deploymentId' && op.op === 'replace') stage.deploymentId = m.deployment(api, String(op.value)).id
        else if (field === 'description' && op.op === 'replace') stage.description = op.value || undefined
        else if (field === 'tracingEnabled' && op.op === 'replace') stage.tracingEnabled = op.value === 'true'
        else if (field === 'cacheClusterEnabled' && op.op === 'replace') stage.cacheClusterEnabled = op.value === 'true'
        else if (field === 'variables' && name && (op.op === 'replace' || op.op === 'add')) {
          stage.variables = { ...stage.variables, ...checkVariables({ [name]: String(op.value ?? '') }) }
        } else if (field === 'variables' && name && op.op === 'remove') {
          if (stage.variables) delete stage.variables[name]
        } else if (patchStageSetting(m, stage, op)) {
          continue
        } else invalidPatch(op, ['/deploymentId', '/description', '/variables/{name}', '/tracingEnabled', '/cacheClusterEnabled', '/*/*/logging/loglevel', '/*/*/logging/dataTrace', '/*/*/metrics/enabled', '/*/*/throttling/rateLimit', '/*/*/throttling/burstLimit', '/accessLogSettings/destinationArn', '/accessLogSettings/format'])
      }
      stage.lastUpdatedDate = nowSeconds()
      m.save()
      return stageView(stage)
    },

    async DeleteStage(input) {
      const m = model()
      const api = m.api(input.restApiId)
      m.stage(api, input.stageName)
      delete api.stages[input.stageName]
      m.dropFromUsagePlans(api.id, input.stageName)
      m.save()
      return {}
    },
  }
}

