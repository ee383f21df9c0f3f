/**
 * @module AWS::ApiGateway::RestApi — Ref is the API id; GetAtt RootResourceId and RestApiId.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-restapi.html
 */
import { restApiArn } from '../model.js'
import type { ResourceProvider, ResourceContext } from '../../../core/types.js'
import { call, ignoreNotFound, rejectPresent, syncTags, tagMap, unsupported } from './shared.js'

const TYPE = 'AWS::ApiGateway::RestApi'

const result = (api: any) => ({ physicalId: api.id, attributes: { RootResourceId: api.rootResourceId, RestApiId: api.id } })

function checkProps(props: any): void {
  // Not implemented: OpenAPI import (Body / BodyS3Location), cloning and resource policies.
  for (const name of ['Body', 'BodyS3Location']) {
    if (props[name] !== undefined) {
      throw unsupported(TYPE, name, 'OpenAPI import is not emulated; declare AWS::ApiGateway::Resource and AWS::ApiGateway::Method instead')
    }
  }
  rejectPresent(TYPE, props, ['CloneFrom', 'Policy', 'Mode', 'Parameters', 'FailOnWarnings'])
  if (props.EndpointConfiguration?.VpcEndpointIds?.length) throw unsupported(TYPE, 'EndpointConfiguration.VpcEndpointIds')
}

const allTags = (props: any, rc: ResourceContext) => ({ ...tagMap(rc.tags), ...tagMap(props.Tags) })

export const restApiProvider: ResourceProvider = {
  properties: [
    'Name', 'Description', 'EndpointConfiguration', 'Tags', 'BinaryMediaTypes', 'ApiKeySourceType', 'MinimumCompressionSize',
    'DisableExecuteApiEndpoint', 'Body', 'BodyS3Location', 'CloneFrom', 'Policy', 'Mode', 'Parameters', 'FailOnWarnings',
  ],
  async create(props, rc) {
    checkProps(props)
    if (!props.Name) throw unsupported(TYPE, 'Name (missing)', 'a RestApi needs a Name when it has no Body')
    const api = await call(rc, 'CreateRestApi', {
      name: props.Name,
      description: props.Description,
      endpointConfiguration: props.EndpointConfiguration?.Types ? { types: props.EndpointConfiguration.Types } : undefined,
      binaryMediaTypes: props.BinaryMediaTypes,
      apiKeySource: props.ApiKeySourceType,
      minimumCompressionSize: props.MinimumCompressionSize,
      disableExecuteApiEndpoint: props.DisableExecuteApiEndpoint,
      tags: allTags(props, rc),
      region: rc.region,
    })
    return result(api)
  },
  async update(physicalId, props, previous, rc) {
    checkProps(props)
    const ops: { op: string; path: string; value?: string }[] = []
    if (props.Name !== previous.Name) ops.push({ op: 'replace', path: '/name', value: props.Name })
    if (props.Description !== previous.Description) ops.push({ op: 'replace', path: '/description', value: props.Description ?? '' })
    if (props.ApiKeySourceType !== previous.ApiKeySourceType) ops.push({ op: 'replace', path: '/apiKeySource', value: props.ApiKeySourceType ?? 'HEADER' })
    if (props.DisableExecuteApiEndpoint !== previous.DisableExecuteApiEndpoint) {
      ops.push({ op: 'replace', path: '/disableExecuteApiEndpoint', value: String(Boolean(props.DisableExecuteApiEndpoint)) })
    }
    const before: string = previous.EndpointConfiguration?.Types?.[0] ?? 'EDGE'
    const after: string = props.EndpointConfiguration?.Types?.[0] ?? 'EDGE'
    if (before !== after) ops.push({ op: 'replace', path: `/endpointConfiguration/types/${before}`, value: after })
    const escape = (t: string) => t.replace(/~/g, '~0').replace(/\//g, '~1')
    const oldTypes: string[] = previous.BinaryMediaTypes ?? []
    const newTypes: string[] = props.BinaryMediaTypes ?? []
    for (const t of oldTypes) if (!newTypes.includes(t)) ops.push({ op: 'remove', path: `/binaryMediaTypes/${escape(t)}` })
    for (const t of newTypes) if (!oldTypes.includes(t)) ops.push({ op: 'add', path: `/binaryMediaTypes/${escape(t)}` })
    if (props.MinimumCompressionSize !== previous.MinimumCompressionSize) throw unsupported(TYPE, 'MinimumCompressionSize (update)')
    const api = ops.length ? await call(rc, 'UpdateRestApi', { restApiId: physicalId, patchOperations: ops }) : await call(rc, 'GetRestApi', { restApiId: physicalId })
    await syncTags(rc, restApiArn(rc.region, physicalId), allTags(props, rc), allTags(previous, rc))
    return result(api)
  },
  async delete(physicalId, _props, rc) {
    await ignoreNotFound(call(rc, 'DeleteRestApi', { restApiId: physicalId }))
  },
}
