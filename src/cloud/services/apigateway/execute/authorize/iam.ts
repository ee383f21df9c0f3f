/**
 * @module REST glue for `AWS_IAM` methods: the signature over the request as API Gateway received it, then the
 * caller's policies and the deployed resource policy (src/cloud/authz/iam-invoke.ts).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/permissions.html
 */
import { authenticateInvoke, authorizeIamInvoke } from '../../../../authz/iam-invoke.js'
import type { PolicyDocument } from '../../../../authz/policy-eval.js'
import { conditionContext } from '../../../../authz/invoke-request.js'
import type { Invocation } from '../context.js'

export async function authorizeIam(inv: Invocation, methodArn: string, policy: PolicyDocument | undefined): Promise<void> {
  const caller = authenticateInvoke(inv.req, inv.ctx, inv.api!.region)
  inv.caller = caller
  const context = conditionContext(inv.req.sourceIp, inv.req.headers, caller)
  await authorizeIamInvoke(inv.ctx, { caller, apiAccount: inv.ctx.accountId, methodArn, resourcePolicy: policy, context })
}
