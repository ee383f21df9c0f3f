/**
 * @module The CloudFormation service's live state: the store, stack lookups, and the per-stack queue that
 * runs operations off the request path (AWS's operations are asynchronous).
 */
import { randomUUID } from 'node:crypto'
import { delegatedCall } from '../../authz/delegated-call.js'
import { AwsError, validationError } from '../../core/aws-error.js'
import type { CloudContext, ResourceProvider } from '../../core/types.js'
import { BUILTIN_PROVIDERS } from './engine/builtin-providers.js'
import { customResourceProviders } from './engine/custom-resource.js'
import { closeJournal, physicalIdFromJournal, type Journaled } from './engine/create-journal.js'
import { emit, type EngineDeps } from './engine/deps.js'
import { Executor } from './engine/executor.js'
import { isInProgress, TERMINAL_FAILED, type CfnData, type CfnStore, type StackState } from './model.js'

const SAVE_BATCH_MS = 150
const MAX_DELETED_STACKS = 200

export interface CfnOptions {
  /** Provider lookup (tests inject fakes); defaults to the cloud's registry. */
  resourceProvider?: (type: string) => ResourceProvider | undefined
}

export class CfnState {
  readonly store: CfnStore
  readonly deps: EngineDeps
  readonly executor: Executor
  private readonly queues = new Map<string, Promise<void>>()
  /** Providers the service adds that need this state (nested stacks). */
  readonly builtins: Record<string, ResourceProvider> = {}
  private saveTimer: NodeJS.Timeout | undefined

  constructor(readonly ctx: CloudContext, options: CfnOptions) {
    this.store = ctx.store<CfnData>('cloudformation', 'stacks', () => ({ stacks: {}, changeSets: {} }))
    const custom = customResourceProviders((url, opts) => ctx.credentials.presignUrl(url, opts))
    this.deps = {
      accountId: ctx.accountId,
      endpoint: ctx.endpoint,
      data: this.store.data,
      provider: (type) =>
        BUILTIN_PROVIDERS[type] ??
        this.builtins[type] ??
        (type === 'AWS::CloudFormation::CustomResource' || type.startsWith('Custom::') ? custom(type) : undefined) ??
        (options.resourceProvider ?? ctx.resourceProvider)(type),
      call: (service, op, input) => ctx.call(service, op, input),
      callFor: (stack) => delegatedCall(ctx, stack.actingAs, stack.region),
      persist: () => this.persist(),
      saveNow: () => this.saveNow(),
      log: (m) => ctx.log(m),
    }
    this.executor = new Executor(this.deps)
  }

  get data(): CfnData {
    return this.store.data
  }

  /** Stacks a killed process left mid-operation end in the matching failed state. */
  recover(): void {
    const reason = 'The local cloud stopped while this operation was in progress'
    for (const stack of Object.values(this.data.stacks)) {
      if (!isInProgress(stack.status)) continue
      for (const r of Object.values(stack.resources)) {
        if (r.status.endsWith('_IN_PROGRESS')) Object.assign(r, { status: r.status.replace('_IN_PROGRESS', '_FAILED'), statusReason: reason })
      }
      emit(this.deps, stack, { status: TERMINAL_FAILED[stack.status] ?? 'UPDATE_ROLLBACK_FAILED', reason })
    }
    for (const cs of Object.values(this.data.changeSets)) {
      if (cs.status.endsWith('_IN_PROGRESS') || cs.status === 'CREATE_PENDING') Object.assign(cs, { status: 'FAILED', statusReason: reason })
      if (cs.executionStatus === 'EXECUTE_IN_PROGRESS') cs.executionStatus = 'EXECUTE_FAILED'
    }
    this.saveNow()
  }

  /**
   * Give each resource whose create a killed process interrupted the physical id its journal (or, failing that,
   * its stack tags) names, so that deleting the stack deletes it. Runs once every service answers.
   */
  async adoptInterrupted(): Promise<void> {
    for (const stack of Object.values(this.data.stacks)) {
      for (const r of Object.values(stack.resources) as Journaled[]) {
        if (!r.creating) continue
        if (!r.physicalId) r.physicalId = physicalIdFromJournal(r) ?? (r.creating.calls.length > 0 ? await this.findByTags(stack.stackId, r.logicalId) : undefined)
        if (r.physicalId) this.ctx.log(`cloudformation: ${stack.stackName}/${r.logicalId} was being created when the cloud stopped: it is ${r.physicalId}, deleted with its stack`)
        closeJournal(r)
      }
    }
    this.saveNow()
  }

