/**
 * @module STS AssumeRole: temporary credentials for a role whose trust policy lets the caller in. Same account: the
 * trust policy must allow the caller, and when it names the caller only through its account (`:root` or the id),
 * the caller's identity policies must allow `sts:AssumeRole` on the role too. Another account: both must allow.
 * The root user cannot assume roles, as on AWS.
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage-assume.html
 */
import { iamAccess } from '../../authz/api-access.js'
import { identityDecision } from '../../authz/identity-decision.js'
import { principalArnOf } from '../../authz/invoke-request.js'
import { evaluateResourcePolicy, parsePolicy } from '../../authz/policy-eval.js'
import { AwsError } from '../../core/aws-error.js'
import type { CloudContext, CloudRequest } from '../../core/types.js'

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/
const ROLE_ARN = /^arn:aws:iam::\d{12}:role\/[\u0021-\u007E]+$/

const validation = (value: unknown, member: string, rule: string) =>
  new AwsError('ValidationError', 400, `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${rule}`)

export async function assumeRole(params: Record<string, string>, ctx: CloudContext, req?: CloudRequest) {
  const roleArn = params.RoleArn
  const sessionName = params.RoleSessionName
  if (!roleArn) throw validation('null', 'roleArn', 'Member must not be null')
  if (!sessionName) throw validation('null', 'roleSessionName', 'Member must not be null')
  if (!SESSION_NAME.test(sessionName)) throw validation(sessionName, 'roleSessionName', 'Member must satisfy regular expression pattern: [\\w+=,.@-]*')
  if (roleArn.length < 20) throw validation(roleArn, 'roleArn', 'Member must have length greater than or equal to 20')
  // Not implemented: session policies, tags, MFA, source identity, external id conditions beyond the trust policy.
  for (const unsupported of ['Policy', 'PolicyArns.member.1.arn', 'Tags.member.1.Key', 'SerialNumber', 'SourceIdentity']) {
    if (params[unsupported] !== undefined) throw new AwsError('ValidationError', 400, `${unsupported.split('.')[0]} is not supported by the local cloud's AssumeRole`)
  }

  const caller = req?.identity ?? { arn: `arn:aws:iam::${ctx.accountId}:root`, account: ctx.accountId, userId: ctx.accountId, accessKeyId: '' }
  if (/:root$/.test(caller.arn)) throw new AwsError('AccessDenied', 403, 'Roles may not be assumed by root accounts.')
  const denied = () => new AwsError('AccessDenied', 403, `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`)

  // An ARN that names no role of this account (or no role at all) is, as on AWS, one the caller may not assume.
  const role = ROLE_ARN.test(roleArn) ? await ctx.call('iam', '_roleTrust', { RoleArn: roleArn }) : { found: false }
  if (!role.found) throw denied()
  const duration = params.DurationSeconds === undefined ? 3600 : Number(params.DurationSeconds)
  if (!Number.isInteger(duration) || duration < 900) throw validation(params.DurationSeconds, 'durationSeconds', 'Member must have value greater than or equal to 900')
  if (duration > role.MaxSessionDuration) {
    throw new AwsError('ValidationError', 400, `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`)
  }

  const facts = {
    action: 'sts:AssumeRole',
    resource: roleArn,
    principalArn: caller.arn,
    principalAccount: caller.account,
    context: { 'aws:PrincipalAccount': caller.account, 'aws:PrincipalArn': principalArnOf(caller), 'aws:SourceIp': req?.sourceIp, 'aws:userid': caller.userId },
  }
  const trust = evaluateResourcePolicy(parsePolicy(role.AssumeRolePolicyDocument), facts)
  // A trust policy naming the caller itself (or everyone) grants on its own; one naming only the account delegates to IAM.
  const direct = trust === 'Allow' && evaluateResourcePolicy(parsePolicy(role.AssumeRolePolicyDocument), { ...facts, principalAccount: undefined }) === 'Allow'
  const identity = await identityDecision(ctx, caller, facts)
  const sameAccount = caller.account === ctx.accountId
  const outcome = sameAccount && direct ? (identity === 'Deny' ? 'ExplicitDeny' : 'Allow') : iamAccess(identity, trust, false)
  if (outcome !== 'Allow') throw denied()

  const credentials = ctx.credentials.issueRoleCredentials(roleArn, sessionName, duration, Date.now(), role.RoleId)
  const identityOfSession = ctx.credentials.lookup(credentials.AccessKeyId)!.identity
  return {
    Credentials: {
      AccessKeyId: credentials.AccessKeyId,
      SecretAccessKey: credentials.SecretAccessKey,
      SessionToken: credentials.SessionToken,
      Expiration: new Date(credentials.Expiration).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    },
    AssumedRoleUser: { AssumedRoleId: identityOfSession.userId, Arn: identityOfSession.arn },
  }
}
