/**
 * @module STS: GetCallerIdentity answers who signed the request (the install's key is the account's root
 * user, an IAM user's key that user, a temporary key its assumed role, the second account's key that account's
 * root); AssumeRole (assume-role.ts) issues temporary keys. The keys themselves live in sessions.ts. The API gate
 * (`authz/api-gate.ts`) is not called here: GetCallerIdentity needs no permission (AWS says so), and AssumeRole judges
 * `sts:AssumeRole` itself (trust policy and identity policies).
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 */
import { AwsError } from '../../core/aws-error.js'
import { ownOperation } from '../../core/safe-names.js'
import type { CloudRequest, ServiceDef } from '../../core/types.js'
import { parseQueryParams, queryResponse } from '../../protocols/query.js'
import { assumeRole } from './assume-role.js'

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/'

export function stsService(): ServiceDef {
  const api = {
    /** In-process callers (`ctx.call`) have no signature: they act as the account. */
    async GetCallerIdentity(_input: unknown, ctx: { accountId: string }, req?: CloudRequest) {
      const identity = req?.identity
      if (identity) return { UserId: identity.userId, Account: identity.account, Arn: identity.arn }
      return { UserId: ctx.accountId, Account: ctx.accountId, Arn: `arn:aws:iam::${ctx.accountId}:root` }
    },
    AssumeRole: assumeRole,
  }
  return {
    name: 'sts',
    signingNames: ['sts'],
    protocol: 'query',
    api,
    async handle(req, ctx) {
      const params = parseQueryParams(req.body, req.query)
      const action = params.Action
      req.operation = action
      const op = ownOperation(api as Record<string, (i: unknown, c: typeof ctx, r: CloudRequest) => Promise<unknown>>, action)
      if (!op) throw new AwsError('InvalidAction', 400, `Could not find operation ${action ?? '(none)'} for version 2011-06-15`)
      return queryResponse(action, XMLNS, await op(params, ctx, req), req.requestId)
    },
  }
}
