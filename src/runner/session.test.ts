import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { CheckResult } from '../checks/types.js'
import type { Target } from '../deployer/types.js'
import { captureOutput } from '../ui/output.js'
import type { RunnerDeps } from './deps.js'
import type { LoadedLab } from './lab-manifest.js'
import { ProgressStore } from './progress.js'
import { checkLab, checkRunJson, deployWorkspace, printCheckRun, runPassed } from './session.js'

const r = (id: string, passed: boolean, skipped = false): CheckResult => ({ id, title: id, passed, skipped, message: '' })

describe('runPassed', () => {
  it('fails on any failure; a skip fails only when --browser was asked for', () => {
    expect(runPassed([r('a', true), r('b', false)], false)).toBe(false)
    expect(runPassed([r('a', true), r('b', false, true)], false)).toBe(true)
    expect(runPassed([r('a', true), r('b', false, true)], true)).toBe(false)
  })
})

function setup(outputs: Record<string, string> | undefined, results: CheckResult[]) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-session-'))
  const ws = path.join(home, 'ws')
  fs.mkdirSync(ws)
  fs.writeFileSync(path.join(ws, 'template.yaml'), 'Resources: {}\n')
  const target: Target = { kind: 'local', region: 'us-east-1', clientConfig: {}, describe: 'local cloud at http://localhost:1' }
  const calls: string[] = []
  const deps: RunnerDeps = {
    deployer: async () => ({
      resolveTarget: async (o) => (calls.push(`target:${o.target}:${o.labHome === home}`), target),
      deployLab: async (_t, req) => {
        req.onEvent?.({ timestamp: new Date(0), logicalId: 'Api', resourceType: 'AWS::ApiGateway::RestApi', status: 'CREATE_COMPLETE' })
        return { stackName: 'lab-350', stackId: 'id', status: 'CREATE_COMPLETE', outputs: { SiteUrl: 'http://site' }, unchanged: false }
      },
      getStackOutputs: async (_t, name) => (calls.push(`outputs:${name}`), outputs),
      teardownLab: async () => ({ remaining: [] }),
      teardownAll: async () => ({ remaining: [] }),
      checkCredentials: async () => ({}),
    }),
    checks: async () => ({
      runChecks: async (_specs, ctx) => (calls.push(`checks:${ctx.browser}:${ctx.outputs.SiteUrl}`), results),
      validateCheckSpecs: () => [],
      createLabFetch: () => fetch,
      findChromium: () => undefined,
    }),
  }
  const labDir = path.join(home, 'lab')
  fs.mkdirSync(labDir)
  const lab = {
    dir: labDir,
    manifest: {
      id: '350',
      stackName: 'lab-350',
      urls: [{ label: 'Site', output: 'SiteUrl' }, { label: 'API', output: 'ApiUrl' }],
      checks: [],
      learn: ['What an origin is'],
      exam: [{ task: '1.1', text: 'Develop code for applications hosted on AWS' }],
      steps: [
        { id: 'first', title: 'Open the site', text: 'Deploy and open the site.', checks: ['a'] },
        { id: 'second', title: 'Fix the header', text: 'Add the header in the function.', checks: ['b', 'page'] },
      ],
    },
  } as unknown as LoadedLab
  const out = captureOutput()
  const progress = new ProgressStore(home)
  return { s: { out, labHome: home, progress, deps }, lab, ws, calls, out, progress }
}

