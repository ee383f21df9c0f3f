/**
 * @module The stale-deployment trap of WebSocket APIs (API Gateway v2): a stage serves a deployment, a snapshot of
 * the routes, integrations, route responses and the route selection expression taken when it was made; CloudFormation
 * makes a new one only for a new AWS::ApiGatewayV2::Deployment resource. AWS keeps no summary of what a v2 deployment
 * holds, so the judge is time: the stack's resources of this API that CloudFormation last changed after the stage's
 * deployment was created (GetStages, GetDeployment `CreatedDate`, the stack's resource timestamps) — through AWS APIs
 * only, the same on AWS and locally. Stages with `AutoDeploy` always serve the newest automatic deployment.
 * Time alone misses the parallel case: a deployment made in the same stack operation as a route (or route response,
 * integration, …) it does not `DependsOn` may be taken before that resource exists — CloudFormation starts both at
 * once. The stack's events give the order: such a resource that finished after the deployment began is named.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-set-up-websocket-deployment.html
 * @see https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-deployments-deploymentid.html
 */
import { GetDeploymentCommand, GetStagesCommand, type ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2'
import type { StackResource } from '@aws-sdk/client-cloudformation'
import { dependencyClosure, type OperationEvent, type TemplateResources } from './stack-operation.js'
import { CLOCK_SLACK_MS, refTo, type Template } from './stale-deployments.js'
import type { StaleStage } from './types.js'

/** What a WebSocket API's deployment snapshots (its authorizers too: AWS says changing them needs a redeployment). */
const SNAPSHOTTED = new Set(['AWS::ApiGatewayV2::Route', 'AWS::ApiGatewayV2::Integration', 'AWS::ApiGatewayV2::RouteResponse', 'AWS::ApiGatewayV2::IntegrationResponse', 'AWS::ApiGatewayV2::Authorizer'])

export async function staleWebSocketStagesOf(
  v2: ApiGatewayV2Client,
  api: StackResource,
  resources: StackResource[],
  template: Template,
  operation: OperationEvent[],
): Promise<StaleStage[]> {
  const apiId = api.PhysicalResourceId!
  const stages = (await v2.send(new GetStagesCommand({ ApiId: apiId, MaxResults: '100' }))).Items ?? []
  const result: StaleStage[] = []
  for (const stage of stages) {
    if (!stage.DeploymentId || !stage.StageName || stage.AutoDeploy) continue
    const deployment = await v2.send(new GetDeploymentCommand({ ApiId: apiId, DeploymentId: stage.DeploymentId }))
    const takenAt = (deployment.CreatedDate?.getTime() ?? 0) + CLOCK_SLACK_MS
    const logicalId = resources.find((r) => r.ResourceType === 'AWS::ApiGatewayV2::Deployment' && r.PhysicalResourceId === stage.DeploymentId)?.LogicalResourceId
    const racing = logicalId ? madeInParallel(template, operation, logicalId, api.LogicalResourceId!) : new Set<string>()
    const unordered = resources.filter((r) => racing.has(r.LogicalResourceId!)).map((r) => changeName(template, r, resources))
    const changed = resources
      .filter((r) => r.Timestamp && r.Timestamp.getTime() > takenAt && ofApi(template, r, api.LogicalResourceId!) && !racing.has(r.LogicalResourceId!))
      .map((r) => changeName(template, r, resources))
    if (!changed.length && !unordered.length) continue
    result.push({
      kind: 'websocket',
      apiId,
      stage: stage.StageName,
      deploymentId: stage.DeploymentId,
      ...(logicalId ? { deploymentLogicalId: logicalId } : {}),
      deployedAt: deployment.CreatedDate?.toISOString() ?? '',
      added: [],
      removed: [],
      changed: [...new Set(changed)].sort(),
      ...(unordered.length ? { unordered: [...new Set(unordered)].sort(), unorderedIds: [...racing].sort() } : {}),
    })
  }
  return result
}

/**
 * The API's snapshotted resources the deployment does not wait for (DependsOn or references, transitively) and that
 * this operation finished creating or updating only after it began creating the deployment: they may be missing
 * from its snapshot. None when the deployment was not created in this operation.
 */
function madeInParallel(template: Template, operation: OperationEvent[], deploymentId: string, apiLogicalId: string): Set<string> {
  const begun = operation.find((e) => e.logicalId === deploymentId && e.status === 'CREATE_IN_PROGRESS')
  if (!begun) return new Set()
  const resources = (template.Resources ?? {}) as TemplateResources
  const waitedFor = dependencyClosure(resources, deploymentId)
  const late = operation.filter((e) => e.order > begun.order && (e.status === 'CREATE_COMPLETE' || e.status === 'UPDATE_COMPLETE'))
  return new Set(
    late
      .map((e) => e.logicalId)
      .filter((id) => !waitedFor.has(id) && Object.hasOwn(resources, id) && ofApi(template, { LogicalResourceId: id, ResourceType: resources[id].Type } as StackResource, apiLogicalId)),
  )
}

/** The API itself (its route selection expression is in the snapshot) and its routes, integrations, … */
function ofApi(template: Template, r: StackResource, apiLogicalId: string): boolean {
  if (r.LogicalResourceId === apiLogicalId) return r.ResourceType === 'AWS::ApiGatewayV2::Api'
  if (!SNAPSHOTTED.has(r.ResourceType ?? '')) return false
  return refTo(template.Resources?.[r.LogicalResourceId!]?.Properties?.ApiId) === apiLogicalId
}

const routeKeyOf = (template: Template, logicalId: string | undefined): string | undefined => {
  const key = logicalId ? template.Resources?.[logicalId]?.Properties?.RouteKey : undefined
  return typeof key === 'string' ? key : undefined
}

/** `route sendmessage`, `route response of whoami`, `RouteSelectionExpression $request.body.type`, else the logical id. */
function changeName(template: Template, r: StackResource, all: StackResource[]): string {
  const props = template.Resources?.[r.LogicalResourceId!]?.Properties ?? {}
  switch (r.ResourceType) {
    case 'AWS::ApiGatewayV2::Api':
      return typeof props.RouteSelectionExpression === 'string' ? `RouteSelectionExpression ${props.RouteSelectionExpression}` : `API ${r.LogicalResourceId}`
    case 'AWS::ApiGatewayV2::Route': {
      const key = routeKeyOf(template, r.LogicalResourceId)
      return key ? `route ${key}` : `route ${r.LogicalResourceId}`
    }
    case 'AWS::ApiGatewayV2::RouteResponse': {
      const key = routeKeyOf(template, refTo(props.RouteId) ?? all.find((x) => x.PhysicalResourceId === props.RouteId)?.LogicalResourceId)
      return key ? `route response of ${key}` : `route response ${r.LogicalResourceId}`
    }
    default:
      return `${String(r.ResourceType).replace('AWS::ApiGatewayV2::', '').toLowerCase()} ${r.LogicalResourceId}`
  }
}
