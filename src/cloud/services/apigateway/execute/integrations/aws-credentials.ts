/**
 * @module Who an AWS-service integration calls the service as, from its `credentials`: a role API Gateway assumes
 * (its trust policy must name `apigateway.amazonaws.com`; API Gateway names the session `BackplaneAssumeRoleSession`),
 * the method's own caller (`arn:aws:iam::*:user/*`, on `AWS_IAM` methods), or nobody (no credentials: resource-based
 * permissions only, which the local services reached this way — DynamoDB — do not have).
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_PutIntegration.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/permissions.html
 */
import { serviceRoleSession, type Delegate } from '../../../../authz/delegated-call.js'
import { logError } from '../logging.js'
import { internalError, type Invocation } from '../context.js'

export const APIGATEWAY_PRINCIPAL = 'apigateway.amazonaws.com'
const ROLE_SESSION = 'BackplaneAssumeRoleSession'
/** `credentials` that passes the method's caller through. */
const CALLER_PASSTHROUGH = 'arn:aws:iam::*:user/*'

/**
 * The identity to call as; `undefined` when the call carries no credentials. A role API Gateway cannot assume (no
 * such role, or its trust policy leaves API Gateway out) fails the method with a 500 and AWS's execution-log line.
 */
export async function integrationPrincipal(inv: Invocation, credentials: string | undefined): Promise<Delegate | undefined> {
  if (!credentials) return undefined
  if (credentials === CALLER_PASSTHROUGH) {
    const caller = inv.caller
    return caller && { arn: caller.arn, account: caller.account, userId: caller.userId }
  }
  const session = /^arn:aws[\w-]*:iam::\d{12}:role\/.+$/.test(credentials)
    ? await serviceRoleSession(inv.ctx, credentials, APIGATEWAY_PRINCIPAL, ROLE_SESSION)
    : undefined
  if (!session) {
    logError(inv, `Execution failed due to configuration error: API Gateway does not have permission to assume the provided role ${credentials}`)
    throw internalError()
  }
  return session
}
