/**
 * @module Calls the cloud makes in-process *on someone's behalf*, judged as that someone by the same checks the wire's
 * gate makes (`authorizeChecks`), as on AWS: CloudFormation creates, updates and deletes a stack's resources with the
 * caller's permissions (a session made from the caller's credentials) or as the stack's service role; API Gateway's
 * AWS-service integrations call the service as the integration's credentials role. The account's root user, and
 * the cloud's own plumbing, keep calling `ctx.call` directly: `delegatedCall` hands it back unchanged for them.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/access_forward_access_sessions.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/permissions.html
 */
import type { CloudContext } from '../core/types.js'
import { controlPlaneAddress as restAddress } from '../services/apigateway/wire.js'
import { controlPlaneAddress as v2Address } from '../services/apigatewayv2/wire.js'
import { authorizeChecks } from './api-gate.js'
import { checksOf } from './api-resources.js'
import { conditionContext } from './invoke-request.js'
import { serviceMayAssumeRole } from './service-trust.js'

/** Who a call is made as: an IAM user, a role session (kept with a stack, so plain data). */
export interface Delegate {
  arn: string
  account: string
  userId: string
  /** The service acting with the principal's own credentials (`aws:CalledVia`); absent for a role it assumed. */
  via?: string
}

/** `ctx.call`, but judged as `delegate` first; `ctx.call` itself for no delegate or the account's root user. */
export function delegatedCall(ctx: CloudContext, delegate: Delegate | undefined, region: string): CloudContext['call'] {
  if (delegate === undefined || delegate.arn === `arn:aws:iam::${ctx.accountId}:root`) return ctx.call
  return async (service, operation, input) => {
    await authorizeDelegatedCall(ctx, delegate, service, operation, input, region)
    return ctx.call(service, operation, input)
  }
}

/** Throws the service's AccessDenied, in its own words, unless `delegate` may make this call. */
export async function authorizeDelegatedCall(ctx: CloudContext, delegate: Delegate, service: string, operation: string, input: unknown, region: string): Promise<void> {
  // The services' own plumbing (`_…`: deployed stages, tag listings) is the cloud's, no API AWS exposes or judges.
  if (operation.startsWith('_')) return
  const address = service === 'apigateway' ? restAddress(operation, input) : service === 'apigatewayv2' ? v2Address(operation, input) : { method: 'POST', path: '/' }
  // A programming error, never an open door: API Gateway's permissions are on the path, which must be known.
  if (!address) throw new Error(`no wire address for ${service}:${operation}`)
  const caller = { ...delegate, accessKeyId: '' }
  const target = { region, account: ctx.accountId, caller, method: address.method, path: address.path }
  // DeleteObjects' keys are judged one by one (`s3Checks`); one the delegate may not delete refuses the whole call.
  const checks = checksOf(service, operation, isMembers(input) ? input : undefined, target)
  await authorizeChecks(ctx, delegate, service, checks, delegatedContext(delegate))
}

const isMembers = (input: unknown): input is Record<string, unknown> => !!input && typeof input === 'object' && !Array.isArray(input)

/**
 * The condition keys of a call a service makes: no `aws:SourceIp` (AWS leaves it out when a service calls on a
 * principal's behalf), TLS, and `aws:ViaAWSService`/`aws:CalledVia` when the service uses the principal's own session.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-calledvia
 */
function delegatedContext(delegate: Delegate): Record<string, string | undefined> {
  const context = conditionContext('', {}, { ...delegate, accessKeyId: '' })
  delete context['aws:SourceIp']
  context['aws:SecureTransport'] = 'true'
  context['aws:ViaAWSService'] = delegate.via ? 'true' : 'false'
  if (delegate.via) context['aws:CalledVia'] = context['aws:CalledViaFirst'] = context['aws:CalledViaLast'] = delegate.via
  return context
}

/** The caller itself, acting through `service` (CloudFormation's session from the caller's credentials). */
export function viaService(caller: { arn: string; account: string; userId: string }, service: string): Delegate {
  return { arn: caller.arn, account: caller.account, userId: caller.userId, via: service }
}

/**
 * A session of `roleArn` for `servicePrincipal` (`cloudformation.amazonaws.com`), named `sessionName` as AWS names
 * it, when the role exists and its trust policy lets that service assume it; `undefined` otherwise.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-service.html
 */
export async function serviceRoleSession(ctx: CloudContext, roleArn: string, servicePrincipal: string, sessionName: string): Promise<Delegate | undefined> {
  if (!(await serviceMayAssumeRole(ctx, roleArn, servicePrincipal))) return undefined
  const role = await ctx.call('iam', '_roleTrust', { RoleArn: roleArn })
  const account = /^arn:aws:iam::(\d{12}):/.exec(roleArn)![1]
  return { arn: `arn:aws:sts::${account}:assumed-role/${role.RoleName}/${sessionName}`, account, userId: `${role.RoleId}:${sessionName}` }
}
