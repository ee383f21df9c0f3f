/**
 * @module STS: GetCallerIdentity for the fixed local account (any credentials are accepted for now).
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 */
import { AwsError } from '../../core/aws-error.js'
import { ownOperation } from '../../core/safe-names.js'
import type { ServiceDef } from '../../core/types.js'
import { parseQueryParams, queryResponse } from '../../protocols/query.js'

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/'

export function stsService(): ServiceDef {
  const api = {
    async GetCallerIdentity(_input: unknown, ctx: { accountId: string }) {
      return { UserId: 'AKIAIOSFODNN7EXAMPLE', Account: ctx.accountId, Arn: `arn:aws:iam::${ctx.accountId}:root` }
    },
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
      const op = ownOperation(api as Record<string, (i: unknown, c: typeof ctx) => Promise<unknown>>, action)
      if (!op) throw new AwsError('InvalidAction', 400, `Could not find operation ${action ?? '(none)'} for version 2011-06-15`)
      return queryResponse(action, XMLNS, await op(params, ctx), req.requestId)
    },
  }
}
