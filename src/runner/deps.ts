/**
 * @module The runner's view of the deployer and the checks, loaded lazily (the AWS SDK and playwright stay
 * off the `lab list` path) and replaceable in tests.
 */
import type { CheckContext, CheckResult, CheckSpec } from '../checks/types.js'
import type {
  DeployRequest,
  DeployResult,
  LabStackInfo,
  StaleStage,
  StackEventView,
  Target,
  TargetOptions,
  TeardownResult,
} from '../deployer/types.js'
import type { LabManifest } from './lab-types.js'

export interface DeployerApi {
  resolveTarget(opts: TargetOptions & { labHome: string }): Promise<Target>
  deployLab(target: Target, req: DeployRequest): Promise<DeployResult>
  getStackOutputs(target: Target, stackName: string): Promise<Record<string, string> | undefined>
  /** The stack's status and outputs (optional: fakes in tests may leave it out). */
  describeLabStack?(target: Target, stackName: string): Promise<LabStackInfo | undefined>
  /** Every stack carrying a lab's tag on the target (optional: fakes in tests may leave it out). */
  labStacks?(target: Target): Promise<(LabStackInfo & { lab: string })[]>
  /** Stages serving an older snapshot than their REST API defines (optional: fakes may leave it out). */
  staleDeployments?(target: Target, stackName: string, templateText: string): Promise<StaleStage[]>
  /** The local cloud of this LAB_HOME if it is running (never starts it). */
  findRunningCloud?(labHome: string): Promise<{ endpoint: string } | undefined>
  /** What the stack's functions logged since `sinceMs` (optional: fakes in tests may leave it out). */
  recentFunctionLog?(target: Target, stackName: string, sinceMs: number): Promise<string[]>
  /** The stack's resources, optionally of one type (optional: fakes in tests may leave it out). */
  listStackResources?(target: Target, stackName: string, type?: string): Promise<{ logicalId: string; physicalId: string; type: string }[]>
  teardownLab(target: Target, lab: LabManifest, onEvent?: (event: StackEventView) => void): Promise<TeardownResult>
  /** Every stack the labs manage on this target, then the shared artifacts bucket. */
  teardownAll(target: Target, onEvent?: (event: StackEventView) => void): Promise<TeardownResult>
  checkCredentials(target: Target): Promise<unknown>
}

export interface ChecksApi {
  runChecks(specs: CheckSpec[], ctx: CheckContext, onStart?: (spec: CheckSpec, index: number, total: number) => void): Promise<CheckResult[]>
  validateCheckSpecs(specs: CheckSpec[]): string[]
  createLabFetch(): typeof fetch
  findChromium(): string | undefined
}

export interface RunnerDeps {
  deployer(): Promise<DeployerApi>
  checks(): Promise<ChecksApi>
}

export const defaultDeps: RunnerDeps = {
  deployer: async () => (await import('../deployer/index.js')) as unknown as DeployerApi,
  checks: async () => (await import('../checks/index.js')) as unknown as ChecksApi,
}