  /** The physical id of a resource tagged for this stack and logical id (its tags were given at creation). */
  private async findByTags(stackId: string, logicalId: string): Promise<string | undefined> {
    for (const service of ['s3', 'lambda', 'apigateway', 'apigatewayv2', 'dynamodb', 'iam', 'logs']) {
      const found: { ResourceARN: string; Tags: { Key: string; Value: string }[] }[] = await this.ctx.call(service, '_listTaggedResources', {}).catch(() => [])
      const tagged = (m: (typeof found)[number], key: string, value: string) => m.Tags.some((t) => t.Key === key && t.Value === value)
      const match = found.find((m) => tagged(m, 'aws:cloudformation:stack-id', stackId) && tagged(m, 'aws:cloudformation:logical-id', logicalId))
      if (match) return match.ResourceARN.split(/[:/]/).pop()
    }
    return undefined
  }

  /**
   * Save soon: during an operation, saves are batched (each is a synchronous fsync'd write), and the
   * operation's end saves at once. A kill in between is what `recover()` handles.
   */
  persist(): void {
    if (this.saveTimer) return
    this.saveTimer = setTimeout(() => this.saveNow(), SAVE_BATCH_MS)
  }

  saveNow(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer)
    this.saveTimer = undefined
    try {
      this.store.save()
    } catch (err) {
      this.ctx.log(`cloudformation: could not save state: ${(err as Error).message}`)
    }
  }

  /** Run `work` for a stack after whatever is already running for it. */
  enqueue(stackId: string, work: () => Promise<void>): void {
    const previous = this.queues.get(stackId) ?? Promise.resolve()
    const next = previous
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(work)
      .catch((err) => {
        this.ctx.log(`cloudformation: operation on ${stackId} failed: ${(err as Error)?.stack ?? err}`)
        // An engine fault must not leave the stack in progress forever (every later call would be refused).
        const stack = this.data.stacks[stackId]
        if (stack && isInProgress(stack.status)) {
          emit(this.deps, stack, { status: TERMINAL_FAILED[stack.status] ?? 'UPDATE_ROLLBACK_FAILED', reason: `Internal failure: ${(err as Error)?.message ?? err}` })
        }
      })
      .finally(() => {
        this.saveNow()
        if (this.queues.get(stackId) === next) this.queues.delete(stackId)
      })
    this.queues.set(stackId, next)
  }

  /** Wait until nothing is queued for one stack. */
  async settled(stackId: string): Promise<void> {
    while (this.queues.has(stackId)) await this.queues.get(stackId)
  }

  /** Wait for every queued operation (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.queues.size > 0) await Promise.all([...this.queues.values()])
  }

  /** Local limit: only the newest deleted stacks stay listed (AWS keeps them 90 days). */
  pruneDeleted(): void {
    const deleted = Object.values(this.data.stacks).filter((s) => s.status === 'DELETE_COMPLETE')
    deleted.sort((a, b) => (a.deletionTime ?? '').localeCompare(b.deletionTime ?? ''))
    for (const s of deleted.slice(0, Math.max(0, deleted.length - MAX_DELETED_STACKS))) delete this.data.stacks[s.stackId]
  }

  newStackId(region: string, name: string): string {
    return `arn:aws:cloudformation:${region}:${this.ctx.accountId}:stack/${name}/${randomUUID()}`
  }

  /** By name: the live stack; by stack id: any stack, deleted ones too (as AWS). */
  findStack(region: string, nameOrId: string | undefined): StackState | undefined {
    if (!nameOrId) return undefined
    if (nameOrId.startsWith('arn:')) return this.data.stacks[nameOrId]
    return Object.values(this.data.stacks).find((s) => s.region === region && s.stackName === nameOrId && s.status !== 'DELETE_COMPLETE')
  }

  getStack(region: string, nameOrId: string | undefined): StackState {
    const stack = this.findStack(region, nameOrId)
    if (!stack) throw validationError(`Stack with id ${nameOrId ?? ''} does not exist`)
    return stack
  }

  /** AWS refuses a second operation while one runs: `Stack:<id> is in <STATUS> state and can not be updated.` */
  assertUpdatable(stack: StackState): void {
    const ok = ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE']
    if (!ok.includes(stack.status)) {
      throw validationError(`Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`)
    }
  }
}

export function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') {
    throw validationError(`1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`)
  }
  return value
}

/** Wire code `ChangeSetNotFound` (the SDK names it ChangeSetNotFoundException). */
export const notFoundChangeSet = (name: string) => new AwsError('ChangeSetNotFound', 404, `ChangeSet [${name}] does not exist`)
