/**
 * @module The REST API trap, named: a stage serves a deployment (a snapshot taken when it was created), so a method
 * changed in the template is not live until a new deployment is made — and CloudFormation makes one only for a new
 * AWS::ApiGateway::Deployment resource. After a deploy, compare what each REST API defines now (GetResources) with
 * the snapshot each stage serves (GetStage's deployment, GetDeployment with `embed=apisummary`), and the stack's
 * methods last changed after that snapshot was taken (their CloudFormation timestamps): integration, response and
 * CORS header changes have no other trace in the APIs. AWS APIs only, so it works the same on AWS and locally.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-deployments.html
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_GetDeployment.html
 */
import { GetDeploymentCommand, GetResourcesCommand, GetStagesCommand, type APIGatewayClient } from '@aws-sdk/client-api-gateway'
import { DescribeStackResourcesCommand, type StackResource } from '@aws-sdk/client-cloudformation'
import { t } from '../ui/i18n.js'
import { TargetClients } from './clients.js'
import { lastOperationEvents } from './stack-operation.js'
import { staleWebSocketStagesOf } from './stale-deployments-v2.js'
import type { StaleStage, Target } from './types.js'

/**
 * A deployment's createdDate has whole seconds; a method the same stack update changed a moment before the new
 * deployment was taken must not count as newer than it.
 */
export const CLOCK_SLACK_MS = 1000

/** The stages of the stack's REST APIs that do not serve what the API defines now (empty when all are current). */
export async function staleDeployments(target: Target, stackName: string, template: Template): Promise<StaleStage[]> {
  const clients = new TargetClients(target)
  try {
    const cfn = await clients.cfn()
    const resources = (await cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }))).StackResources ?? []
    const apigw = await clients.apigw()
    const stale: StaleStage[] = []
    for (const api of resources.filter((r) => r.ResourceType === 'AWS::ApiGateway::RestApi' && r.PhysicalResourceId)) {
      stale.push(...(await staleStagesOf(apigw, api, resources, template)))
    }
    const webSocketApis = resources.filter((r) => r.ResourceType === 'AWS::ApiGatewayV2::Api' && r.PhysicalResourceId)
    const operation = webSocketApis.length ? await lastOperationEvents(cfn, stackName) : []
    for (const api of webSocketApis) {
      stale.push(...(await staleWebSocketStagesOf(await clients.apigwv2(), api, resources, template, operation)))
    }
    return stale
  } finally {
    await clients.destroy()
  }
}

async function staleStagesOf(apigw: APIGatewayClient, api: StackResource, resources: StackResource[], template: Template): Promise<StaleStage[]> {
  const restApiId = api.PhysicalResourceId!
  const { items = [] } = await apigw.send(new GetResourcesCommand({ restApiId, embed: ['methods'], limit: 500 }))
  const pathOf = new Map(items.map((r) => [r.id!, r.path!]))
  const rootId = items.find((r) => r.path === '/')?.id
  const current = new Set(items.flatMap((r) => Object.keys(r.resourceMethods ?? {}).map((m) => `${m} ${r.path}`)))
  const { item: stages = [] } = await apigw.send(new GetStagesCommand({ restApiId }))
  const result: StaleStage[] = []
  for (const stage of stages) {
    if (!stage.deploymentId || !stage.stageName) continue
    const deployment = await apigw.send(new GetDeploymentCommand({ restApiId, deploymentId: stage.deploymentId, embed: ['apisummary'] }))
    const served = new Set(Object.entries(deployment.apiSummary ?? {}).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m} ${path}`)))
    const added = [...current].filter((m) => !served.has(m))
    const removed = [...served].filter((m) => !current.has(m))
    const takenAt = (deployment.createdDate?.getTime() ?? 0) + CLOCK_SLACK_MS
    const changed = resources
      .filter((r) => r.Timestamp && r.Timestamp.getTime() > takenAt && ofApi(template, r, api.LogicalResourceId!))
      .map((r) => changeName(template, r, resources, pathOf, rootId))
      .filter((name): name is string => Boolean(name) && !added.includes(name!))
    if (!added.length && !removed.length && !changed.length) continue
    const logicalId = resources.find((r) => r.ResourceType === 'AWS::ApiGateway::Deployment' && r.PhysicalResourceId === stage.deploymentId)?.LogicalResourceId
    result.push({
      apiId: restApiId,
      stage: stage.stageName,
      deploymentId: stage.deploymentId,
      ...(logicalId ? { deploymentLogicalId: logicalId } : {}),
      deployedAt: deployment.createdDate?.toISOString() ?? '',
      added: added.sort(),
      removed: removed.sort(),
      changed: [...new Set(changed)].sort(),
    })
  }
  return result
}

export type Template = { Resources?: Record<string, { Type?: string; Properties?: Record<string, unknown> }> }

export const refTo = (value: unknown): string | undefined => {
  const v = value as { Ref?: unknown; 'Fn::GetAtt'?: unknown } | undefined
  if (typeof v?.Ref === 'string') return v.Ref
  const att = v?.['Fn::GetAtt']
  if (Array.isArray(att) && typeof att[0] === 'string') return att[0]
  if (typeof att === 'string') return att.split('.')[0]
  return undefined
}

/**
 * Methods and gateway responses of this REST API (its logical id) are in its deployments' snapshots, and so is the
 * RestApi itself: AWS lists RestApi updates, "including modifying resource policies", as needing a redeployment.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/updating-api.html
 */
function ofApi(template: Template, r: StackResource, apiLogicalId: string): boolean {
  if (r.LogicalResourceId === apiLogicalId) return r.ResourceType === 'AWS::ApiGateway::RestApi'
  if (r.ResourceType !== 'AWS::ApiGateway::Method' && r.ResourceType !== 'AWS::ApiGateway::GatewayResponse') return false
  return refTo(template.Resources?.[r.LogicalResourceId!]?.Properties?.RestApiId) === apiLogicalId
}

/**
 * `GET /houses` for a method, from its template properties (HttpMethod, and ResourceId: a Resource whose physical id
 * is the API Gateway resource id, or the API's RootResourceId); `gateway response DEFAULT_4XX`; else the logical id.
 */
function changeName(template: Template, r: StackResource, all: StackResource[], pathOf: Map<string, string>, rootId?: string): string | undefined {
  const props = template.Resources?.[r.LogicalResourceId!]?.Properties ?? {}
  if (r.ResourceType === 'AWS::ApiGateway::RestApi') {
    return props.Policy !== undefined ? t('deploy.stale.resourcePolicy', { api: r.LogicalResourceId! }) : `RestApi ${r.LogicalResourceId}`
  }
  if (r.ResourceType === 'AWS::ApiGateway::GatewayResponse') return `gateway response ${String(props.ResponseType ?? r.LogicalResourceId)}`
  const method = typeof props.HttpMethod === 'string' ? props.HttpMethod.toUpperCase() : undefined
  const resourceRef = props.ResourceId as { 'Fn::GetAtt'?: unknown } | undefined
  const isRoot = JSON.stringify(resourceRef?.['Fn::GetAtt'] ?? '').includes('RootResourceId')
  const resourceId = isRoot ? rootId : all.find((x) => x.LogicalResourceId === refTo(resourceRef))?.PhysicalResourceId
  const path = resourceId ? pathOf.get(resourceId) : undefined
  return method && path ? `${method} ${path}` : r.LogicalResourceId
}
