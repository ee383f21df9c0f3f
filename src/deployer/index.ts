/**
 * @module The deployer's public surface: targets, deploy, stack state and teardown. The heavy parts (the AWS
 * SDK clients) load only when an operation needs them, so every `lab` command starts fast.
 */
import type { DeployRequest, DeployResult, LabStackInfo, StackEventView, StaleStage, Target, TeardownResult } from './types.js'
import type { LabManifest } from '../runner/lab-types.js'
import { withLabErrors } from './errors.js'

export * from './types.js'
export { resolveTarget, checkCredentials, type CallerIdentity } from './target.js'
export { ensureLocalCloud, findRunningCloud, type LocalCloud } from './local-cloud.js'
export { localizeOutputs, localizeUrl } from './local-urls.js'
export { parseTemplateText } from './template.js'

export async function deployLab(target: Target, request: DeployRequest): Promise<DeployResult> {
  return withLabErrors(target, async () => (await import('./deploy.js')).deployLab(target, request))
}

export async function describeLabStack(target: Target, stackName: string): Promise<LabStackInfo | undefined> {
  return withLabErrors(target, async () => (await import('./info.js')).describeLabStack(target, stackName))
}

/** Stages of the stack's REST APIs serving an older snapshot than the API defines; never throws (empty then). */
export async function staleDeployments(target: Target, stackName: string, templateText: string): Promise<StaleStage[]> {
  try {
    const template = (await import('./template.js')).parseTemplateText(templateText)
    return await (await import('./stale-deployments.js')).staleDeployments(target, stackName, template)
  } catch {
    return []
  }
}

/** Every stack carrying a lab's tag on the target. */
export async function labStacks(target: Target): Promise<(LabStackInfo & { lab: string })[]> {
  return withLabErrors(target, async () => (await import('./info.js')).labStacks(target))
}

export async function getStackOutputs(target: Target, stackName: string): Promise<Record<string, string> | undefined> {
  return withLabErrors(target, async () => (await import('./info.js')).getStackOutputs(target, stackName))
}

/** Recent lines from the stack's Lambda functions' logs (for a check that got a 5xx); never throws. */
export async function recentFunctionLog(target: Target, stackName: string, sinceMs: number): Promise<string[]> {
  return (await import('./function-logs.js')).recentFunctionLog(target, stackName, sinceMs).catch(() => [])
}

/** Reads the stack's functions' CloudWatch Logs (`lab logs`); destroy() it when done. */
export async function functionLogReader(target: Target, stackName: string): Promise<import('./function-logs.js').FunctionLogReader> {
  return new (await import('./function-logs.js')).FunctionLogReader(target, stackName)
}

/** The deployed stack's resources (optionally of one type), e.g. its DynamoDB tables. */
export async function listStackResources(target: Target, stackName: string, type?: string): Promise<import('./stack-resources.js').StackResource[]> {
  return withLabErrors(target, async () => (await import('./stack-resources.js')).listStackResources(target, stackName, type))
}

export async function teardownLab(
  target: Target,
  lab: Pick<LabManifest, 'id' | 'stackName'> & { stackNameOverride?: string },
  onEvent?: (event: StackEventView) => void,
): Promise<TeardownResult> {
  return withLabErrors(target, async () => (await import('./teardown.js')).teardownLab(target, lab, onEvent))
}

export async function teardownAll(target: Target, onEvent?: (event: StackEventView) => void): Promise<TeardownResult> {
  return withLabErrors(target, async () => (await import('./teardown.js')).teardownAll(target, onEvent))
}

export type { SignInRequest, SignedInTokens, UserPoolIds } from './cognito-sign-in.js'
export { userPoolIdsFrom } from './cognito-sign-in.js'

/** Sign in to a user pool with USER_PASSWORD_AUTH (`lab login`); the SDK client loads only here. */
export async function signInToUserPool(target: Target, request: import('./cognito-sign-in.js').SignInRequest) {
  return (await import('./cognito-sign-in.js')).signInToUserPool(target, request)
}
