/**
 * @module Step 2 — route: the stage, then the most specific resource of the stage's deployment that has
 * the method (or ANY). Literal path parts beat `{param}`, which beats greedy `{proxy+}`.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-settings-method-request.html#api-gateway-proxy-resource
 */
import type { ResourceRecord, Snapshot } from '../model.js'
import { missingToken, type Invocation } from './context.js'

interface Match {
  resource: ResourceRecord
  params: Record<string, string>
  /** Per-segment rank, compared lexicographically: 0 literal, 1 variable, 2 greedy. */
  rank: number[]
}

export function routeRequest(inv: Invocation): void {
  const api = inv.api!
  // AWS quirk: an unknown stage, path or method is a 403 "Missing Authentication Token", not a 404.
  // @see https://repost.aws/knowledge-center/api-gateway-troubleshoot-403-forbidden
  const stage = inv.stageName ? api.stages[inv.stageName] : undefined
  const deployment = stage ? api.deployments[stage.deploymentId] : undefined
  if (!stage || !deployment) throw missingToken()
  inv.stage = stage
  inv.snapshot = deployment.snapshot
  const method = inv.req.method.toUpperCase()
  const matches = matchResources(deployment.snapshot, inv.path)
  for (const match of matches) {
    const found = match.resource.resourceMethods[method] ?? match.resource.resourceMethods.ANY
    if (!found) continue
    inv.resource = match.resource
    inv.method = found
    inv.pathParameters = match.params
    return
  }
  throw missingToken()
}

/** Every resource matching the path, most specific first. */
export function matchResources(snapshot: Snapshot, path: string): Match[] {
  const segments = path.split('/').filter(Boolean)
  const children = new Map<string, ResourceRecord[]>()
  let root: ResourceRecord | undefined
  for (const r of Object.values(snapshot.resources)) {
    if (!r.parentId) root = r
    else children.set(r.parentId, [...(children.get(r.parentId) ?? []), r])
  }
  if (!root) return []
  const out: Match[] = []
  const walk = (node: ResourceRecord, index: number, params: Record<string, string>, rank: number[]) => {
    if (index === segments.length) {
      out.push({ resource: node, params, rank })
      return
    }
    for (const child of children.get(node.id) ?? []) {
      const part = child.pathPart ?? ''
      const variable = /^\{(.+?)(\+?)\}$/.exec(part)
      if (!variable) {
        if (part === segments[index]) walk(child, index + 1, params, [...rank, 0])
      } else if (variable[2]) {
        out.push({ resource: child, params: { ...params, [variable[1]]: segments.slice(index).join('/') }, rank: [...rank, 2] })
      } else {
        walk(child, index + 1, { ...params, [variable[1]]: segments[index] }, [...rank, 1])
      }
    }
  }
  walk(root, 0, {}, [])
  return out.sort((a, b) => compareRank(a.rank, b.rank))
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i]
  return b.length - a.length
}
