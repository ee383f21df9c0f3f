/**
 * @module Deployments: CreateDeployment freezes the API (see snapshot.ts) and, with `stageName`, points that stage at
 * the new deployment.
 * @see https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-deployments.html
 */
import { badRequest, nowSeconds, type DeploymentRecord } from '../model.js'
import { optString } from './input.js'
import { date, page, type GetModel, type Op, apiOf } from './shared.js'
import { newDeployment } from './snapshot.js'

export const deploymentView = (d: DeploymentRecord) => ({
  autoDeployed: d.autoDeployed,
  createdDate: date(d.createdDate),
  deploymentId: d.deploymentId,
  deploymentStatus: 'DEPLOYED',
  description: d.description,
})

export function deploymentOps(model: GetModel): Record<string, Op> {
  const load = (input: { apiId?: unknown }) => apiOf(model, input)
  return {
    async CreateDeployment(input) {
      const { m, api } = load(input)
      const stageName = optString(input, 'stageName')
      const stage = stageName === undefined ? undefined : m.stage(api, stageName)
      if (stage?.autoDeploy) throw badRequest(`Stage ${stage.stageName} has autoDeploy enabled: it is deployed automatically and cannot take a deployment`)
      const deployment = newDeployment(api, optString(input, 'description'), false)
      if (stage) {
        stage.deploymentId = deployment.deploymentId
        stage.lastUpdatedDate = nowSeconds()
      }
      m.save()
      return deploymentView(deployment)
    },

    async GetDeployment(input) {
      const { m, api } = load(input)
      return deploymentView(m.deployment(api, input.deploymentId))
    },

    async GetDeployments(input) {
      const { api } = load(input)
      const all = Object.values(api.deployments).sort((a, b) => a.createdDate - b.createdDate)
      const { items, nextToken } = page(all, input)
      return { items: items.map(deploymentView), nextToken }
    },

    async UpdateDeployment(input) {
      const { m, api } = load(input)
      const deployment = m.deployment(api, input.deploymentId)
      const description = optString(input, 'description')
      if (description !== undefined) deployment.description = description || undefined
      m.save()
      return deploymentView(deployment)
    },

    async DeleteDeployment(input) {
      const { m, api } = load(input)
      const deployment = m.deployment(api, input.deploymentId)
      if (Object.values(api.stages).some((s) => s.deploymentId === deployment.deploymentId)) {
        throw badRequest('Active stages pointing to this deployment must be moved or deleted')
      }
      delete api.deployments[deployment.deploymentId]
      m.save()
      return {}
    },
  }
}
