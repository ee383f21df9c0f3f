/**
 * @module Stack operations as AWS runs them: create (rollback on failure), update (in place, replacement,
 * cleanup, update rollback) and delete (reverse dependency order, Retain, DELETE_FAILED and retry).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stack-resource-configuration-complete.html
 */
import type { ResourceProvider } from '../../../core/types.js'
import { isLive, type Deployment, type ResourceState, type StackState } from '../model.js'
import { emit, now, type EngineDeps } from './deps.js'
import { dependencyMap } from './graph.js'
import { resolveValue } from './intrinsics.js'
import { computeOutputs, exportValue } from './outputs.js'
import { typedProperties } from './property-types.js'
import { resourceEnabled, stackResolver } from './resolver.js'
import {
  createResource, deleteOldPhysical, deleteResource, needsReplacement, newResourceState, updateResource,
} from './resource-ops.js'
import { runGraph } from './run-graph.js'
import { processBody } from './language-extensions.js'
import type { Template } from './template.js'

type Touched = { id: string; kind: 'added' | 'updated' | 'replaced'; old?: ResourceState; replacement?: ResourceState }

export class Executor {
  constructor(private readonly deps: EngineDeps) {}

  private resolver(stack: StackState, template: Template, imports: Set<string>) {
    const live = (id: string) => {
      const r = stack.resources[id]
      return r && isLive(r) && r.physicalId !== undefined ? r : undefined
    }
    return stackResolver({
      template,
      stackId: stack.stackId,
      stackName: stack.stackName,
      region: stack.region,
      accountId: this.deps.accountId,
      notificationARNs: stack.notificationARNs,
      parameters: stack.parameters,
      parameterTypes: stack.parameterTypes,
      physicalId: (id) => live(id)?.physicalId,
      attributes: (id) => live(id)?.attributes,
      exportValue: (name) => exportValue(this.deps.data, stack.region, name),
      onImport: (name) => imports.add(name),
    })
  }

  /** The stack's template as processed (transforms expanded) with its parameter values. */
  private template(stack: StackState): Template {
    const { stackId, stackName, region, notificationARNs, parameters, parameterTypes } = stack
    return processBody(stack.templateBody, { stackId, stackName, region, accountId: this.deps.accountId, notificationARNs, parameters, parameterTypes })
  }

  /** Resources the template enables (conditions hold) and what each waits for. */
  private plan(template: Template, r: ReturnType<Executor['resolver']>) {
    const enabled = Object.keys(template.Resources).filter((id) => resourceEnabled(template, id, r))
    const defs = Object.fromEntries(enabled.map((id) => [id, template.Resources[id]]))
    return { enabled, graph: dependencyMap(defs) }
  }

  async create(stack: StackState): Promise<void> {
    const template = this.template(stack)
    const imports = new Set<string>()
    const r = this.resolver(stack, template, imports)
    let failure: string | undefined
    try {
      const { enabled, graph } = this.plan(template, r)
      const failedIds: string[] = []
      const run = await runGraph(enabled, (id) => graph.get(id) ?? [], async (id) => {
        const def = template.Resources[id]
        const rec = newResourceState(id, def.Type, [...(graph.get(id) ?? [])], def.DeletionPolicy)
        rec.updateReplacePolicy = def.UpdateReplacePolicy
        stack.resources[id] = rec
        const resolve = () => typedProperties(def.Type, id, resolveValue(def.Properties ?? {}, r) as Record<string, unknown>)
        const ok = await createResource(this.deps, stack, rec, resolve, 'CREATE', () => failedIds.length > 0)
        if (!ok && rec.statusReason !== 'Resource creation cancelled') failedIds.push(id)
        return ok
      }, true)
      if (run.failed.length > 0) failure = `The following resource(s) failed to create: [${failedIds.join(', ')}]. `
      else stack.outputs = computeOutputs(this.deps.data, stack, template, r, [])
    } catch (err) {
      failure = sentence((err as Error).message)
    }
    if (!failure) {
      stack.imports = [...imports]
      emit(this.deps, stack, { status: 'CREATE_COMPLETE' })
      return
    }
    if (stack.disableRollback) {
      emit(this.deps, stack, { status: 'CREATE_FAILED', reason: failure.trim() })
      return
    }
    if (stack.deleteOnFailure) {
      emit(this.deps, stack, { status: 'DELETE_IN_PROGRESS', reason: `${failure}Delete requested by user.` })
      await this.delete(stack)
      return
    }
    emit(this.deps, stack, { status: 'ROLLBACK_IN_PROGRESS', reason: `${failure}Rollback requested by user.` })
    const failed = await this.deleteAll(stack)
    stack.outputs = []
    emit(this.deps, stack, failed.length === 0 ? { status: 'ROLLBACK_COMPLETE' } : { status: 'ROLLBACK_FAILED', reason: `The following resource(s) failed to delete: [${failed.join(', ')}]. ` })
  }

