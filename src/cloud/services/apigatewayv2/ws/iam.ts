/**
 * @module IAM on the WebSocket data plane: `execute-api:Invoke` on `…/{stage}/$connect` for `AWS_IAM` routes and
 * `execute-api:ManageConnections` on `…/{stage}/{METHOD}/@connections/{id}` for the management API, judged on the
 * signer's identity policies with the IAM evaluator (`src/cloud/authz/policy-eval.ts`). WebSocket APIs have no
 * resource policies, so the account's root user may do anything and users and roles what their policies allow.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-control-access-iam.html
 */
import { iamAccess, notAuthorizedMessage } from '../../../authz/api-access.js'
import { identityDecision } from '../../../authz/identity-decision.js'
import { AwsError } from '../../../core/aws-error.js'
import type { CloudContext } from '../../../core/types.js'
import type { CallerIdentity } from '../../../edge/sigv4.js'

export const INVOKE = 'execute-api:Invoke'
export const MANAGE_CONNECTIONS = 'execute-api:ManageConnections'

/** `undefined` when `caller` may do `action` on `resource`, else the 403 AWS answers (`ForbiddenException`). */
export async function iamRefusal(ctx: CloudContext, caller: CallerIdentity, action: string, resource: string, sourceIp: string): Promise<AwsError | undefined> {
  const facts = { action, resource, principalArn: caller.arn, principalAccount: caller.account, context: { 'aws:SourceIp': sourceIp } }
  const identity = await identityDecision(ctx, caller, facts)
  const outcome = iamAccess(identity, undefined, caller.account === ctx.accountId)
  return outcome === 'Allow' ? undefined : new AwsError('ForbiddenException', 403, notAuthorizedMessage(caller.arn, action, resource, outcome))
}
