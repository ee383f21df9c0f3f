/**
 * @module The gate every local AWS API passes once its wire knows the operation (`req.operation`) and the input:
 * the caller's identity policies (and, where AWS consults one for same-account callers, the resource's policy)
 * must allow the operation's IAM action on the resource it acts on, as on AWS. The account's root key (the
 * install's, the CLI's and the labs') passes on one comparison; IAM users and role sessions (functions' execution
 * roles, AssumeRole) are judged by the evaluator. In-process calls (`ctx.call`) never come here; calls the cloud makes
 * on someone's behalf (CloudFormation, API Gateway's AWS integrations) are judged through `delegated-call.ts`.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
 */
import { AwsError } from '../core/aws-error.js'
import type { CloudContext, CloudRequest } from '../core/types.js'
import type { CallerIdentity } from '../edge/sigv4.js'
import { apiDenied, type DenialSource } from './api-denial.js'
import { checksOf, type ApiCheck, type GateInput } from './api-resources.js'
import { conditionContext } from './invoke-request.js'
import { evaluateIdentityPolicies, evaluateResourcePolicy, parsePolicy, PolicyParseError, type Decision, type PolicyDocument, type RequestFacts } from './policy-eval.js'
import { principalPolicies } from './principal-policies.js'

/**
 * Throws the service's AccessDenied unless the signer of `req` may perform `req.operation` with `input` (an object,
 * or a function that reads it: only a non-root caller pays for that). Unsigned requests pass: the edge let them in
 * only where AWS takes them (S3 judges them by the bucket policy, Cognito's public operations need no permission).
 */
export async function authorizeApiCall(req: CloudRequest, ctx: CloudContext, service: string, input: GateInput | (() => GateInput)): Promise<void> {
  const caller = req.identity
  // The hot path: the install's key is the account's root user, which may do anything in its account.
  if (caller === undefined || isAccountRoot(req, ctx)) return
  const operation = req.operation ?? ''
  const checks = checksOf(service, operation, typeof input === 'function' ? input() : input, {
    region: req.region,
    account: ctx.accountId,
    caller,
    method: req.method,
    path: req.path,
  })
  await authorizeChecks(ctx, caller, service, checks, conditionContext(req.sourceIp, req.headers, caller))
}

/**
 * Throws `service`'s AccessDenied unless `caller` (never the root user: callers skip it) may do each of `checks`.
 * Shared by the wire (above) and by calls the cloud makes on someone's behalf (`delegated-call.ts`).
 */
export async function authorizeChecks(
  ctx: CloudContext,
  caller: Pick<CallerIdentity, 'arn' | 'account'>,
  service: string,
  checks: readonly ApiCheck[],
  context: Record<string, string | undefined>,
): Promise<void> {
  if (checks.length === 0) return
  const judge = await judgeOf(ctx, caller, context)
  for (const check of checks) {
    const denial = await judge(check)
    if (denial) throw apiDenied(service, caller.arn, check, denial)
  }
}

/**
 * For operations AWS judges item by item (S3 DeleteObjects' keys, the Tagging API's resources): why the signer of
 * `req` may not perform each check (`undefined`: it may), without refusing the call. Root and unsigned callers may.
 */
export async function itemDenials(req: CloudRequest, ctx: CloudContext, checks: ApiCheck[]): Promise<(DenialSource | undefined)[]> {
  const caller = req.identity
  if (caller === undefined || isAccountRoot(req, ctx) || checks.length === 0) return checks.map(() => undefined)
  const judge = await judgeOf(ctx, caller, conditionContext(req.sourceIp, req.headers, caller))
  const denials: (DenialSource | undefined)[] = []
  for (const check of checks) denials.push(await judge(check))
  return denials
}

/** The judgement of one check for `caller`: its identity policies, then the resource's policy where AWS reads one. */
async function judgeOf(ctx: CloudContext, caller: Pick<CallerIdentity, 'arn' | 'account'>, context: Record<string, string | undefined>) {
  const principal = await principalPolicies(ctx, caller.arn)
  return async (check: ApiCheck): Promise<DenialSource | undefined> => {
    const facts: RequestFacts = { action: check.action, resource: check.resource, principalArn: caller.arn, principalAccount: caller.account, context }
    const identity: Decision = principal.found ? evaluateIdentityPolicies(principal.policies, facts) : 'implicit'
    return identity === 'Deny' ? 'identity' : await resourceSide(ctx, check, facts, identity === 'Allow')
  }
}

/** Whether the account's root user (the install's key, and the URLs the cloud presigns with it) signed `req`. */
export function isAccountRoot(req: Pick<CloudRequest, 'identity'>, ctx: Pick<CloudContext, 'accountId'>): boolean {
  const caller = req.identity
  return caller !== undefined && caller.account === ctx.accountId && caller.arn === `arn:aws:iam::${ctx.accountId}:root`
}

/**
 * The resource policy's part, for the same account (the only one that reaches these APIs): an explicit Deny in it
 * denies; without an identity Allow, its own Allow grants when it names the caller, its role or everyone — one that
 * names only the account delegates to the account's IAM policies.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts
 */
async function resourceSide(ctx: CloudContext, check: ApiCheck, facts: RequestFacts, identityAllows: boolean): Promise<DenialSource | undefined> {
  const doc = check.resourcePolicy ? await resourcePolicyOf(ctx, check.resourcePolicy) : undefined
  if (!doc) return identityAllows ? undefined : 'implicit'
  if (evaluateResourcePolicy(doc, facts) === 'Deny') return 'resource'
  if (identityAllows) return undefined
  return evaluateResourcePolicy(doc, { ...facts, principalAccount: undefined }) === 'Allow' ? undefined : 'implicit'
}

/** Parsed resource policies by their text, per cloud: a bucket's policy is parsed once, not per request. */
const parsedPolicies = new WeakMap<object, Map<string, PolicyDocument>>()
const MAX_PARSED = 500

async function resourcePolicyOf(ctx: CloudContext, from: NonNullable<ApiCheck['resourcePolicy']>): Promise<PolicyDocument | undefined> {
  let text: unknown
  try {
    text = (await ctx.call(from.service, from.operation, from.input))?.Policy
  } catch (err) {
    // No policy, or no such resource (the operation itself says so next).
    if (err instanceof AwsError && err.status < 500) return undefined
    throw err
  }
  if (typeof text !== 'string') return undefined
  let cache = parsedPolicies.get(ctx)
  if (!cache || cache.size >= MAX_PARSED) parsedPolicies.set(ctx, (cache = new Map()))
  let doc = cache.get(text)
  if (!doc) {
    try {
      doc = parsePolicy(text)
    } catch (err) {
      // A policy the evaluator cannot read is never skipped (a skipped Deny would allow): the call is refused.
      if (err instanceof PolicyParseError) throw new AwsError('NotImplemented', 501, `The local cloud cannot evaluate this resource's policy: ${err.message}`)
      throw err
    }
    cache.set(text, doc)
  }
  return doc
}
