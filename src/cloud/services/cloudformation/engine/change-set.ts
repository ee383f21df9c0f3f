/**
 * @module Preview an update as a change set: Add / Modify (with Replacement True|False|Conditional) / Remove.
 * Values not known before deployment (a new or replaced resource's id, changed attributes) count as changes.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-changesets.html
 */
import type { ResourceProvider } from '../../../core/types.js'
import { isLive, type ResourceChange, type StackState } from '../model.js'
import { dependencyMap, topologicalOrder } from './graph.js'
import { resolveValue } from './intrinsics.js'
import { typedProperties } from './property-types.js'
import { resourceEnabled, stackResolver, UNKNOWN, UNKNOWN_ATTRIBUTES, type StackView } from './resolver.js'
import type { Template } from './template.js'

export interface PreviewInput {
  template: Template
  /** The stack as deployed now (undefined or REVIEW_IN_PROGRESS: everything is added). */
  stack?: StackState
  view: Omit<StackView, 'template' | 'physicalId' | 'attributes'>
  provider(type: string): ResourceProvider | undefined
}

export function previewChanges(input: PreviewInput): ResourceChange[] {
  const { template, stack } = input
  const live = (id: string) => {
    const r = stack?.resources[id]
    return r && isLive(r) && r.physicalId !== undefined ? r : undefined
  }
  const added = new Set<string>()
  const replaced = new Set<string>()
  const modified = new Set<string>()
  const resolver = stackResolver({
    ...input.view,
    template,
    physicalId: (id) => (added.has(id) || replaced.has(id) ? UNKNOWN : live(id)?.physicalId ?? UNKNOWN),
    attributes: (id) => (added.has(id) || replaced.has(id) || modified.has(id) ? UNKNOWN_ATTRIBUTES : live(id)?.attributes ?? UNKNOWN_ATTRIBUTES),
  })
  const enabled = Object.keys(template.Resources).filter((id) => resourceEnabled(template, id, resolver))
  const graph = dependencyMap(Object.fromEntries(enabled.map((id) => [id, template.Resources[id]])))
  const changes: ResourceChange[] = []
  for (const id of topologicalOrder(graph)) {
    const def = template.Resources[id]
    const old = live(id)
    if (!old) {
      added.add(id)
      changes.push({ Action: 'Add', LogicalResourceId: id, ResourceType: def.Type })
      continue
    }
    let props: Record<string, unknown>
    try {
      props = typedProperties(def.Type, id, resolveValue(def.Properties ?? {}, resolver) as Record<string, unknown>)
    } catch {
      props = { [UNKNOWN]: true }
    }
    const changed = Object.keys({ ...props, ...old.properties }).filter((k) => JSON.stringify(props[k]) !== JSON.stringify(old.properties[k]))
    if (changed.length === 0 && old.type === def.Type) continue
    const provider = input.provider(def.Type)
    let replacement: ResourceChange['Replacement'] = 'False'
    if (old.type !== def.Type || !provider?.update) replacement = 'True'
    else {
      const createOnly = changed.filter((k) => provider.createOnly?.includes(k))
      if (createOnly.length > 0) replacement = createOnly.some((k) => !JSON.stringify(props[k] ?? null).includes(UNKNOWN)) ? 'True' : 'Conditional'
    }
    if (replacement === 'True') replaced.add(id)
    else modified.add(id)
    changes.push({ Action: 'Modify', LogicalResourceId: id, PhysicalResourceId: old.physicalId, ResourceType: def.Type, Replacement: replacement, Scope: ['Properties'] })
  }
  for (const [id, r] of Object.entries(stack?.resources ?? {})) {
    if (!enabled.includes(id) && isLive(r)) {
      changes.push({ Action: 'Remove', LogicalResourceId: id, PhysicalResourceId: r.physicalId, ResourceType: r.type })
    }
  }
  return changes
}
