/**
 * @module Crash-safe creates. Before a provider creates a resource, the engine records that it is creating it
 * (saved at once, not batched), and every `Create*` call the provider makes is recorded before it is sent (with
 * the name it asks for) and after it answers (with the id the service gave). A `kill -9` at any moment then
 * leaves the stack knowing enough to find what was created: after a restart the resource gets the physical id
 * the journal names (or, failing that, the one its stack tags name) and deleting the stack deletes it.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/troubleshooting.html#troubleshooting-errors-delete-stack-fails
 */
import type { ResourceContext } from '../../../core/types.js'
import type { ResourceState } from '../model.js'

export interface JournalEntry {
  service: string
  operation: string
  /** The name the call asked for (bucket, function, table, role, log group), if any. */
  name?: string
  /** The id the service answered with (a REST API's id), once it answered. */
  id?: string
  answered?: boolean
}

/** What a resource's create had done when the process stopped. Kept on the resource until the create returns. */
export interface CreateJournal {
  startedAt: string
  calls: JournalEntry[]
}

export type Journaled = ResourceState & { creating?: CreateJournal }

const NAME_FIELDS = ['Bucket', 'FunctionName', 'TableName', 'RoleName', 'logGroupName', 'UserName', 'PolicyName']

const lastSegment = (value: string) => (value.startsWith('arn:') ? value.slice(value.lastIndexOf(':') + 1) : value)

function nameOf(input: unknown): string | undefined {
  if (!input || typeof input !== 'object') return undefined
  for (const field of NAME_FIELDS) {
    const value = (input as Record<string, unknown>)[field]
    if (typeof value === 'string' && value) return lastSegment(value)
  }
  return undefined
}

function idOf(output: unknown): string | undefined {
  const id = output && typeof output === 'object' ? (output as Record<string, unknown>).id : undefined
  return typeof id === 'string' && id ? id : undefined
}

/** `rc` whose `Create*` calls are journaled on `r`, each record saved (`save`) before the call goes on. */
export function journaledContext(rc: ResourceContext, r: Journaled, save: () => void): ResourceContext {
  r.creating = { startedAt: new Date().toISOString(), calls: [] }
  save()
  return {
    ...rc,
    async call(service, operation, input) {
      if (!operation.startsWith('Create') || !r.creating) return rc.call(service, operation, input)
      const entry: JournalEntry = { service, operation, name: nameOf(input) }
      r.creating.calls.push(entry)
      save()
      const output = await rc.call(service, operation, input)
      Object.assign(entry, { id: idOf(output), answered: true })
      save()
      return output
    },
  }
}

/** The create finished (or failed and cleaned up after itself): the journal is no longer needed. */
export function closeJournal(r: Journaled): void {
  delete r.creating
}

/**
 * The physical id a create interrupted by a crash produced, as far as its journal tells: the id or name of its
 * first `Create*` call (the resource itself; later ones create parts of it).
 */
export function physicalIdFromJournal(r: Journaled): string | undefined {
  const first = r.creating?.calls[0]
  return first ? first.id ?? first.name : undefined
}
