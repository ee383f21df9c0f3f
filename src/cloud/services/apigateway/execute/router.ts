/**
 * @module Step 2 — route: the stage, then the most specific resource of the stage's deployment that has
 * the method (or ANY). Literal path parts beat `{param}`, which beats greedy `{proxy+}`.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-settings-method-request.html#api-gateway-proxy-resource
 */
import { ownValue } from '../../../core/safe-names.js'
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
  const stage = ownValue(api.stages, inv.stageName)
  const deployment = stage ? ownValue(api.deployments, stage.deploymentId) : undefined
  if (!stage || !deployment) throw missingToken()
  inv.stage = stage
  inv.snapshot = deployment.snapshot
  const method = inv.req.method.toUpperCase()
  const matches = matchResources(deployment.snapshot, inv.path)
  for (const match of matches) {
    const found = ownValue(match.resource.resourceMethods, method) ?? ownValue(match.resource.resourceMethods, 'ANY')
    if (!found) continue
    inv.resource = match.resource
    inv.method = found
    inv.pathParameters = match.params
    return
  }
  throw missingToken()
}

interface Node {
  resource: ResourceRecord
  /** `{name}` or `{name+}` path part: the parameter's name. */
  variable?: string
  greedy: boolean
  children: Node[]
}

/** A deployment's snapshot never changes: its resource tree is built once, on its first request. */
const trees = new WeakMap<Snapshot, Node | null>()

function treeOf(snapshot: Snapshot): Node | undefined {
  let root = trees.get(snapshot)
  if (root === undefined) {
    const nodes = new Map<string, Node>()
    for (const r of Object.values(snapshot.resources)) {
      const variable = /^\{(.+?)(\+?)\}$/.exec(r.pathPart ?? '')
      nodes.set(r.id, { resource: r, variable: variable?.[1], greedy: !!variable?.[2], children: [] })
    }
    root = null
    for (const node of nodes.values()) {
      const parentId = node.resource.parentId
      if (!parentId) root = node
      else nodes.get(parentId)?.children.push(node)
    }
    trees.set(snapshot, root)
  }
  return root ?? undefined
}

/** Every resource matching the path, most specific first. */
export function matchResources(snapshot: Snapshot, path: string): Match[] {
  const segments = path.split('/').filter(Boolean)
  const root = treeOf(snapshot)
  if (!root) return []
  const out: Match[] = []
  const walk = (node: Node, index: number, params: Record<string, string>, rank: number[]) => {
    if (index === segments.length) {
      out.push({ resource: node.resource, params, rank })
      return
    }
    for (const child of node.children) {
      if (child.variable === undefined) {
        if (child.resource.pathPart === segments[index]) walk(child, index + 1, params, [...rank, 0])
      } else if (child.greedy) {
        out.push({ resource: child.resource, params: { ...params, [child.variable]: segments.slice(index).join('/') }, rank: [...rank, 2] })
      } else {
        walk(child, index + 1, { ...params, [child.variable]: segments[index] }, [...rank, 1])
      }
    }
  }
  walk(root, 0, {}, [])
  return out.length > 1 ? out.sort((a, b) => compareRank(a.rank, b.rank)) : out
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i]
  return b.length - a.length
}
