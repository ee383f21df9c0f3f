import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { CheckResult } from '../checks/types.js'
import type { Target } from '../deployer/types.js'
import { captureOutput } from '../ui/output.js'
import type { RunnerDeps } from './deps.js'
import { loadAllLabs } from './lab-manifest.js'
import { ProgressStore } from './progress.js'
import { verifyLab } from './verify-labs.js'

const CONTENT = fileURLToPath(new URL('../../test/e2e/fixtures/content', import.meta.url))
const target: Target = { kind: 'local', region: 'us-east-1', clientConfig: {}, describe: 'stub' }

/** A fake deployer: the outputs are Greeting=hello when the workspace's template mentions Greeting. */
function stubs(options: { starterPasses?: boolean; message?: string; remaining?: number } = {}): RunnerDeps {
  let outputs: Record<string, string> = {}
  return {
    deployer: async () => ({
      resolveTarget: async () => target,
      deployLab: async (_t, req) => {
        const text = fs.readFileSync(path.join(req.workspaceDir, 'template.yaml'), 'utf8')
        outputs = text.includes('Greeting') || options.starterPasses ? { Greeting: 'hello' } : {}
        return { stackName: 'lab-900-smoke', stackId: 'x', status: 'CREATE_COMPLETE', outputs, unchanged: false }
      },
      getStackOutputs: async () => outputs,
      teardownLab: async () => ({ remaining: Array.from({ length: options.remaining ?? 0 }, (_, i) => ({ arn: `arn:aws:s3:::left-${i}`, type: 's3' })) }),
      teardownAll: async () => ({ remaining: [] }),
      checkCredentials: async () => ({}),
    }),
    checks: async () => ({
      runChecks: async (_specs, ctx): Promise<CheckResult[]> => [
        ctx.outputs.Greeting === 'hello'
          ? { id: 'greeting', title: 'g', passed: true, message: 'ok' }
          : { id: 'greeting', title: 'g', passed: false, message: options.message ?? 'The stack has no output named Greeting' },
      ],
      validateCheckSpecs: () => [],
      createLabFetch: () => fetch,
      findChromium: () => undefined,
    }),
  }
}

async function verify(deps: RunnerDeps) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-verify-test-'))
  const [lab] = await loadAllLabs(CONTENT)
  return verifyLab({ out: captureOutput(), labHome: home, progress: new ProgressStore(home), deps }, lab, false)
}

describe('verifyLab', () => {
  it('passes a lab whose starter fails as declared and whose solution passes', async () => {
    expect(await verify(stubs())).toEqual({ lab: '900', ok: true, problems: [], notes: [] })
  })

  it('catches a starter that already passes a failsInStarter check', async () => {
    const v = await verify(stubs({ starterPasses: true }))
    expect(v.ok).toBe(false)
    expect(v.problems).toEqual(['starter: check greeting passed, but failsInStarter says it must fail'])
  })

  it('catches a starter failing for another reason than the declared text', async () => {
    const v = await verify(stubs({ message: 'connection refused' }))
    expect(v.problems).toEqual(['starter: check greeting failed with "connection refused", expected it to contain "Greeting"'])
  })

  it('reports what teardown left behind', async () => {
    const v = await verify(stubs({ remaining: 1 }))
    expect(v.problems).toEqual(['teardown: s3 arn:aws:s3:::left-0 still exists'])
  })
})
