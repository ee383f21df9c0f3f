/**
 * @module Stages: a name pointing at a deployment (or, with `autoDeploy`, at the newest automatic one), with live
 * settings — route throttling and logging, stage variables, access logs — that change without a redeployment.
 * @see https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-stages.html
 */
import { ownValue } from '../../../core/safe-names.js'
import { badRequest, conflict, nowSeconds, type ApiRecord, type ApigwV2Model, type StageRecord } from '../model.js'
import { optBool, optObject, optString, optStringMap, refuseUnemulated, reqString } from './input.js'
import { date, page, type GetModel, type Op, apiOf } from './shared.js'
import { autoDeploy } from './snapshot.js'
import { accessLogSettings, checkLoggingAllowed, DEFAULT_ROUTE_SETTINGS, routeSettings, routeSettingsMap, stageVariables } from './stage-settings.js'
import { checkTags } from './tags.js'

// The API reference also allows `$default`, an HTTP API stage served at the root; whether a WebSocket API takes it is
// not confirmed by any source (terraform-aws-modules/terraform-aws-apigateway-v2#8 had to avoid it for WebSockets).
const STAGE_NAME = /^[a-zA-Z0-9_-]{1,128}$/
const MAX_STAGES = 10

export const stageView = (s: StageRecord) => ({
  accessLogSettings: s.accessLogSettings ? { ...s.accessLogSettings } : undefined,
  autoDeploy: s.autoDeploy,
  createdDate: date(s.createdDate),
  defaultRouteSettings: { ...s.defaultRouteSettings },
  deploymentId: s.deploymentId,
  description: s.description,
  lastDeploymentStatusMessage: s.lastDeploymentStatusMessage,
  lastUpdatedDate: date(s.lastUpdatedDate),
  routeSettings: JSON.parse(JSON.stringify(s.routeSettings)),
  stageName: s.stageName,
  stageVariables: { ...s.stageVariables },
  tags: { ...s.tags },
})

function checkDeployment(m: ApigwV2Model, api: ApiRecord, id: string | undefined): string | undefined {
  if (id === undefined || id === '') return undefined
  return m.deployment(api, id).deploymentId
}

/** Members of Create/UpdateStage onto `stage`; logging settings are checked against the account afterwards. */
function applyStageInput(m: ApigwV2Model, api: ApiRecord, stage: StageRecord, input: any): StageRecord {
  // Not implemented: client certificates (backend mutual TLS of HTTP integrations).
  refuseUnemulated(input, ['clientCertificateId'], 'WebSocket stages')
  const next: StageRecord = { ...stage }
  const deploymentId = optString(input, 'deploymentId')
  if (deploymentId !== undefined) next.deploymentId = checkDeployment(m, api, deploymentId)
  const auto = optBool(input, 'autoDeploy')
  if (auto !== undefined) next.autoDeploy = auto
  if (next.autoDeploy && deploymentId) {
    // The API reference's DeploymentId: "Can't be updated if autoDeploy is enabled" (a BadRequestException, which
    // aws-controllers-k8s/apigatewayv2-controller#15 works around); AWS's wording is not confirmed by any source.
    throw badRequest(`Stage ${stage.stageName} has autoDeploy enabled: its deploymentId is set by automatic deployments and cannot be given`)
  }
  const description = optString(input, 'description')
  if (description !== undefined) next.description = description || undefined
  const defaults = optObject(input, 'defaultRouteSettings')
  if (defaults) next.defaultRouteSettings = { ...DEFAULT_ROUTE_SETTINGS, ...routeSettings(defaults, 'defaultRouteSettings') }
  const perRoute = routeSettingsMap(api, input)
  if (perRoute) next.routeSettings = { ...next.routeSettings, ...perRoute }
  const variables = stageVariables(input)
  if (variables) next.stageVariables = variables
  const logs = accessLogSettings(input)
  if (logs) next.accessLogSettings = logs.destinationArn ? logs : undefined
  return next
}

export function stageOps(model: GetModel): Record<string, Op> {
  const load = (input: { apiId?: unknown }) => apiOf(model, input)
  /** Store the stage, and with autoDeploy newly on, deploy the API to it at once. */
  const commit = (m: ApigwV2Model, api: ApiRecord, stage: StageRecord, wasAuto: boolean) => {
    api.stages[stage.stageName] = stage
    if (stage.autoDeploy && !wasAuto) autoDeploy(api)
    m.save()
    return stageView(api.stages[stage.stageName])
  }
  return {
    async CreateStage(input, ctx) {
      const { m, api } = load(input)
      const stageName = reqString(input, 'stageName')
      if (!STAGE_NAME.test(stageName)) throw badRequest('Stage name only allows a-zA-Z0-9_- and at most 128 characters')
      if (ownValue(api.stages, stageName)) throw conflict(`Stage ${stageName} already exists`)
      if (Object.keys(api.stages).length >= MAX_STAGES) throw badRequest(`An API can have at most ${MAX_STAGES} stages`)
      const tags = optStringMap(input, 'tags') ?? {}
      checkTags(tags, {})
      const now = nowSeconds()
      const blank: StageRecord = {
        stageName,
        autoDeploy: false,
        defaultRouteSettings: { ...DEFAULT_ROUTE_SETTINGS },
        routeSettings: {},
        stageVariables: {},
        tags,
        createdDate: now,
        lastUpdatedDate: now,
      }
      const stage = applyStageInput(m, api, blank, input)
      await checkLoggingAllowed(ctx, [stage.defaultRouteSettings, ...Object.values(stage.routeSettings)])
      return commit(m, api, stage, false)
    },

    async GetStage(input) {
      const { m, api } = load(input)
      return stageView(m.stage(api, input.stageName))
    },

    async GetStages(input) {
      const { api } = load(input)
      const { items, nextToken } = page(Object.values(api.stages), input)
      return { items: items.map(stageView), nextToken }
    },

    async UpdateStage(input, ctx) {
      const { m, api } = load(input)
      const current = m.stage(api, input.stageName)
      const stage = applyStageInput(m, api, current, input)
      await checkLoggingAllowed(ctx, [stage.defaultRouteSettings, ...Object.values(stage.routeSettings)])
      stage.lastUpdatedDate = nowSeconds()
      return commit(m, api, stage, current.autoDeploy)
    },

    async DeleteStage(input) {
      const { m, api } = load(input)
      delete api.stages[m.stage(api, input.stageName).stageName]
      m.save()
      return {}
    },

    async DeleteRouteSettings(input) {
      const { m, api } = load(input)
      const stage = m.stage(api, input.stageName)
      if (!ownValue(stage.routeSettings, input.routeKey)) throw badRequest(`Unable to find route settings for route key ${String(input.routeKey)}`)
      delete stage.routeSettings[input.routeKey]
      stage.lastUpdatedDate = nowSeconds()
      m.save()
      return {}
    },

    async DeleteAccessLogSettings(input) {
      const { m, api } = load(input)
      const stage = m.stage(api, input.stageName)
      stage.accessLogSettings = undefined
      stage.lastUpdatedDate = nowSeconds()
      m.save()
      return {}
    },
  }
}
