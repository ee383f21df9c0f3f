/**
 * @module AWS::ApiGatewayV2::Stage — a name pointing at a deployment (or with AutoDeploy at the newest automatic
 * one), with route settings, variables and access logs. Ref is the stage name.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-stage.html
 */
import { AwsError } from '../../../core/aws-error.js'
import { physicalName } from '../../../core/ids.js'
import type { ResourceProvider } from '../../../core/types.js'
import { stageArn } from '../model.js'
import { allTags, call, ignoreNotFound, rejectPresent, syncTags, wireMembers } from './shared.js'

const TYPE = 'AWS::ApiGatewayV2::Stage'
// Not implemented: client certificates and access policies (AccessPolicyId) on stages.
const UNSUPPORTED = ['ClientCertificateId', 'AccessPolicyId']
const SETTINGS = ['DataTraceEnabled', 'DetailedMetricsEnabled', 'LoggingLevel', 'ThrottlingBurstLimit', 'ThrottlingRateLimit']
const NUMBERS = ['ThrottlingBurstLimit', 'ThrottlingRateLimit']
const BOOLEANS = ['DataTraceEnabled', 'DetailedMetricsEnabled']

function settings(value: unknown, where: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new AwsError('ValidationError', 400, `${where} must be an object`)
  const unknown = Object.keys(value).find((k) => !SETTINGS.includes(k))
  if (unknown) throw new AwsError('ValidationError', 400, `${where} has no property ${unknown}; it takes ${SETTINGS.join(', ')}`)
  return wireMembers(value as Record<string, unknown>, SETTINGS, NUMBERS, BOOLEANS)
}

function routeSettings(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined) return undefined
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new AwsError('ValidationError', 400, 'RouteSettings must be a map of route keys to route settings')
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, settings(v, `RouteSettings.${key}`)]))
}

/** The stage members of Create/UpdateStage from the template's properties. */
function members(props: any) {
  const log = props.AccessLogSettings
  return {
    deploymentId: props.DeploymentId,
    autoDeploy: props.AutoDeploy === undefined ? undefined : props.AutoDeploy === true || props.AutoDeploy === 'true',
    description: props.Description,
    defaultRouteSettings: props.DefaultRouteSettings === undefined ? undefined : settings(props.DefaultRouteSettings, 'DefaultRouteSettings'),
    routeSettings: routeSettings(props.RouteSettings),
    stageVariables: props.StageVariables,
    accessLogSettings: log === undefined ? undefined : { destinationArn: log.DestinationArn, format: log.Format },
  }
}

export const stageProvider: ResourceProvider = {
  properties: [
    'ApiId', 'StageName', 'DeploymentId', 'AutoDeploy', 'Description', 'DefaultRouteSettings', 'RouteSettings', 'StageVariables',
    'AccessLogSettings', 'Tags', ...UNSUPPORTED,
  ],
  required: ['ApiId', 'StageName'],
  createOnly: ['ApiId', 'StageName'],
  async create(props, rc) {
    rejectPresent(TYPE, props, UNSUPPORTED)
    const stageName = props.StageName ?? physicalName(rc.stackName, rc.logicalId, 128)
    await call(rc, 'CreateStage', { apiId: props.ApiId, stageName, ...members(props), tags: allTags(props, rc) })
    return { physicalId: stageName }
  },
  async update(stageName, props, previous, rc) {
    rejectPresent(TYPE, props, UNSUPPORTED)
    const next = members(props)
    const dropped = {
      deploymentId: props.DeploymentId === undefined && previous.DeploymentId !== undefined ? '' : undefined,
      autoDeploy: props.AutoDeploy === undefined && previous.AutoDeploy !== undefined ? false : undefined,
      description: props.Description === undefined && previous.Description !== undefined ? '' : undefined,
      defaultRouteSettings: props.DefaultRouteSettings === undefined && previous.DefaultRouteSettings !== undefined ? {} : undefined,
      stageVariables: props.StageVariables === undefined && previous.StageVariables !== undefined ? {} : undefined,
    }
    const given = Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined))
    const cleared = Object.fromEntries(Object.entries(dropped).filter(([, v]) => v !== undefined))
    await call(rc, 'UpdateStage', { apiId: props.ApiId, stageName, ...cleared, ...given })
    for (const key of Object.keys(previous.RouteSettings ?? {})) {
      if (!Object.hasOwn(props.RouteSettings ?? {}, key)) await ignoreNotFound(call(rc, 'DeleteRouteSettings', { apiId: props.ApiId, stageName, routeKey: key }))
    }
    if (previous.AccessLogSettings !== undefined && props.AccessLogSettings === undefined) await call(rc, 'DeleteAccessLogSettings', { apiId: props.ApiId, stageName })
    await syncTags(rc, stageArn(rc.region, props.ApiId, stageName), allTags(props, rc), allTags(previous, rc))
    return { physicalId: stageName }
  },
  async delete(stageName, props, rc) {
    await ignoreNotFound(call(rc, 'DeleteStage', { apiId: props.ApiId, stageName }))
  },
}
