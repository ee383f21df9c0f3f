/**
 * @module One resource's create, update (in place or by replacement) and delete through its provider, with
 * the events AWS records for each step.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-update-behaviors.html
 */
import type { ResourceProvider } from '../../../core/types.js'
import type { ResourceState, StackState } from '../model.js'
import { emit, failureReason, now, resourceContext, type EngineDeps } from './deps.js'
import { closeJournal, journaledContext } from './create-journal.js'
import { AWS_PROPERTIES } from './resource-properties.js'

export class ResourceFailure extends Error {}

/** The provider for a type, checked against the properties it is given (never skipping one silently). */
export function providerFor(deps: EngineDeps, r: ResourceState): ResourceProvider {
  const provider = deps.provider(r.type)
  // Not implemented: resource types without a provider in the local cloud (fail, never skip).
  if (!provider) throw new ResourceFailure(`Resource type ${r.type} is not supported by the local cloud`)
  const missing = (provider.required ?? []).filter((k) => r.properties[k] === undefined)
  if (missing.length > 0) {
    throw new ResourceFailure(`Properties validation failed for resource ${r.logicalId} with message: #: required key [${missing[0]}] not found`)
  }
  // `*`: the provider takes any property (custom resources).
  const unsupported = provider.properties.includes('*') ? [] : Object.keys(r.properties).filter((k) => !provider.properties.includes(k))
  if (unsupported.length > 0) {
    const known = AWS_PROPERTIES[r.type]
    const typo = known && unsupported.find((k) => !known.includes(k))
    // A misspelt property is the learner's to fix, not a gap of the local cloud: say it as AWS does.
    if (typo) throw new ResourceFailure(`Properties validation failed for resource ${r.logicalId} with message: #: extraneous key [${typo}] is not permitted`)
    throw new ResourceFailure(`Property ${unsupported[0]} is not supported by the local cloud for ${r.type}`)
  }
  return provider
}

export function newResourceState(logicalId: string, type: string, dependsOn: string[], deletionPolicy?: string): ResourceState {
  return { logicalId, type, status: 'CREATE_IN_PROGRESS', timestamp: now(), properties: {}, attributes: {}, dependsOn, deletionPolicy }
}

/**
 * Create `r` (its `properties` already resolved by the caller via `resolve`). `phase` is `CREATE` for a new
 * resource and `UPDATE` for the new physical resource of a replacement.
 */
export async function createResource(
  deps: EngineDeps,
  stack: StackState,
  r: ResourceState,
  resolve: () => Record<string, unknown>,
  phase: 'CREATE' | 'UPDATE',
  cancelled: () => boolean = () => false,
): Promise<boolean> {
  // Resolved first so the first event carries the properties, as AWS's does.
  let resolveError: unknown
  try {
    r.properties = resolve()
  } catch (err) {
    resolveError = err
  }
  const properties = resolveError ? undefined : r.properties
  if (phase === 'CREATE') emit(deps, stack, { logicalId: r.logicalId, type: r.type, status: 'CREATE_IN_PROGRESS', physicalId: '', properties })
  else {
    emit(deps, stack, {
      logicalId: r.logicalId,
      status: 'UPDATE_IN_PROGRESS',
      reason: 'Requested update requires the creation of a new physical resource; hence creating one.',
      properties,
    })
  }
  try {
    if (resolveError) throw resolveError
    const provider = providerFor(deps, r)
    // Journaled and saved at once: a kill -9 from here on never leaves a resource the stack cannot find.
    const rc = journaledContext(resourceContext(deps, stack, r), r, () => deps.saveNow())
    let result
    try {
      result = await provider.create(r.properties, rc)
    } finally {
      closeJournal(r)
    }
    r.physicalId = result.physicalId
    r.attributes = result.attributes ?? {}
    deps.saveNow()
    emit(deps, stack, { logicalId: r.logicalId, status: `${phase}_IN_PROGRESS`, reason: 'Resource creation Initiated' })
    // Another resource failed meanwhile: AWS reports this one cancelled (rollback still deletes it).
    if (cancelled()) {
      emit(deps, stack, { logicalId: r.logicalId, status: `${phase}_FAILED`, reason: 'Resource creation cancelled' })
      throw new CancelledCreate()
    }
    emit(deps, stack, { logicalId: r.logicalId, status: `${phase}_COMPLETE` })
    return true
  } catch (err) {
    if (err instanceof CancelledCreate) return false
    emit(deps, stack, { logicalId: r.logicalId, status: `${phase}_FAILED`, reason: failureReason(err) })
    return false
  }
}

