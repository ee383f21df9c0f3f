/**
 * @module IAM (Query protocol): roles, users and their access keys, inline and managed policies (AWS managed by
 * name, customer managed with versions). A global service: ARNs have no region. Policies are evaluated where AWS
 * evaluates them through `_identityPolicies`: every signed API call of a user or role session (`authz/api-gate.ts`),
 * execute-api `AWS_IAM`, STS AssumeRole.
 * Not implemented: groups, permissions boundaries.
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/welcome.html
 */
import { authorizeApiCall } from '../../authz/api-gate.js'
import { IAM_ENTITY_ARN } from '../../authz/api-resources.js'
import { operationMembers } from '../../authz/operation-members.js'
import { AwsError } from '../../core/aws-error.js'
import { ownOperation } from '../../core/safe-names.js'
import type { ApiOperation, CloudRequest, ServiceDef } from '../../core/types.js'
import { parseQueryParams, queryResponse, readList } from '../../protocols/query.js'
import { iamApi } from './api.js'
import { policyApi } from './api-policies.js'
import { userApi } from './api-users.js'
import { accessKeyProvider } from './cfn/access-key.js'
import { managedPolicyProvider } from './cfn/managed-policy.js'
import { policyProvider } from './cfn/policy.js'
import { roleProvider } from './cfn/role.js'
import { userProvider } from './cfn/user.js'
import { entityArn, identityApi, userKeySource } from './identity.js'
import { isAttachable } from './managed-policies.js'
import type { IamState, IamStore } from './model.js'

const XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/'

/** Turn flat Query parameters (`Tags.member.1.Key`) into AWS's input shape (`Tags: [{Key}]`). */
export function decodeParams(params: Record<string, string>): Record<string, unknown> {
  const input: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(params)) {
    const list = /^([^.]+)\.member\./.exec(key)
    if (list) input[list[1]] ??= readList(params, list[1])
    else if (!key.includes('.')) input[key] = value
  }
  delete input.Action
  delete input.Version
  return input
}

/** IAM timestamps are ISO 8601 to the second (`2026-01-01T12:00:00Z`). */
function wireValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace(/\.\d{3}Z$/, 'Z')
  if (Array.isArray(value)) return value.map(wireValue)
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, wireValue(v)]))
  }
  return value
}

export function iamService(): ServiceDef {
  let store: IamStore | undefined
  let accountId = '000000000000'
  // Every save is a change someone's permissions may depend on: the gate's cache of parsed policies follows it.
  let generation = 0
  const running = () => {
    if (!store) throw new AwsError('ServiceUnavailable', 503, 'IAM is not running')
    return store
  }
  const account = () => accountId
  // AWS managed policies by name, customer managed ones of this account that exist.
  const attachable = (arn: string) => isAttachable(arn) || (arn.startsWith(`arn:aws:iam::${accountId}:policy/`) && Object.hasOwn(running().data.policies, arn))
  const api: Record<string, ApiOperation> = {
    ...iamApi(running, account, attachable),
    ...userApi({ store: running, accountId: account, attachable }),
    ...policyApi(running, account),
    ...identityApi(running, account, () => generation),
  }
  return {
    name: 'iam',
    signingNames: ['iam'],
    protocol: 'query',
    api,
    resourceProviders: {
      'AWS::IAM::Role': roleProvider,
      'AWS::IAM::Policy': policyProvider,
      'AWS::IAM::User': userProvider,
      'AWS::IAM::AccessKey': accessKeyProvider,
      'AWS::IAM::ManagedPolicy': managedPolicyProvider,
    },
    async start(ctx) {
      accountId = ctx.accountId
      store = ctx.store<IamState>('iam', 'roles', () => ({ roles: {}, users: {}, policies: {} }))
      // State saved before users and managed policies existed has no such maps.
      store.data.users ??= {}
      store.data.policies ??= {}
      const save = store.save.bind(store)
      store.save = () => {
        generation++
        save()
      }
      ctx.credentials.addKeySource(userKeySource(() => store, account))
    },
    async handle(req, ctx) {
      const params = parseQueryParams(req.body, req.query)
      const action = params.Action
      req.operation = action
      const op = ownOperation(api, action)
      if (!op) throw new AwsError('InvalidAction', 400, `Could not find operation ${action ?? '(none)'} for version 2010-05-08`)
      // The signed caller rides along for the operations that answer about it (GetUser without UserName).
      // Only the members the operation takes: what the gate judges is what the operation acts on.
      const input = operationMembers('iam', action, decodeParams(params))
      await authorizeApiCall(req, ctx, 'iam', () => ({ ...input, [IAM_ENTITY_ARN]: entityArn(running().data, accountId, action, input) }))
      const result = await (op as (input: unknown, c: typeof ctx, r: CloudRequest) => Promise<any>)(input, ctx, req)
      const empty = !result || Object.keys(result).length === 0
      return queryResponse(action, XMLNS, empty ? undefined : wireValue(result), req.requestId)
    },
  }
}
