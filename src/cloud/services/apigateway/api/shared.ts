/** @module Helpers shared by the API Gateway operations: paging, patch operations, output shapes. */
import type { CloudContext } from '../../../core/types.js'
import { isPrototypeName } from '../../../core/safe-names.js'
import { badRequest, type ApigwModel, type RestApiRecord } from '../model.js'

export type Op = (input: any, ctx: CloudContext) => Promise<any>
export type GetModel = () => ApigwModel

export const date = (epochSeconds: number): Date => new Date(epochSeconds * 1000)

/**
 * `position`/`limit` paging: position is the index of the next item, as an opaque string.
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_GetRestApis.html
 */
export function page<T>(items: T[], input: { position?: string; limit?: number }): { items: T[]; position?: string } {
  const start = input.position ? Number(input.position) || 0 : 0
  const limit = input.limit ? Math.min(Math.max(Number(input.limit), 1), 500) : 25
  const slice = items.slice(start, start + limit)
  const next = start + limit < items.length ? String(start + limit) : undefined
  return next ? { items: slice, position: next } : { items: slice }
}

export interface PatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test'
  path: string
  value?: string
  from?: string
}

const PATCH_OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test'])

/**
 * The request's `patchOperations`, checked before any operation reads them: a list of objects with a known
 * `op` and a string `path` (whose segments never name `__proto__`, `constructor` or `prototype`).
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_PatchOperation.html
 */
export function patchOperations(input: { patchOperations?: unknown }): PatchOperation[] {
  const list = input.patchOperations ?? []
  if (!Array.isArray(list)) throw badRequest('Invalid patch operations: patchOperations must be a list')
  for (const op of list) {
    if (op === null || typeof op !== 'object' || Array.isArray(op)) throw badRequest('Invalid patch operation: each patch operation must be an object')
    if (typeof op.op !== 'string' || !PATCH_OPS.has(op.op)) throw badRequest("Invalid patch operation specified. Must be 'add'|'remove'|'replace'|'move'|'copy'|'test'")
    if (typeof op.path !== 'string' || op.path === '') throw badRequest(`Invalid null or empty value in path for op '${op.op}'`)
    if (op.value !== null && typeof op.value === 'object') throw badRequest(`Invalid patch value for path '${op.path}': it must be a string`)
    if (patchPath(op.path).some(isPrototypeName) || (typeof op.from === 'string' && patchPath(op.from).some(isPrototypeName))) {
      throw badRequest(`Invalid patch path '${op.path}' specified for op '${op.op}'`)
    }
  }
  return list as PatchOperation[]
}

/** JSON-pointer segments of a patch path, `~1` → `/` and `~0` → `~`. */
export function patchPath(path: string): string[] {
  return path
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
}

/** @param allowed the paths this operation supports, listed in the message as AWS does. */
export function invalidPatch(op: PatchOperation, allowed: string[] = []): never {
  throw badRequest(`Invalid patch path '${op.path}' specified for op '${op.op}'. Must be one of: [${allowed.join(', ')}]`)
}

export function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw badRequest(`${name} must not be empty`)
  return value
}

export function tagsOf(api: RestApiRecord): Record<string, string> | undefined {
  return Object.keys(api.tags).length ? { ...api.tags } : undefined
}
