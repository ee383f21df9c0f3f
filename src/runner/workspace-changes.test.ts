import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { check } from '../cli/commands/check.js'
import type { Target } from '../deployer/types.js'
import { captureOutput } from '../ui/output.js'
import type { RunnerDeps } from './deps.js'
import { ProgressStore } from './progress.js'
import { deployWorkspace } from './session.js'
import { selectLab } from './select.js'
import { changedSinceDeploy, workspaceFingerprint } from './workspace-changes.js'

const root = path.resolve(import.meta.dirname, '../..')

function workspace() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-changes-'))
  fs.mkdirSync(path.join(dir, 'src'))
  fs.writeFileSync(path.join(dir, 'template.yaml'), 'Resources: {}\n')
  fs.writeFileSync(path.join(dir, 'src', 'app.py'), 'def handler(e, c):\n    return {}\n')
  fs.writeFileSync(path.join(dir, 'GUIDE.md'), '# guide\n')
  return dir
}

describe('edits since the last deploy', () => {
  it('names files changed, added and removed; guide notes, swap files and node_modules do not count', () => {
    const dir = workspace()
    const deployedFiles = workspaceFingerprint(dir)!
    expect(Object.keys(deployedFiles).sort()).toEqual(['src/app.py', 'template.yaml'])
    fs.appendFileSync(path.join(dir, 'GUIDE.md'), 'my notes\n')
    fs.writeFileSync(path.join(dir, 'src', '.app.py.swp'), 'x')
    fs.mkdirSync(path.join(dir, 'node_modules'))
    fs.writeFileSync(path.join(dir, 'node_modules', 'x.js'), 'x')
    expect(changedSinceDeploy(dir, { deployedFiles })).toEqual([])
    fs.appendFileSync(path.join(dir, 'src', 'app.py'), '# edited\n')
    fs.writeFileSync(path.join(dir, 'src', 'util.py'), '')
    fs.rmSync(path.join(dir, 'template.yaml'))
    expect(changedSinceDeploy(dir, { deployedFiles })).toEqual(['src/app.py', 'src/util.py', 'template.yaml'])
  })

  it('without a recorded fingerprint (an older deploy), a file modified after the deploy counts', () => {
    const dir = workspace()
    const old = new Date(Date.now() - 60_000)
    for (const f of ['template.yaml', 'src/app.py']) fs.utimesSync(path.join(dir, f), old, old)
    const deployedAt = new Date(Date.now() - 30_000).toISOString()
    expect(changedSinceDeploy(dir, { deployedAt })).toEqual([])
    fs.appendFileSync(path.join(dir, 'src', 'app.py'), '# edited\n')
    expect(changedSinceDeploy(dir, { deployedAt })).toEqual(['src/app.py'])
  })

  it('`lab check` after editing app.py without deploying says so first, naming the file and `lab deploy 350`', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-changes-home-'))
    const dir = workspace()
    const target: Target = { kind: 'local', region: 'us-east-1', clientConfig: {}, describe: 'local cloud at http://localhost:1' }
    const deps: RunnerDeps = {
      deployer: async () => ({
        resolveTarget: async () => target,
        deployLab: async () => ({ stackName: 'apigw-lab-350', stackId: 'id', status: 'UPDATE_COMPLETE', outputs: {}, unchanged: false }),
        getStackOutputs: async () => ({}),
        teardownLab: async () => ({ remaining: [] }),
        teardownAll: async () => ({ remaining: [] }),
        checkCredentials: async () => ({}),
      }),
      checks: async () => ({ runChecks: async () => [], validateCheckSpecs: () => [], createLabFetch: () => fetch, findChromium: () => undefined }),
    }
    const progress = new ProgressStore(home)
    progress.update((p) => void (p.labs['350'] = { workspace: dir }))
    const ctx = { out: captureOutput(), labHome: home, contentDir: root, cwd: dir, progress, deps }
    const lab = await selectLab(ctx, '350')
    await deployWorkspace(ctx, lab, { target: { target: 'local' } })
    await check(ctx, { id: '350' })
    expect(ctx.out.stderr.join('\n')).not.toContain('changed since the last deploy')
    fs.appendFileSync(path.join(dir, 'src', 'app.py'), '# edited\n')
    ctx.out.stderr.length = 0
    await check(ctx, { id: '350' })
    expect(ctx.out.stderr[0]).toBe('Your workspace changed since the last deploy (src/app.py): run `lab deploy 350` first. The checks below run against what is deployed.')
  })
})

describe('where a deploy comes from', () => {
  it('names the workspace folder, and warns when run from the project\'s starter copy', async () => {
    const { deploy } = await import('../cli/commands/deploy.js')
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-from-home-'))
    const dir = workspace()
    const target: Target = { kind: 'local', region: 'us-east-1', clientConfig: {}, describe: 'local cloud at http://localhost:1' }
    const deps = {
      deployer: async () => ({
        resolveTarget: async () => target,
        deployLab: async () => ({ stackName: 'apigw-lab-350', stackId: 'id', status: 'UPDATE_COMPLETE', outputs: {}, unchanged: true }),
      }),
    } as unknown as RunnerDeps
    const progress = new ProgressStore(home)
    progress.update((p) => {
      p.current = '350'
      p.labs['350'] = { workspace: dir }
    })
    const starter = path.join(root, 'templates', '350-cors', 'starter')
    const ctx = { out: captureOutput(), labHome: home, contentDir: root, cwd: starter, progress, deps }
    await deploy(ctx, {})
    expect(ctx.out.stdout).toContain(`From the workspace ${dir}`)
    expect(ctx.out.stderr[0]).toBe(
      `This folder (${starter}) is the project's starter copy of lab 350, not a workspace: edits here are never deployed. \`lab deploy 350\` deploys the workspace ${dir}: edit the files there.`,
    )
    ctx.out.stderr.length = 0
    await deploy({ ...ctx, cwd: dir }, {})
    expect(ctx.out.stderr).toEqual([])
  })
})
