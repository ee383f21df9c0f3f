/**
 * @module May an AWS service assume a role of the account? Lambda takes a function's execution role, CloudFormation a
 * stack's service role, API Gateway an integration's or authorizer's credentials: each only when the role exists in
 * the account and its trust policy lets that service principal perform `sts:AssumeRole`. Shared by every service
 * that acts with a role it was handed.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-services
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
 */
import type { CloudContext } from '../core/types.js'
import { evaluateResourcePolicy, parsePolicy, PolicyParseError } from './policy-eval.js'

/**
 * True when `roleArn` names a role of this account whose trust policy allows `service` (e.g. `lambda.amazonaws.com`)
 * to assume it. `context`: condition keys AWS sets for the service's request (`aws:SourceAccount`, `aws:SourceArn`).
 */
export async function serviceMayAssumeRole(ctx: CloudContext, roleArn: string, service: string, context: Record<string, string | undefined> = {}): Promise<boolean> {
  const role = await ctx.call('iam', '_roleTrust', { RoleArn: roleArn })
  if (!role?.found || typeof role.AssumeRolePolicyDocument !== 'string') return false
  let trust
  try {
    trust = parsePolicy(role.AssumeRolePolicyDocument)
  } catch (err) {
    // IAM validated the document when it was stored; one it cannot read grants nothing.
    if (err instanceof PolicyParseError) return false
    throw err
  }
  const facts = { action: 'sts:AssumeRole', resource: roleArn, principalService: service, context: { 'aws:PrincipalServiceName': service, ...context } }
  return evaluateResourcePolicy(trust, facts) === 'Allow'
}