class CancelledCreate extends Error {}

/** Update in place, keeping the physical id. */
export async function updateResource(
  deps: EngineDeps,
  stack: StackState,
  r: ResourceState,
  props: Record<string, unknown>,
  previous: Record<string, unknown>,
): Promise<boolean> {
  emit(deps, stack, { logicalId: r.logicalId, status: 'UPDATE_IN_PROGRESS', properties: props })
  try {
    r.properties = props
    const provider = providerFor(deps, r)
    const result = await provider.update!(r.physicalId!, props, previous, resourceContext(deps, stack, r))
    r.physicalId = result.physicalId || r.physicalId
    r.attributes = result.attributes ?? r.attributes
    emit(deps, stack, { logicalId: r.logicalId, status: 'UPDATE_COMPLETE' })
    return true
  } catch (err) {
    emit(deps, stack, { logicalId: r.logicalId, status: 'UPDATE_FAILED', reason: failureReason(err) })
    return false
  }
}

/** Whether a change to `props` needs a new physical resource. */
export function needsReplacement(deps: EngineDeps, type: string, oldType: string, props: Record<string, unknown>, previous: Record<string, unknown>): boolean {
  if (type !== oldType) return true
  const provider = deps.provider(type)
  if (!provider?.update) return true
  return (provider.createOnly ?? []).some((k) => JSON.stringify(props[k]) !== JSON.stringify(previous[k]))
}

/**
 * Delete one resource (or a replaced physical resource when `physicalId` is given). Retain → DELETE_SKIPPED.
 * `record` false deletes silently from the stack's resource map's point of view (cleanup of replaced ids).
 */
export async function deleteResource(deps: EngineDeps, stack: StackState, r: ResourceState, honourRetain = true): Promise<boolean> {
  if (honourRetain && r.deletionPolicy === 'Retain') {
    emit(deps, stack, { logicalId: r.logicalId, status: 'DELETE_SKIPPED' })
    return true
  }
  emit(deps, stack, { logicalId: r.logicalId, status: 'DELETE_IN_PROGRESS' })
  try {
    if (r.physicalId) {
      const provider = deps.provider(r.type)
      if (provider) await provider.delete(r.physicalId, r.properties, resourceContext(deps, stack, r))
    }
    emit(deps, stack, { logicalId: r.logicalId, status: 'DELETE_COMPLETE' })
    return true
  } catch (err) {
    emit(deps, stack, { logicalId: r.logicalId, status: 'DELETE_FAILED', reason: failureReason(err) })
    return false
  }
}

/**
 * Delete a replaced physical resource during cleanup: events carry the old physical id.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-updatereplacepolicy.html
 */
export async function deleteOldPhysical(deps: EngineDeps, stack: StackState, old: ResourceState): Promise<void> {
  const events = { logicalId: old.logicalId, physicalId: old.physicalId, type: old.type }
  if (old.updateReplacePolicy === 'Retain' || !old.physicalId) return
  // Emit without moving the live resource's status (it now names the new physical resource).
  const live = stack.resources[old.logicalId]
  const saved = live && { status: live.status, reason: live.statusReason, ts: live.timestamp }
  emit(deps, stack, { ...events, status: 'DELETE_IN_PROGRESS' })
  try {
    const provider = deps.provider(old.type)
    if (provider) await provider.delete(old.physicalId, old.properties, resourceContext(deps, stack, old))
    emit(deps, stack, { ...events, status: 'DELETE_COMPLETE' })
  } catch (err) {
    // AWS quirk: a failed cleanup does not fail the update; the old resource is left behind.
    emit(deps, stack, { ...events, status: 'DELETE_FAILED', reason: failureReason(err) })
  }
  if (live && saved) Object.assign(live, { status: saved.status, statusReason: saved.reason, timestamp: saved.ts })
}