  /** Delete every live resource, dependents first; returns the ids that failed. */
  private async deleteAll(stack: StackState, retain: string[] = []): Promise<string[]> {
    const ids = Object.keys(stack.resources).filter((id) => isLive(stack.resources[id])).reverse()
    const dependents = (id: string) => ids.filter((other) => stack.resources[other].dependsOn.includes(id))
    const run = await runGraph(ids, dependents, (id) => {
      const rec = stack.resources[id]
      if (retain.includes(id)) rec.deletionPolicy = 'Retain'
      return deleteResource(this.deps, stack, rec)
    }, false)
    return [...run.failed, ...run.skipped]
  }

  /** Delete a stack already moved to DELETE_IN_PROGRESS. */
  async delete(stack: StackState, retain: string[] = []): Promise<void> {
    const failed = await this.deleteAll(stack, retain)
    if (failed.length > 0) {
      emit(this.deps, stack, { status: 'DELETE_FAILED', reason: `The following resource(s) failed to delete: [${failed.join(', ')}]. ` })
      return
    }
    stack.deletionTime = now()
    stack.outputs = []
    stack.imports = []
    emit(this.deps, stack, { status: 'DELETE_COMPLETE' })
  }

  /** Update to the deployment already applied on `stack`; `previous` is what to roll back to. */
  async update(stack: StackState, previous: Deployment): Promise<void> {
    const template = this.template(stack)
    const imports = new Set<string>()
    const r = this.resolver(stack, template, imports)
    const touched: Touched[] = []
    const tagsChanged = JSON.stringify(previous.tags) !== JSON.stringify(stack.tags)
    const before = structuredClone(stack.resources)
    let failure: string | undefined
    let enabled: string[] = []
    try {
      const plan = this.plan(template, r)
      enabled = plan.enabled
      const run = await runGraph(enabled, (id) => plan.graph.get(id) ?? [], (id) => this.updateOne(tagsChanged, stack, template, id, [...(plan.graph.get(id) ?? [])], r, touched), true)
      if (run.failed.length > 0) {
        const created = run.failed.some((id) => touched.find((t) => t.id === id)?.kind === 'added')
        failure = `The following resource(s) failed to ${created ? 'create' : 'update'}: [${run.failed.join(', ')}]. `
      } else {
        stack.outputs = computeOutputs(this.deps.data, stack, template, r, previous.outputs)
      }
    } catch (err) {
      failure = (err as Error).message
    }
    if (!failure) {
      stack.imports = [...imports]
      emit(this.deps, stack, { status: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS' })
      for (const t of [...touched].reverse()) if (t.kind === 'replaced' && t.old) await deleteOldPhysical(this.deps, stack, t.old)
      const removed = Object.keys(stack.resources).filter((id) => !enabled.includes(id) && isLive(stack.resources[id]))
      const dependents = (id: string) => removed.filter((other) => stack.resources[other].dependsOn.includes(id))
      await runGraph(removed.reverse(), dependents, (id) => deleteResource(this.deps, stack, stack.resources[id]), false)
      for (const id of removed) delete stack.resources[id]
      emit(this.deps, stack, { status: 'UPDATE_COMPLETE' })
      return
    }
    emit(this.deps, stack, { status: 'UPDATE_ROLLBACK_IN_PROGRESS', reason: failure })
    Object.assign(stack, previous)
    // Resource attributes the new template set on untouched resources go back too.
    for (const [id, old] of Object.entries(before)) {
      const rec = stack.resources[id]
      if (rec) Object.assign(rec, { dependsOn: old.dependsOn, deletionPolicy: old.deletionPolicy, updateReplacePolicy: old.updateReplacePolicy })
    }
    let ok = true
    for (const t of [...touched].reverse()) {
      const rec = stack.resources[t.id]
      if (t.kind === 'added') {
        ok = (await deleteResource(this.deps, stack, rec, false)) && ok
        delete stack.resources[t.id]
      } else if (t.kind === 'updated' && t.old) {
        ok = (await updateResource(this.deps, stack, rec, t.old.properties, rec.properties)) && ok
        rec.attributes = t.old.attributes
      } else if (t.kind === 'replaced' && t.old) {
        stack.resources[t.id] = t.old
        emit(this.deps, stack, { logicalId: t.id, status: 'UPDATE_COMPLETE' })
      }
    }
    emit(this.deps, stack, { status: 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS' })
    for (const t of [...touched].reverse()) {
      if (t.kind === 'replaced' && t.replacement?.physicalId) await deleteOldPhysical(this.deps, stack, t.replacement)
    }
    emit(this.deps, stack, ok ? { status: 'UPDATE_ROLLBACK_COMPLETE' } : { status: 'UPDATE_ROLLBACK_FAILED', reason: 'The following resource(s) failed to roll back. ' })
  }

  private async updateOne(
    tagsChanged: boolean,
    stack: StackState,
    template: Template,
    id: string,
    dependsOn: string[],
    r: ReturnType<Executor['resolver']>,
    touched: Touched[],
  ): Promise<boolean> {
    const def = template.Resources[id]
    const resolve = () => typedProperties(def.Type, id, resolveValue(def.Properties ?? {}, r) as Record<string, unknown>)
    const existing = stack.resources[id]
    if (!existing || !isLive(existing)) {
      const rec = newResourceState(id, def.Type, dependsOn, def.DeletionPolicy)
      stack.resources[id] = rec
      touched.push({ id, kind: 'added' })
      return createResource(this.deps, stack, rec, resolve, 'CREATE')
    }
    let props: Record<string, unknown>
    try {
      props = resolve()
    } catch (err) {
      emit(this.deps, stack, { logicalId: id, status: 'UPDATE_FAILED', reason: (err as Error).message })
      return false
    }
    existing.dependsOn = dependsOn
    existing.deletionPolicy = def.DeletionPolicy
    existing.updateReplacePolicy = def.UpdateReplacePolicy
    const unchanged = existing.type === def.Type && JSON.stringify(props) === JSON.stringify(existing.properties)
    // Stack tags propagate to every resource, so a tag change updates resources whose properties did not change.
    if (unchanged && (!tagsChanged || !this.deps.provider(def.Type)?.update)) return true
    const old = structuredClone(existing)
    if (needsReplacement(this.deps, def.Type, existing.type, props, existing.properties)) {
      const kept = keptCustomName(this.deps.provider(def.Type), def.Type === existing.type, props, existing.properties)
      if (kept) {
        emit(this.deps, stack, { logicalId: id, status: 'UPDATE_IN_PROGRESS' })
        emit(this.deps, stack, {
          logicalId: id,
          status: 'UPDATE_FAILED',
          reason: `CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename ${String(props[kept])} and update the stack again.`,
        })
        return false
      }
      const rec: ResourceState = { ...newResourceState(id, def.Type, dependsOn, def.DeletionPolicy), status: existing.status }
      stack.resources[id] = rec
      touched.push({ id, kind: 'replaced', old, replacement: rec })
      return createResource(this.deps, stack, rec, () => props, 'UPDATE')
    }
    touched.push({ id, kind: 'updated', old })
    return updateResource(this.deps, stack, existing, props, old.properties)
  }
}

/**
 * The explicit name property (`BucketName`, `TableName`, …) a replacement would reuse: the new resource
 * could not be created beside the old one, so AWS refuses the update.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-name.html
 */
function keptCustomName(provider: ResourceProvider | undefined, sameType: boolean, props: Record<string, unknown>, previous: Record<string, unknown>): string | undefined {
  if (!provider || !sameType) return undefined
  const candidates = provider.update ? provider.createOnly ?? [] : provider.properties
  return candidates.find((k) => /Name$/.test(k) && props[k] !== undefined && JSON.stringify(props[k]) === JSON.stringify(previous[k]))
}

/** A reason that `Rollback requested by user.` can follow. */
function sentence(message: string): string {
  return /[.!?]$/.test(message) ? `${message} ` : `${message}. `
}