describe('session', () => {
  it('deploy prints events and URLs (naming missing outputs) and records the target', async () => {
    const { s, lab, ws, out, progress } = setup({}, [])
    const outcome = await deployWorkspace(s, lab, { target: { target: 'local' }, dir: ws })
    expect(outcome.urls).toEqual([
      { label: 'Site', url: 'http://site' },
      { label: 'API', url: '(no output ApiUrl)' },
    ])
    expect(out.stdout.some((l) => /00:00:00 Api\s+AWS::ApiGateway::RestApi\s+CREATE_COMPLETE/.test(l))).toBe(true)
    expect(progress.lab('350')).toMatchObject({ target: { target: 'local' }, stackName: 'lab-350', workspace: ws })
  })

  it('check runs the checks on the outputs, records the result, and builds the JSON', async () => {
    const { s, lab, calls, progress } = setup({ SiteUrl: 'http://site' }, [r('a', true), r('b', false)])
    const run = await checkLab(s, lab, { target: { target: 'local' }, browser: true })
    expect(calls).toEqual(['target:local:true', 'outputs:lab-350', 'checks:true:http://site'])
    expect(checkRunJson(run)).toMatchObject({ lab: '350', passed: false, checks: [{ id: 'a', passed: true }, { id: 'b', passed: false }] })
    expect(progress.lab('350').lastCheck).toMatchObject({ passed: false, passedCount: 1, total: 2 })
    expect(progress.lab('350').checksPassedAt).toBeUndefined()
  })

  it('says which check is running while it runs, and clears that line afterwards', async () => {
    const { s, lab, out } = setup({ SiteUrl: 'http://site' }, [])
    const checks = await s.deps!.checks()
    s.deps = {
      ...s.deps!,
      checks: async () => ({
        ...checks,
        runChecks: async (_specs, _ctx, onStart) => {
          onStart?.({ id: 'a', title: 'The page loads', kind: 'http' } as never, 0, 2)
          onStart?.({ id: 'b', title: 'The header is there', kind: 'http' } as never, 1, 2)
          return [r('a', true), r('b', true)]
        },
      }),
    }
    await checkLab(s, lab, { target: { target: 'local' }, browser: false })
    expect(out.progressLines).toEqual(['Checking 1/2: The page loads …', 'Checking 2/2: The header is there …', ''])
  })

  it('a failed deploy still records the target, so teardown knows where to clean up', async () => {
    const { s, lab, ws, progress } = setup({}, [])
    const deployer = await s.deps.deployer()
    s.deps.deployer = async () => ({ ...deployer, deployLab: async () => Promise.reject(new Error('ROLLBACK_COMPLETE')) })
    await expect(deployWorkspace(s, lab, { target: { target: 'aws', region: 'eu-west-1' }, dir: ws })).rejects.toThrow('ROLLBACK')
    expect(progress.lab('350')).toMatchObject({ target: { target: 'aws', region: 'eu-west-1' } })
    expect(progress.lab('350').deployedAt).toBeUndefined()
  })

  it('with --browser and no Chromium, the report says the run failed because a check could not run', async () => {
    const { s, lab, out } = setup({ SiteUrl: 'http://site' }, [r('a', true), { ...r('page', false, true), couldNotRun: true }])
    const run = await checkLab(s, lab, { target: { target: 'local' }, browser: true })
    printCheckRun(s, run, true)
    const text = out.stdout.join('\n')
    expect(run.passed).toBe(false)
    expect(text).toContain('! page (could not run)')
    expect(text).toContain('1 passed, 0 failed, 0 skipped, 1 could not run (2 checks)')
    expect(text).toContain('1 check(s) asked for with --browser could not run')
    expect(text).not.toContain('Fix the failures above')
  })

  it('the function log is shown once per run, under the first 5xx failure', async () => {
    const { s, lab, out } = setup({ SiteUrl: 'http://site' }, [{ ...r('a', false), status: 502 }, { ...r('b', false), status: 502 }])
    const deployer = await s.deps.deployer()
    s.deps.deployer = async () => ({ ...deployer, recentFunctionLog: async () => ['Fn:', '  [ERROR] boom'] })
    const run = await checkLab(s, lab, { target: { target: 'local' }, browser: false })
    expect(run.results.map((x) => x.functionLog)).toEqual([['Fn:', '  [ERROR] boom'], undefined])
    printCheckRun(s, run, false)
    expect(out.stdout.join('\n').match(/function log/g)).toHaveLength(1)
  })

  it('a check that got a 5xx shows what the stack\'s functions logged during the run; other runs do not ask', async () => {
    const bad = { ...r('api', false), status: 502 }
    const { s, lab, out } = setup({ SiteUrl: 'http://site' }, [r('site', true), bad])
    const asked: number[] = []
    const deployer = await s.deps.deployer()
    s.deps.deployer = async () => ({ ...deployer, recentFunctionLog: async (_t, _name, since) => (asked.push(since), ['Fn:', '  [ERROR] boom']) })
    const run = await checkLab(s, lab, { target: { target: 'local' }, browser: false })
    expect(run.results[1].functionLog).toEqual(['Fn:', '  [ERROR] boom'])
    expect(run.results[0].functionLog).toBeUndefined()
    expect(asked).toHaveLength(1)
    expect(asked[0]).toBeLessThanOrEqual(Date.now())
    printCheckRun(s, run, false)
    expect(out.stdout.join('\n')).toMatch(/function log: Fn:\n\s+\[ERROR\] boom/)

    const fine = setup({ SiteUrl: 'http://site' }, [r('site', true), r('other', false)])
    fine.s.deps.deployer = async () => ({ ...deployer, recentFunctionLog: async () => (asked.push(0), []) })
    await checkLab(fine.s, fine.lab, { target: { target: 'local' }, browser: false })
    expect(asked).toHaveLength(1)
  })

  it('names the step the learner is on, shows its text on arrival, and the next step when one turns green', async () => {
    const results = [r('a', false), r('b', false), r('page', false, true)]
    const { s, lab, out } = setup({ SiteUrl: 'http://site' }, results)
    const report = async () => {
      out.stdout.length = 0
      const run = await checkLab(s, lab, { target: { target: 'local' }, browser: false })
      printCheckRun(s, run, false)
      return { run, text: out.stdout.join('\n') }
    }
    let { run, text } = await report()
    expect(text).toContain('→ Step 1 of 2: Open the site\n  Deploy and open the site.\n  More in the guide: `lab guide 350 --step 1`')
    expect(checkRunJson(run)).toMatchObject({ step: { number: 1, total: 2, id: 'first', title: 'Open the site' }, previousStep: null })
    ;({ text } = await report())
    expect(text).toContain('→ Step 1 of 2: Open the site\n  More in the guide') // same step: named, text not repeated
    results[0] = r('a', true)
    ;({ run, text } = await report())
    expect(text).toContain('✓ Step 1 done: Open the site.\n→ Next, step 2 of 2: Fix the header\n  Add the header in the function.')
    expect(checkRunJson(run)).toMatchObject({ step: { number: 2, id: 'second' }, previousStep: { number: 1, id: 'first' } })
    expect(text).not.toContain('What you learned')
    results[1] = r('b', true)
    ;({ run, text } = await report())
    expect(checkRunJson(run)).toMatchObject({ passed: true, step: null, previousStep: { id: 'second' } })
    expect(text).toContain('✓ Step 2 done: Fix the header.') // the last step turning green is said too
    expect(text).toContain('All checks pass. Well done!\n\nWhat you learned\n  • What an origin is\n\nWhat next\n  • Delete what you deployed: `lab teardown 350`')
    expect(text).toContain('Where this lab sits in the exam\n  • DVA-C02 task 1.1: Develop code for applications hosted on AWS')
    expect(text).not.toContain('lab quiz')
    fs.writeFileSync(path.join(lab.dir, 'quiz.yaml'), 'questions: []\n')
    ;({ text } = await report())
    expect(text).not.toContain('Step 2 done') // said once, when it turned green
    expect(text).toContain('What next\n  • Test yourself: `lab quiz 350`\n  • Delete what you deployed')
  })

  it('a browser check skipped without --browser does not hold a step back; one that could not run does', async () => {
    const skipped = { ...r('page', false, true) }
    const { s, lab } = setup({ SiteUrl: 'http://site' }, [r('a', true), r('b', true), skipped])
    expect((await checkLab(s, lab, { target: { target: 'local' }, browser: false })).steps.current).toBeUndefined()
    const blocked = setup({ SiteUrl: 'http://site' }, [r('a', true), r('b', true), { ...skipped, couldNotRun: true }])
    expect((await checkLab(blocked.s, blocked.lab, { target: { target: 'local' }, browser: true })).steps.current?.id).toBe('second')
  })

  it('Ctrl-C after the deploy finished stops the command with 130: no URLs printed afterwards', async () => {
    const { s, lab, ws, out } = setup({}, [])
    const deployer = await s.deps.deployer()
    const codes: number[] = []
    const others = process.listeners('SIGINT')
    for (const l of others) process.off('SIGINT', l) // the guard steps aside for an existing handler
    try {
      s.deps.deployer = async () => ({
        ...deployer,
        describeLabStack: async () => ({ status: 'UPDATE_COMPLETE' }),
        deployLab: async (t, req) => {
          const result = await deployer.deployLab(t, req)
          req.onPhase?.('done')
          process.emit('SIGINT', 'SIGINT')
          return result
        },
      })
      const error = await deployWorkspace({ ...s, exit: (code) => void codes.push(code) }, lab, { target: { target: 'local' }, dir: ws }).catch((e: unknown) => e)
      expect((error as { exitCode?: number }).exitCode).toBe(130)
      expect(codes).toEqual([130])
      expect(out.stderr.join('\n')).toContain('Interrupted after the deploy had finished (lab-350).')
      expect(out.stdout.join('\n')).not.toContain('http://site')
    } finally {
      for (const l of others) process.on('SIGINT', l)
    }
  })

  it('check on a lab that is not deployed says how to deploy it', async () => {
    const { s, lab } = setup(undefined, [])
    await expect(checkLab(s, lab, { target: { target: 'local' }, browser: false })).rejects.toThrow(/Lab 350 is not deployed/)
  })
})
