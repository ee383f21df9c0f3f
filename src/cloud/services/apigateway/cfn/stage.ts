/**
 * @module AWS::ApiGateway::Stage — a name pointing at one deployment; updating DeploymentId moves it to
 * another snapshot. Ref is the stage name.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-stage.html
 */
import { physicalName } from '../../../core/ids.js'
import type { ResourceContext, ResourceProvider } from '../../../core/types.js'
import { stageArn } from '../model.js'
import { call, ignoreNotFound, mapPatch, rejectPresent, syncTags, tagMap } from './shared.js'
import { accessLogPatch, methodSettingsPatch } from './stage-settings.js'

const TYPE = 'AWS::ApiGateway::Stage'
// Not implemented: canaries, client certificates, documentation versions, cache sizes.
const UNSUPPORTED = ['CanarySetting', 'ClientCertificateId', 'DocumentationVersion', 'CacheClusterSize']

const allTags = (props: any, rc: ResourceContext) => ({ ...tagMap(rc.tags), ...tagMap(props.Tags) })

export const stageProvider: ResourceProvider = {
  properties: [
    'RestApiId', 'DeploymentId', 'StageName', 'Description', 'Variables', 'Tags', 'TracingEnabled', 'CacheClusterEnabled',
    'MethodSettings', 'AccessLogSetting', ...UNSUPPORTED,
  ],
  required: ['RestApiId', 'DeploymentId'],
  createOnly: ['RestApiId', 'StageName'],
  async create(props, rc) {
    rejectPresent(TYPE, props, UNSUPPORTED)
    const stageName = props.StageName ?? physicalName(rc.stackName, rc.logicalId, 128)
    await call(rc, 'CreateStage', {
      restApiId: props.RestApiId,
      stageName,
      deploymentId: props.DeploymentId,
      description: props.Description,
      variables: props.Variables,
      tracingEnabled: props.TracingEnabled,
      cacheClusterEnabled: props.CacheClusterEnabled,
      tags: allTags(props, rc),
    })
    const settings = [...methodSettingsPatch(TYPE, props.MethodSettings), ...accessLogPatch(props.AccessLogSetting, undefined)]
    if (settings.length) {
      try {
        await call(rc, 'UpdateStage', { restApiId: props.RestApiId, stageName, patchOperations: settings })
      } catch (err) {
        await call(rc, 'DeleteStage', { restApiId: props.RestApiId, stageName }).catch(() => {})
        throw err
      }
    }
    return { physicalId: stageName }
  },
  async update(stageName, props, previous, rc) {
    rejectPresent(TYPE, props, UNSUPPORTED)
    const ops: { op: string; path: string; value?: string }[] = []
    if (props.DeploymentId !== previous.DeploymentId) ops.push({ op: 'replace', path: '/deploymentId', value: props.DeploymentId })
    if (props.Description !== previous.Description) ops.push({ op: 'replace', path: '/description', value: props.Description ?? '' })
    if (Boolean(props.TracingEnabled) !== Boolean(previous.TracingEnabled)) ops.push({ op: 'replace', path: '/tracingEnabled', value: String(Boolean(props.TracingEnabled)) })
    if (Boolean(props.CacheClusterEnabled) !== Boolean(previous.CacheClusterEnabled)) {
      ops.push({ op: 'replace', path: '/cacheClusterEnabled', value: String(Boolean(props.CacheClusterEnabled)) })
    }
    ops.push(...mapPatch('/variables', props.Variables, previous.Variables))
    if (JSON.stringify(props.MethodSettings) !== JSON.stringify(previous.MethodSettings)) ops.push(...methodSettingsPatch(TYPE, props.MethodSettings))
    if (JSON.stringify(props.AccessLogSetting) !== JSON.stringify(previous.AccessLogSetting)) ops.push(...accessLogPatch(props.AccessLogSetting, previous.AccessLogSetting))
    if (ops.length) await call(rc, 'UpdateStage', { restApiId: props.RestApiId, stageName, patchOperations: ops })
    await syncTags(rc, stageArn(rc.region, props.RestApiId, stageName), allTags(props, rc), allTags(previous, rc))
    return { physicalId: stageName }
  },
  async delete(stageName, props, rc) {
    await ignoreNotFound(call(rc, 'DeleteStage', { restApiId: props.RestApiId, stageName }))
  },
}
