/**
 * @module Deployments freeze the API: routes, integrations (with their responses), authorizers, the route selection
 * expression and whether the default endpoint is disabled are copied, so later edits reach a stage only through a new
 * deployment — or at once on a stage with `autoDeploy`, which gets a new deployment after every change.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-deploy.html
 */
import { randomString } from '../../../core/ids.js'
import { badRequest, clone, nowSeconds, type ApiRecord, type ApiSnapshot, type DeploymentRecord } from '../model.js'

export function snapshotOf(api: ApiRecord): ApiSnapshot {
  if (!Object.keys(api.routes).length) throw badRequest('At least one route is required before deploying the Api.')
  return {
    routeSelectionExpression: api.routeSelectionExpression,
    apiKeySelectionExpression: api.apiKeySelectionExpression,
    // A disabled default endpoint takes effect with the next deployment, not at once.
    // @see https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-disable-default-endpoint.html
    disableExecuteApiEndpoint: api.disableExecuteApiEndpoint,
    routes: clone(api.routes),
    integrations: clone(api.integrations),
    authorizers: clone(api.authorizers),
  }
}

export function newDeployment(api: ApiRecord, description: string | undefined, autoDeployed: boolean): DeploymentRecord {
  const deployment: DeploymentRecord = {
    deploymentId: randomString(6),
    description,
    createdDate: nowSeconds(),
    autoDeployed,
    snapshot: snapshotOf(api),
  }
  api.deployments[deployment.deploymentId] = deployment
  return deployment
}

/**
 * Redeploy every autoDeploy stage. An API that cannot be deployed yet (no routes) leaves the stage where it was and
 * says why in `lastDeploymentStatusMessage`, as AWS's stage does.
 */
export function autoDeploy(api: ApiRecord): void {
  const stages = Object.values(api.stages).filter((s) => s.autoDeploy)
  if (!stages.length) return
  let deployment: DeploymentRecord
  try {
    deployment = newDeployment(api, 'Automatic deployment triggered by changes to the Api configuration', true)
  } catch (err) {
    for (const stage of stages) stage.lastDeploymentStatusMessage = `Deployment attempt failed: ${(err as Error).message}`
    return
  }
  const now = nowSeconds()
  for (const stage of stages) {
    stage.deploymentId = deployment.deploymentId
    stage.lastDeploymentStatusMessage = `Successfully deployed stage with deployment ID '${deployment.deploymentId}'`
    stage.lastUpdatedDate = now
  }
}
