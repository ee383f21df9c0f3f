/** @module CloudFormation state: stacks, their resources and events, change sets — no wire shapes. */
import type { Delegate } from '../../authz/delegated-call.js'
import type { JsonStore } from '../../core/store.js'

export interface Tag {
  Key: string
  Value: string
}

export interface ResourceState {
  logicalId: string
  type: string
  physicalId?: string
  status: string
  statusReason?: string
  timestamp: string
  /** Resolved properties the provider was last given. */
  properties: Record<string, unknown>
  attributes: Record<string, unknown>
  /** Logical ids this resource depends on (deletion runs in reverse). */
  dependsOn: string[]
  deletionPolicy?: string
  /** `UpdateReplacePolicy`: Retain keeps the old physical resource when a replacement succeeds. */
  updateReplacePolicy?: string
  description?: string
}

export interface StackEvent {
  EventId: string
  StackId: string
  StackName: string
  LogicalResourceId: string
  PhysicalResourceId?: string
  ResourceType: string
  Timestamp: string
  ResourceStatus: string
  ResourceStatusReason?: string
  ResourceProperties?: string
}

export interface Output {
  OutputKey: string
  OutputValue: string
  Description?: string
  ExportName?: string
}

/** What a stack was deployed with: kept whole so a failed update can roll back to it. */
export interface Deployment {
  templateBody: string
  parameters: Record<string, string>
  noEcho: string[]
  parameterTypes: Record<string, string>
  tags: Tag[]
  capabilities: string[]
  notificationARNs: string[]
  outputs: Output[]
}

export interface StackState extends Deployment {
  stackId: string
  stackName: string
  region: string
  description?: string
  status: string
  statusReason?: string
  creationTime: string
  lastUpdatedTime?: string
  deletionTime?: string
  disableRollback: boolean
  terminationProtection?: boolean
  /** CreateStack `OnFailure: DELETE`: a failed create deletes the stack instead of rolling back. */
  deleteOnFailure?: boolean
  changeSetId?: string
  /** Nested stacks: the stack that holds this one, and the top of the tree. */
  parentId?: string
  rootId?: string
  resources: Record<string, ResourceState>
  events: StackEvent[]
  /** Export names this stack's template imports (a stack exporting them cannot drop them). */
  imports?: string[]
  /** `RoleARN`: the service role CloudFormation assumes for every operation on the stack. */
  roleARN?: string
  /** Who the current (or last) operation acts as: the role's session or the caller's; absent for the root user. */
  actingAs?: Delegate
}

export interface ChangeSetState {
  id: string
  name: string
  stackId: string
  stackName: string
  region: string
  type: 'CREATE' | 'UPDATE'
  description?: string
  status: string
  statusReason?: string
  executionStatus: string
  creationTime: string
  deployment: Deployment
  changes: ResourceChange[]
  /** `RoleARN` given to CreateChangeSet (the caller could pass it): the stack's role once executed. */
  roleARN?: string
}

export interface ResourceChange {
  Action: 'Add' | 'Modify' | 'Remove'
  LogicalResourceId: string
  PhysicalResourceId?: string
  ResourceType: string
  Replacement?: 'True' | 'False' | 'Conditional'
  Scope?: string[]
}

export interface CfnData {
  stacks: Record<string, StackState>
  changeSets: Record<string, ChangeSetState>
}

export type CfnStore = JsonStore<CfnData>

export const TERMINAL_FAILED: Record<string, string> = {
  CREATE_IN_PROGRESS: 'CREATE_FAILED',
  ROLLBACK_IN_PROGRESS: 'ROLLBACK_FAILED',
  DELETE_IN_PROGRESS: 'DELETE_FAILED',
  UPDATE_IN_PROGRESS: 'UPDATE_ROLLBACK_FAILED',
  UPDATE_COMPLETE_CLEANUP_IN_PROGRESS: 'UPDATE_COMPLETE',
  UPDATE_ROLLBACK_IN_PROGRESS: 'UPDATE_ROLLBACK_FAILED',
  UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS: 'UPDATE_ROLLBACK_COMPLETE',
}

export function isInProgress(status: string): boolean {
  return status.endsWith('_IN_PROGRESS') && status !== 'REVIEW_IN_PROGRESS'
}

export function isLive(r: ResourceState): boolean {
  return r.status !== 'DELETE_COMPLETE' && r.status !== 'DELETE_SKIPPED'
}
