/**
 * @module The resource dependency graph: edges from `Ref`, `Fn::GetAtt`, `Fn::Sub` and `DependsOn`.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html
 */
import { intrinsicName } from './intrinsics.js'
import { splitGetAtt, type ResourceDef } from './template.js'

/** Names a value refers to: `refs` from Ref/Sub (may be parameters), `resources` from GetAtt/Sub dotted names. */
export interface References {
  refs: Set<string>
  getAtts: Set<string>
}

/**
 * With `condition`, `Fn::If` contributes only the branch its condition picks (what a deployment really
 * references); without it, both branches count (the static graph).
 */
export function collectReferences(
  value: unknown,
  into: References = { refs: new Set(), getAtts: new Set() },
  condition?: (name: string) => boolean,
): References {
  if (Array.isArray(value)) {
    for (const v of value) collectReferences(v, into, condition)
    return into
  }
  if (value === null || typeof value !== 'object') return into
  const fn = intrinsicName(value)
  const arg = fn ? (value as any)[fn] : undefined
  if (fn === 'Ref') {
    if (typeof arg === 'string') into.refs.add(arg)
    return into
  }
  if (fn === 'Fn::GetAtt') {
    const parts = typeof arg === 'string' ? splitGetAtt(arg) : Array.isArray(arg) ? arg : []
    if (typeof parts[0] === 'string') into.getAtts.add(parts[0])
    if (parts[1] !== undefined) collectReferences(parts[1], into, condition)
    return into
  }
  if (fn === 'Fn::If' && condition && Array.isArray(arg) && arg.length === 3) {
    return collectReferences(condition(String(arg[0])) ? arg[1] : arg[2], into, condition)
  }
  if (fn === 'Fn::Sub') {
    const [template, vars] = Array.isArray(arg) ? arg : [arg, {}]
    const local = vars && typeof vars === 'object' ? vars : {}
    if (typeof template === 'string') {
      for (const m of template.matchAll(/\$\{([^}]*)\}/g)) {
        const name = m[1].trim()
        if (m[1].startsWith('!') || Object.hasOwn(local, name)) continue
        if (name.includes('.')) into.getAtts.add(splitGetAtt(name)[0])
        else into.refs.add(name)
      }
    }
    collectReferences(local, into, condition)
    return into
  }
  for (const v of Object.values(value)) collectReferences(v, into, condition)
  return into
}

export function dependsOnList(def: ResourceDef): string[] {
  const d = def.DependsOn
  if (d === undefined) return []
  return (Array.isArray(d) ? d : [d]).map(String)
}

/** Logical ids each resource depends on (only ids in `resources`). */
export function dependencyMap(resources: Record<string, ResourceDef>): Map<string, Set<string>> {
  const deps = new Map<string, Set<string>>()
  for (const [id, def] of Object.entries(resources)) {
    const refs = collectReferences({ p: def.Properties ?? {}, m: def.Metadata ?? {} })
    const set = new Set<string>()
    for (const name of [...refs.refs, ...refs.getAtts, ...dependsOnList(def)]) if (Object.hasOwn(resources, name) && name !== id) set.add(name)
    if (refs.refs.has(id) || refs.getAtts.has(id)) set.add(id)
    deps.set(id, set)
  }
  return deps
}

/** Resources that sit on a dependency cycle (empty when the graph is acyclic), in template order (Tarjan's SCCs). */
export function findCycle(deps: Map<string, Set<string>>): string[] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const cyclic = new Set<string>()
  let next = 0
  const visit = (id: string) => {
    index.set(id, next)
    low.set(id, next++)
    stack.push(id)
    onStack.add(id)
    for (const d of deps.get(id) ?? []) {
      if (!deps.has(d)) continue
      if (!index.has(d)) {
        visit(d)
        low.set(id, Math.min(low.get(id)!, low.get(d)!))
      } else if (onStack.has(d)) low.set(id, Math.min(low.get(id)!, index.get(d)!))
    }
    if (low.get(id) === index.get(id)) {
      const component: string[] = []
      let top: string
      do {
        top = stack.pop()!
        onStack.delete(top)
        component.push(top)
      } while (top !== id)
      if (component.length > 1 || deps.get(id)?.has(id)) for (const c of component) cyclic.add(c)
    }
  }
  for (const id of deps.keys()) if (!index.has(id)) visit(id)
  return [...deps.keys()].filter((id) => cyclic.has(id))
}

/** A creation order that respects dependencies (template order among independent resources). */
export function topologicalOrder(deps: Map<string, Set<string>>): string[] {
  const order: string[] = []
  const done = new Set<string>()
  const visit = (id: string, path: Set<string>) => {
    if (done.has(id) || path.has(id)) return
    path.add(id)
    for (const d of deps.get(id) ?? []) if (deps.has(d)) visit(d, path)
    path.delete(id)
    done.add(id)
    order.push(id)
  }
  for (const id of deps.keys()) visit(id, new Set())
  return order
}
