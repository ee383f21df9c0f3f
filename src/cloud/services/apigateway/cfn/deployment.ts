/**
 * @module AWS::ApiGateway::Deployment — a snapshot taken once, at create. Ref is the deployment id.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-deployment.html
 */
import type { ResourceContext, ResourceProvider } from '../../../core/types.js'
import { stageArn } from '../model.js'
import { call, ignoreNotFound, mapPatch, rejectPresent, syncTags, tagMap, unsupported } from './shared.js'
import { STAGE_DESCRIPTION_SETTINGS, stageDescriptionPatch } from './stage-settings.js'

const TYPE = 'AWS::ApiGateway::Deployment'
const STAGE_DESCRIPTION_KEYS = ['Description', 'Variables', 'TracingEnabled', 'CacheClusterEnabled', 'Tags', ...STAGE_DESCRIPTION_SETTINGS]

function check(props: any): void {
  // Not implemented: canary deployments.
  rejectPresent(TYPE, props, ['DeploymentCanarySettings'])
  const unknown = Object.keys(props.StageDescription ?? {}).filter((k) => !STAGE_DESCRIPTION_KEYS.includes(k))
  if (unknown.length) throw unsupported(TYPE, `StageDescription.${unknown[0]}`)
  if (props.StageDescription && !props.StageName) {
    throw unsupported(TYPE, 'StageDescription', 'to specify a stage description, you must also provide a stage name')
  }
}

async function describeStage(rc: ResourceContext, props: any, deploymentId: string, existed: boolean): Promise<void> {
  const sd = props.StageDescription ?? {}
  if (existed) {
    const current = await call(rc, 'GetStage', { restApiId: props.RestApiId, stageName: props.StageName })
    const ops = [
      { op: 'replace', path: '/deploymentId', value: deploymentId },
      ...mapPatch('/variables', sd.Variables, current.variables),
    ]
    if (sd.Description !== undefined) ops.push({ op: 'replace', path: '/description', value: sd.Description })
    await call(rc, 'UpdateStage', { restApiId: props.RestApiId, stageName: props.StageName, patchOperations: ops })
  }
  const settings = stageDescriptionPatch(TYPE, sd)
  if (settings.length) await call(rc, 'UpdateStage', { restApiId: props.RestApiId, stageName: props.StageName, patchOperations: settings })
  const tags = { ...tagMap(rc.tags), ...tagMap(sd.Tags) }
  await syncTags(rc, stageArn(rc.region, props.RestApiId, props.StageName), tags, {})
}

export const deploymentProvider: ResourceProvider = {
  properties: ['RestApiId', 'Description', 'StageName', 'StageDescription', 'DeploymentCanarySettings'],
  required: ['RestApiId'],
  createOnly: ['RestApiId', 'DeploymentCanarySettings'],
  async create(props, rc) {
    check(props)
    const sd = props.StageDescription ?? {}
    const deployment = await call(rc, 'CreateDeployment', {
      restApiId: props.RestApiId,
      description: props.Description,
      stageName: props.StageName,
      stageDescription: sd.Description,
      variables: sd.Variables,
      tracingEnabled: sd.TracingEnabled,
      cacheClusterEnabled: sd.CacheClusterEnabled,
    })
    if (props.StageName) {
      try {
        await describeStage(rc, props, deployment.id, false)
      } catch (err) {
        await call(rc, 'DeleteStage', { restApiId: props.RestApiId, stageName: props.StageName }).catch(() => {})
        await call(rc, 'DeleteDeployment', { restApiId: props.RestApiId, deploymentId: deployment.id }).catch(() => {})
        throw err
      }
    }
    return { physicalId: deployment.id, attributes: { DeploymentId: deployment.id } }
  },
  /**
   * AWS quirk: an update never takes a new snapshot. Changing Description (or any other property) of the
   * same logical resource leaves every stage on the old deployment — method changes stay invisible until
   * the template gets a Deployment with a new logical id (what SAM and CDK do by hashing the API).
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-deployments.html
   */
  async update(physicalId, props, previous, rc) {
    check(props)
    if (props.Description !== previous.Description) {
      await call(rc, 'UpdateDeployment', {
        restApiId: props.RestApiId,
        deploymentId: physicalId,
        patchOperations: [{ op: 'replace', path: '/description', value: props.Description ?? '' }],
      })
    }
    if (props.StageName && (props.StageName !== previous.StageName || JSON.stringify(props.StageDescription) !== JSON.stringify(previous.StageDescription))) {
      const stages = await call(rc, 'GetStages', { restApiId: props.RestApiId })
      const existed = stages.item.some((s: any) => s.stageName === props.StageName)
      if (!existed) {
        const sd = props.StageDescription ?? {}
        await call(rc, 'CreateStage', {
          restApiId: props.RestApiId,
          stageName: props.StageName,
          deploymentId: physicalId,
          description: sd.Description,
          variables: sd.Variables,
          tracingEnabled: sd.TracingEnabled,
        })
      }
      await describeStage(rc, props, physicalId, existed)
    }
    return { physicalId, attributes: { DeploymentId: physicalId } }
  },
  /** The stage this deployment created goes with it (a stage must not point at a deleted deployment). */
  async delete(physicalId, props, rc) {
    if (props.StageName) {
      const stage = await call(rc, 'GetStage', { restApiId: props.RestApiId, stageName: props.StageName }).catch(() => undefined)
      if (stage?.deploymentId === physicalId) await ignoreNotFound(call(rc, 'DeleteStage', { restApiId: props.RestApiId, stageName: props.StageName }))
    }
    await ignoreNotFound(call(rc, 'DeleteDeployment', { restApiId: props.RestApiId, deploymentId: physicalId }))
  },
}
