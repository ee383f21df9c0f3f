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
}

export interface DeployRequest {
  lab: LabManifest
  workspaceDir: string
  onEvent?: (event: StackEventView) => void
}

export interface TeardownResult {
  /** What is still tagged for the lab after the stack is gone (should be empty). */
  remaining: { arn: string; type: string }[]
}
