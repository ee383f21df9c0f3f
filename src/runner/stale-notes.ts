/** @module Under a failing check whose answer came from a stale stage: say so (the stale-deployment trap). */
import fs from 'node:fs'
import path from 'node:path'
import type { CheckResult } from '../checks/types.js'
import type { StaleStage, Target } from '../deployer/types.js'
import { staleCheckNote } from '../ui/stale-deployment.js'
import type { DeployerApi } from './deps.js'

/** The stale stages of the lab's stack, judged with the workspace's template (empty when it cannot be read). */
export async function staleStagesFor(deployer: DeployerApi, target: Target, stackName: string, workspace: string): Promise<StaleStage[]> {
  if (!deployer.staleDeployments) return []
  let text: string
  try {
    text = fs.readFileSync(path.join(workspace, 'template.yaml'), 'utf8')
  } catch {
    return []
  }
  return deployer.staleDeployments(target, stackName, text)
}

/**
 * A failed check that sent its request to a stale stage (its URL names the API id, and the stage as the first path
 * segment) gets the note; only asked for when something failed.
 */
export async function addStaleNotes(results: CheckResult[], stale: () => Promise<StaleStage[]>): Promise<void> {
  const failed = results.filter((r) => !r.passed && !r.skipped)
  if (!failed.length) return
  const stages = await stale().catch(() => [])
  for (const r of failed) {
    const text = `${r.request ?? ''}\n${r.message ?? ''}`
    const stage = stages.find((s) => text.includes(s.apiId) && new RegExp(`/${s.stage}(/|\\b)`).test(text))
    if (stage) r.staleDeployment = staleCheckNote(stage)
  }
}
