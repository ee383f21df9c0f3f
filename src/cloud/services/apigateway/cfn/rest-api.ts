/**
 * @module AWS::ApiGateway::RestApi — Ref is the API id; GetAtt RootResourceId and RestApiId.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-restapi.html
 */
import { restApiArn } from '../model.js'
import type { ResourceProvider, ResourceContext } from '../../../core/types.js'
import { readDefinition } from '../api/openapi-import.js'
import { call, ignoreNotFound, rejectPresent, syncTags, tagMap, unsupported } from './shared.js'

const TYPE = 'AWS::ApiGateway::RestApi'

const result = (api: any) => ({ physicalId: api.id, attributes: { RootResourceId: api.rootResourceId, RestApiId: api.id } })

function checkProps(props: any): void {
  // Not implemented: cloning and import parameters.
  rejectPresent(TYPE, props, ['CloneFrom', 'Parameters'])
  if (props.Mode !== undefined && !['overwrite', 'merge'].includes(props.Mode)) throw unsupported(TYPE, `Mode ${props.Mode}`)
  if (props.EndpointConfiguration?.VpcEndpointIds?.length) throw unsupported(TYPE, 'EndpointConfiguration.VpcEndpointIds')
}

/** The OpenAPI document from Body (object or string) or BodyS3Location (read from S3). */
async function definition(props: any, rc: ResourceContext): Promise<unknown | undefined> {
  if (props.Body !== undefined) return props.Body
  const location = props.BodyS3Location
  if (!location) return undefined
  const object = await rc.call<any>('s3', 'GetObject', { Bucket: location.Bucket, Key: location.Key, VersionId: location.Version })
  return Buffer.from(object.Body).toString('utf8')
}

/**
 * Import the definition (PutRestApi), then let Name win over the document's title, as CloudFormation does.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-restapi.html#cfn-apigateway-restapi-name
 */
async function importBody(rc: ResourceContext, id: string, props: any, body: unknown): Promise<void> {
  await call(rc, 'PutRestApi', { restApiId: id, mode: props.Mode ?? 'overwrite', body: typeof body === 'string' ? body : JSON.stringify(body) })
  const ops: { op: string; path: string; value?: string }[] = []
  if (props.Name) ops.push({ op: 'replace', path: '/name', value: props.Name })
  if (props.Description !== undefined) ops.push({ op: 'replace', path: '/description', value: props.Description })
  if (ops.length) await call(rc, 'UpdateRestApi', { restApiId: id, patchOperations: ops })
}

/** `Policy`: a JSON object in the template, or its text. */
const policyText = (policy: unknown): string | undefined => (policy === undefined || policy === null ? undefined : typeof policy === 'string' ? policy : JSON.stringify(policy))

const allTags = (props: any, rc: ResourceContext) => ({ ...tagMap(rc.tags), ...tagMap(props.Tags) })

export const restApiProvider: ResourceProvider = {
  properties: [
    'Name', 'Description', 'EndpointConfiguration', 'Tags', 'BinaryMediaTypes', 'ApiKeySourceType', 'MinimumCompressionSize',
    'DisableExecuteApiEndpoint', 'Body', 'BodyS3Location', 'CloneFrom', 'Policy', 'Mode', 'Parameters', 'FailOnWarnings',
  ],
  async create(props, rc) {
    checkProps(props)
    const body = await definition(props, rc)
    const title = body ? readDefinition(body).info?.title : undefined
    if (!props.Name && !title) throw unsupported(TYPE, 'Name (missing)', 'a RestApi needs a Name when it has no Body')
    const api = await call(rc, 'CreateRestApi', {
      name: props.Name ?? title,
      description: props.Description,
      endpointConfiguration: props.EndpointConfiguration?.Types ? { types: props.EndpointConfiguration.Types } : undefined,
      binaryMediaTypes: props.BinaryMediaTypes,
      apiKeySource: props.ApiKeySourceType,
      minimumCompressionSize: props.MinimumCompressionSize,
      disableExecuteApiEndpoint: props.DisableExecuteApiEndpoint,
      tags: allTags(props, rc),
      region: rc.region,
      policy: policyText(props.Policy),
    })
    if (body !== undefined) {
      try {
        await importBody(rc, api.id, props, body)
      } catch (err) {
        await call(rc, 'DeleteRestApi', { restApiId: api.id }).catch(() => {})
        throw err
      }
    }
    return result(await call(rc, 'GetRestApi', { restApiId: api.id }))
  },
  async update(physicalId, props, previous, rc) {
    checkProps(props)
    const ops: { op: string; path: string; value?: string }[] = []
    if (props.Name !== previous.Name) ops.push({ op: 'replace', path: '/name', value: props.Name })
    if (props.Description !== previous.Description) ops.push({ op: 'replace', path: '/description', value: props.Description ?? '' })
    if (props.ApiKeySourceType !== previous.ApiKeySourceType) ops.push({ op: 'replace', path: '/apiKeySource', value: props.ApiKeySourceType ?? 'HEADER' })
    // Like any change to the API, a new policy reaches a stage with the next deployment (CloudFormation does not redeploy).
    if (policyText(props.Policy) !== policyText(previous.Policy)) ops.push({ op: 'replace', path: '/policy', value: policyText(props.Policy) ?? '' })
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
    if (ops.length) await call(rc, 'UpdateRestApi', { restApiId: physicalId, patchOperations: ops })
    const bodyChanged = JSON.stringify(props.Body) !== JSON.stringify(previous.Body) || JSON.stringify(props.BodyS3Location) !== JSON.stringify(previous.BodyS3Location)
    const body = bodyChanged ? await definition(props, rc) : undefined
    if (body !== undefined) await importBody(rc, physicalId, props, body)
    const api = await call(rc, 'GetRestApi', { restApiId: physicalId })
    await syncTags(rc, restApiArn(rc.region, physicalId), allTags(props, rc), allTags(previous, rc))
    return result(api)
  },
  async delete(physicalId, _props, rc) {
    await ignoreNotFound(call(rc, 'DeleteRestApi', { restApiId: physicalId }))
  },
}
