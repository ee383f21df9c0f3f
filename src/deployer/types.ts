/** @module The deployer's contract with the runner: targets, deploy, outputs, teardown. */
import type { LabManifest } from '../runner/lab-types.js'

export type TargetKind = 'local' | 'aws' | 'endpoint'

export interface TargetOptions {
  target?: 'local' | 'aws'
  /** Any AWS-compatible endpoint (implies kind `endpoint`). */
  endpoint?: string
  profile?: string
  region?: string
}

export interface Target {
  kind: TargetKind
  region: string
  /** Undefined for real AWS. */
  endpoint?: string
  /** Spread into every SDK v3 client constructor (endpoint, region, credentials, forcePathStyle). */
  clientConfig: Record<string, unknown>
  /** e.g. `local cloud at http://localhost:4599` or `AWS account 123456789012 (eu-west-1)`. */
  describe: string
  /**
   * The port of a local cloud of this project (kind `local`, or an `endpoint` found to be one): outputs are
   * translated to local URL styles with it.
   */
  localPort?: number
  /** Said once where outputs are shown or checked: why they may not work as they are (other endpoints). */
  outputsWarning?: string
  /** The named profile (kind `aws`), for messages. */
  profile?: string
}

/** One stack event, for the live event view. */
export interface StackEventView {
  timestamp: Date
  logicalId: string
  resourceType: string
  status: string
  reason?: string
}

export interface DeployResult {
  stackName: string
  stackId: string
  status: string
  outputs: Record<string, string>
  /** True when the stack already matched the template (no changes). */
  unchanged: boolean
  /** Site files uploaded because they changed (the site is synced on every deploy, stack change or not). */
  siteUploaded?: string[]
  /** Local cloud only: functions that run on another interpreter version than they declare, one line per runtime. */
  runtimeNotices?: string[]
  /** Stages serving an older snapshot than their REST API defines (the stale-deployment trap). */
  staleStages?: StaleStage[]
}

/** A stage that serves an older snapshot of its REST API than the API defines now (`lab deploy` names it). */
export interface StaleStage {
  /** A REST API's stage (AWS::ApiGateway::Deployment) or a WebSocket API's (AWS::ApiGatewayV2::Deployment); REST when absent. */
  kind?: 'rest' | 'websocket'
  apiId: string
  stage: string
  deploymentId: string
  /** The AWS::ApiGateway::Deployment resource that made it, when it is in the stack. */
  deploymentLogicalId?: string
  /** When the served snapshot was taken (ISO). */
  deployedAt: string
  /** `METHOD /path` defined now but not served, served but no longer defined, changed after the snapshot. */
  added: string[]
  removed: string[]
  changed: string[]
  /**
   * WebSocket: made in the same stack operation as the deployment, which does not `DependsOn` them, and finished after
   * it began: they may be missing from its snapshot (names as in `changed`; `unorderedIds` their logical ids).
   */
  unordered?: string[]
  unorderedIds?: string[]
}

export interface DeployRequest {
  lab: LabManifest
  workspaceDir: string
  onEvent?: (event: StackEventView) => void
  /** Overrides `lab.stackName` (e.g. with a participant suffix). */
  stackName?: string
  /** Told when the deploy moves on: to the stack change, to the site upload, and when done (Ctrl-C says where it was). */
  onPhase?: (phase: 'stack' | 'site' | 'done') => void
}

/** A lab's stack as it stands (`describeLabStack`). */
export interface LabStackInfo {
  stackName: string
  stackId: string
  status: string
  statusReason?: string
  /** Translated to local URL styles for a local cloud of this project. */
  outputs: Record<string, string>
  lastUpdated: Date
}

export interface TeardownResult {
  /** What is still tagged for the lab after the stack is gone, and its log groups still there (should be empty). */
  remaining: { arn: string; type: string }[]
  /** Stacks deleted (teardownAll lists every one; teardownLab the lab's, if it existed). */
  deletedStacks?: string[]
  /** Log groups deleted: `/aws/lambda/<function>` and `API-Gateway-Execution-Logs_{apiId}/{stage}` of the stacks. */
  deletedLogGroups?: string[]
  /** Why the tag check could not run (e.g. no tag:GetResources permission); remaining is then unknown. */
  unverified?: string
}
