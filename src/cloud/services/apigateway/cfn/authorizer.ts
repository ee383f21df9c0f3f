/**
 * @module AWS::ApiGateway::Authorizer — `Ref` is the authorizer id (`GetAtt AuthorizerId` too). Like every
 * API change it reaches clients only with the next deployment.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-authorizer.html
 */
import type { ResourceContext, ResourceProvider } from '../../../core/types.js'
import { call, ignoreNotFound } from './shared.js'

interface AuthorizerProps {
  RestApiId: string
  Name: string
  Type: string
  AuthorizerUri?: string
  AuthorizerCredentials?: string
  AuthorizerResultTtlInSeconds?: number
  AuthType?: string
  IdentitySource?: string
  IdentityValidationExpression?: string
  ProviderARNs?: string[]
}

/** Scalar properties and the patch path UpdateAuthorizer takes for each. */
const PATCHED: [keyof AuthorizerProps, string][] = [
  ['Name', '/name'],
  ['Type', '/type'],
  ['AuthorizerUri', '/authorizerUri'],
  ['AuthorizerCredentials', '/authorizerCredentials'],
  ['AuthorizerResultTtlInSeconds', '/authorizerResultTtlInSeconds'],
  ['AuthType', '/authType'],
  ['IdentitySource', '/identitySource'],
  ['IdentityValidationExpression', '/identityValidationExpression'],
]

function patches(next: AuthorizerProps, previous: AuthorizerProps) {
  const ops: { op: string; path: string; value?: string }[] = []
  for (const [prop, path] of PATCHED) {
    if (next[prop] !== previous[prop]) ops.push({ op: 'replace', path, value: next[prop] === undefined ? '' : String(next[prop]) })
  }
  const before = new Set(previous.ProviderARNs ?? [])
  const after = new Set(next.ProviderARNs ?? [])
  for (const arn of after) if (!before.has(arn)) ops.push({ op: 'add', path: '/providerARNs', value: arn })
  for (const arn of before) if (!after.has(arn)) ops.push({ op: 'remove', path: '/providerARNs', value: arn })
  return ops
}

const create = (props: AuthorizerProps, rc: ResourceContext) =>
  call(rc, 'CreateAuthorizer', {
    restApiId: props.RestApiId,
    name: props.Name,
    type: props.Type,
    authorizerUri: props.AuthorizerUri,
    authorizerCredentials: props.AuthorizerCredentials,
    authorizerResultTtlInSeconds: props.AuthorizerResultTtlInSeconds,
    authType: props.AuthType,
    identitySource: props.IdentitySource,
    identityValidationExpression: props.IdentityValidationExpression,
    providerARNs: props.ProviderARNs,
  })

export const authorizerProvider: ResourceProvider<AuthorizerProps> = {
  properties: [
    'RestApiId', 'Name', 'Type', 'AuthorizerUri', 'AuthorizerCredentials', 'AuthorizerResultTtlInSeconds', 'AuthType',
    'IdentitySource', 'IdentityValidationExpression', 'ProviderARNs',
  ],
  required: ['RestApiId', 'Name', 'Type'],
  createOnly: ['RestApiId'],
  async create(props, rc) {
    const { id } = await create(props, rc)
    return { physicalId: id, attributes: { AuthorizerId: id } }
  },
  async update(id, props, previous, rc) {
    const ops = patches(props, previous)
    if (ops.length) await call(rc, 'UpdateAuthorizer', { restApiId: props.RestApiId, authorizerId: id, patchOperations: ops })
    return { physicalId: id, attributes: { AuthorizerId: id } }
  },
  async delete(id, props, rc) {
    await ignoreNotFound(call(rc, 'DeleteAuthorizer', { restApiId: props.RestApiId, authorizerId: id }))
  },
}
