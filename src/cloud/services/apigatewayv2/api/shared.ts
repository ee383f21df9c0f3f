/** @module Helpers shared by the API Gateway v2 operations: paging, ids, saving a change (and auto-deploying it). */
import { randomString } from '../../../core/ids.js'
import type { CloudContext } from '../../../core/types.js'
import { badRequest, type ApiRecord, type ApigwV2Model } from '../model.js'
import { autoDeploy } from './snapshot.js'

export type Op = (input: any, ctx: CloudContext) => Promise<any>
export type GetModel = () => ApigwV2Model

export const date = (epochSeconds: number): Date => new Date(epochSeconds * 1000)

/** Route, integration, authorizer and deployment ids look like AWS's: seven lowercase alphanumerics. */
export const childId = (): string => randomString(7)

/**
 * `maxResults`/`nextToken` paging (both strings on the wire); the token is the index of the next item.
 * @see https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis.html#apisget
 */
export function page<T>(items: T[], input: { maxResults?: unknown; nextToken?: unknown }): { items: T[]; nextToken?: string } {
  const start = input.nextToken === undefined ? 0 : Number(input.nextToken)
  if (!Number.isInteger(start) || start < 0) throw badRequest('Invalid nextToken')
  const limit = input.maxResults === undefined ? 100 : Number(input.maxResults)
  if (!Number.isInteger(limit) || limit < 1) throw badRequest('Invalid maxResults: it must be a positive integer')
  const slice = items.slice(start, start + limit)
  return start + limit < items.length ? { items: slice, nextToken: String(start + limit) } : { items: slice }
}

/** After any change to an API's routes, integrations or authorizers: stages with autoDeploy get a new deployment. */
export function saveChange(m: ApigwV2Model, api: ApiRecord): void {
  autoDeploy(api)
  m.save()
}

/** The model and the API an operation's `apiId` names (NotFoundException when there is none). */
export function apiOf(model: GetModel, input: { apiId?: unknown }): { m: ApigwV2Model; api: ApiRecord } {
  const m = model()
  return { m, api: m.api(input.apiId) }
}
