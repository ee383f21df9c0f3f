/**
 * @module AWS::ApiGateway::Method — the method with its method responses, integration and integration
 * responses, put in AWS's order. Changes are NOT live until a new deployment: CloudFormation does not
 * redeploy the API for you.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-method.html
 */
import { AwsError } from '../../../core/aws-error.js'
import type { ResourceContext, ResourceProvider } from '../../../core/types.js'
import { call, ignoreNotFound, rejectPresent, unsupported } from './shared.js'

const TYPE = 'AWS::ApiGateway::Method'
const INTEGRATION_KEYS = [
  'Type', 'IntegrationHttpMethod', 'Uri', 'RequestTemplates', 'RequestParameters', 'PassthroughBehavior', 'IntegrationResponses',
  'TimeoutInMillis', 'ContentHandling', 'CacheKeyParameters', 'CacheNamespace', 'Credentials', 'ConnectionType', 'ConnectionId',
]

function check(props: any): void {
  const authorization = props.AuthorizationType ?? 'NONE'
  rejectPresent(TYPE, props, ['RequestValidatorId'])
  const integration = props.Integration ?? {}
  const unknown = Object.keys(integration).filter((k) => !INTEGRATION_KEYS.includes(k))
  if (unknown.length) throw unsupported(TYPE, `Integration.${unknown[0]}`)
  if (integration.ConnectionType && integration.ConnectionType !== 'INTERNET') throw unsupported(TYPE, `Integration.ConnectionType ${integration.ConnectionType}`)
}

async function put(props: any, rc: ResourceContext): Promise<void> {
  const key = { restApiId: props.RestApiId, resourceId: props.ResourceId, httpMethod: props.HttpMethod }
  await call(rc, 'PutMethod', {
    ...key,
    authorizationType: props.AuthorizationType ?? 'NONE',
    authorizerId: props.AuthorizerId,
    authorizationScopes: props.AuthorizationScopes,
    apiKeyRequired: props.ApiKeyRequired,
    operationName: props.OperationName,
    requestParameters: props.RequestParameters,
    requestModels: props.RequestModels,
  })
  try {
    for (const r of props.MethodResponses ?? []) {
      await call(rc, 'PutMethodResponse', { ...key, statusCode: String(r.StatusCode), responseParameters: r.ResponseParameters, responseModels: r.ResponseModels })
    }
    const integration = props.Integration
    if (!integration) return
    await call(rc, 'PutIntegration', {
      ...key,
      type: integration.Type,
      integrationHttpMethod: integration.IntegrationHttpMethod,
      uri: integration.Uri,
      requestTemplates: integration.RequestTemplates,
      requestParameters: integration.RequestParameters,
      passthroughBehavior: integration.PassthroughBehavior,
      timeoutInMillis: integration.TimeoutInMillis,
      contentHandling: integration.ContentHandling,
      cacheKeyParameters: integration.CacheKeyParameters,
      cacheNamespace: integration.CacheNamespace,
      credentials: integration.Credentials,
    })
    for (const r of integration.IntegrationResponses ?? []) {
      await call(rc, 'PutIntegrationResponse', {
        ...key,
        statusCode: String(r.StatusCode),
        selectionPattern: r.SelectionPattern,
        responseParameters: r.ResponseParameters,
        responseTemplates: r.ResponseTemplates,
        contentHandling: r.ContentHandling,
      })
    }
  } catch (err) {
    // Leave nothing half-made behind: the stack rolls back from a clean state.
    await call(rc, 'DeleteMethod', key).catch(() => {})
    throw err
  }
}

const physicalId = (props: any) => `${props.RestApiId}-${props.ResourceId}-${String(props.HttpMethod).toUpperCase()}`

export const methodProvider: ResourceProvider = {
  properties: [
    'HttpMethod', 'ResourceId', 'RestApiId', 'AuthorizationType', 'AuthorizerId', 'AuthorizationScopes', 'ApiKeyRequired',
    'RequestParameters', 'RequestModels', 'RequestValidatorId', 'OperationName', 'MethodResponses', 'Integration',
  ],
  required: ['HttpMethod', 'ResourceId', 'RestApiId'],
  createOnly: ['ResourceId', 'RestApiId'],
  async create(props, rc) {
    check(props)
    await put(props, rc)
    return { physicalId: physicalId(props) }
  },
  /** Replace the whole method in place (the live tree only: stages keep serving their deployment). */
  async update(_id, props, previous, rc) {
    check(props)
    await ignoreNotFound(call(rc, 'DeleteMethod', { restApiId: previous.RestApiId, resourceId: previous.ResourceId, httpMethod: previous.HttpMethod }))
    try {
      await put(props, rc)
    } catch (err) {
      await put(previous, rc).catch(() => {})
      throw err instanceof AwsError ? err : new AwsError('InternalFailure', 500, String(err))
    }
    return { physicalId: physicalId(props) }
  },
  async delete(_id, props, rc) {
    await ignoreNotFound(call(rc, 'DeleteMethod', { restApiId: props.RestApiId, resourceId: props.ResourceId, httpMethod: props.HttpMethod }))
  },
}
