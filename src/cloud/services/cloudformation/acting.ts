/**
 * @module Who a stack operation acts as, decided when it is asked for and kept with the stack (so it survives the
 * asynchronous engine and a restart): the stack's service role (`RoleARN`, given now or earlier) when it has one,
 * else a session from the caller's own credentials. The account's root user (the install's key, the labs) needs
 * nothing kept: its operations call `ctx.call` as before.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html
 */
import { authorizeChecks, isAccountRoot } from '../../authz/api-gate.js'
import { serviceRoleSession, viaService, type Delegate } from '../../authz/delegated-call.js'
import { conditionContext } from '../../authz/invoke-request.js'
import { validationError } from '../../core/aws-error.js'
import type { CloudContext, CloudRequest } from '../../core/types.js'
import type { StackState } from './model.js'

export const CLOUDFORMATION_PRINCIPAL = 'cloudformation.amazonaws.com'
/** The session name CloudFormation gives its service-role sessions (as CloudTrail shows them). */
const ROLE_SESSION = 'AWSCloudFormation'
const ROLE_ARN = /^arn:aws[\w-]*:iam::\d{12}:role\/[\u0021-\u007E]{1,512}$/

/**
 * Who asked: a signed request (the wire), the parent of a nested stack (whose role and session the child uses, as
 * on AWS), or nobody — an in-process call by the cloud itself, with the account's rights.
 */
export type Requester = { req: CloudRequest } | { parent: StackState } | undefined

export interface Acting {
  roleARN?: string
  actingAs?: Delegate
}

/**
 * What an operation on a stack (whose role so far is `stackRole`) acts as. A `RoleARN` given now must be one the
 * caller may pass (`iam:PassRole`, refused as IAM words it) and CloudFormation may assume (its trust policy names
 * `cloudformation.amazonaws.com`); a role kept from before is used even by callers who may not pass it, as AWS does.
 */
export async function actingFor(ctx: CloudContext, requester: Requester, roleArnInput: unknown, stackRole?: string): Promise<Acting> {
  if (requester && 'parent' in requester) return { roleARN: requester.parent.roleARN, actingAs: requester.parent.actingAs }
  const req = requester?.req
  const given = typeof roleArnInput === 'string' && roleArnInput !== '' ? roleArnInput : undefined
  if (given !== undefined) {
    if (!ROLE_ARN.test(given)) throw validationError(`${given} is not a valid RoleARN`)
    if (req?.identity && !isAccountRoot(req, ctx)) {
      const check = { action: 'iam:PassRole', resource: given }
      await authorizeChecks(ctx, req.identity, 'cloudformation', [check], conditionContext(req.sourceIp, req.headers, req.identity))
    }
  }
  // AWS quirk: a role kept from an earlier operation is used without `iam:PassRole` for this caller.
  const roleARN = given ?? stackRole
  if (roleARN !== undefined) {
    const session = await serviceRoleSession(ctx, roleARN, CLOUDFORMATION_PRINCIPAL, ROLE_SESSION)
    if (!session) throw validationError(`Role ${roleARN} is invalid or cannot be assumed`)
    return { roleARN, actingAs: session }
  }
  const caller = req?.identity
  return { actingAs: caller && !isAccountRoot(req, ctx) ? viaService(caller, CLOUDFORMATION_PRINCIPAL) : undefined }
}

/** Keep who the operation about to start acts as with its stack (saved with it). */
export function applyActing(stack: StackState, acting: Acting): void {
  stack.roleARN = acting.roleARN
  stack.actingAs = acting.actingAs
}
