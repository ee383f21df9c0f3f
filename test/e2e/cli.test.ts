/** The CLI surface as a learner meets it: help, list, unknown ids, bad flags, confirmations, hints, errors. */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { labCli, stopCloud, type LabCli } from './helpers.js'

const COMMANDS = ['list', 'start', 'deploy', 'check', 'watch', 'hint', 'solve', 'reset', 'teardown', 'status', 'outputs', 'doctor', 'cloud']
let cli: LabCli

beforeAll(async () => {
  cli = await labCli()
})
afterAll(async () => {
  await stopCloud(cli)
})

describe('lab --help', () => {
  it('lists every command', async () => {
    const r = await cli.run(['--help'])
    expect(r.exitCode).toBe(0)
    for (const name of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'))
  })

  it.each(COMMANDS)('lab %s --help', async (name) => {
    const r = await cli.run([name, '--help'])
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toContain(`Usage: lab ${name}`)
  })

  it.each(['start', 'stop', 'status'])('lab cloud %s --help', async (name) => {
    const r = await cli.run(['cloud', name, '--help'])
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toContain(`Usage: lab cloud ${name}`)
  })

  it('target flags are on every command that deploys or checks', async () => {
    for (const name of ['start', 'deploy', 'check', 'watch', 'solve', 'teardown', 'outputs']) {
      const r = await cli.run([name, '--help'])
      for (const flag of ['--target <kind>', '--endpoint <url>', '--profile <name>', '--region <region>']) expect(r.stdout, name).toContain(flag)
    }
  })
})

describe('lab list', () => {
  it('--json lists lab 350 with its lecture, title and progress', async () => {
    const r = await cli.run(['list', '--json'])
    expect(r.exitCode).toBe(0)
    const { labs } = JSON.parse(r.stdout)
    const lab = labs.find((l: any) => l.id === '350')
    expect(lab).toMatchObject({ id: '350', lecture: 350, status: 'notStarted', current: false })
    expect(typeof lab.title).toBe('string')
  })

  it('prints a plain table without colour codes when not on a TTY', async () => {
    const r = await cli.run(['list'], { env: { NO_COLOR: '' } })
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toMatch(/350\s+350\s+.+not started/)
    expect(r.stdout).not.toMatch(/\u001b\[/)
  })
})

describe('errors', () => {
  it("an unknown id suggests the closest lab and `lab list`", async () => {
    const r = await cli.run(['start', '35', '--yes'])
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain("Unknown lab '35'. Did you mean 350")
    expect(r.stderr).toContain('lab list')
    expect(fs.existsSync(path.join(cli.home, 'workspaces'))).toBe(false)
  })

  it('a bad flag is commander’s error, non-zero', async () => {
    const r = await cli.run(['check', '350', '--bogus'])
    expect(r.exitCode).not.toBe(0)
    expect(r.stderr).toContain("unknown option '--bogus'")
    const t = await cli.run(['check', '350', '--target', 'mars'])
    expect(t.exitCode).not.toBe(0)
    expect(t.stderr).toMatch(/--target <kind>' argument 'mars' is invalid/)
  })

  it('without a TTY, a command needing confirmation asks for --yes', async () => {
    const r = await cli.run(['reset', '350'])
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain('Add --yes')
  })

  it('start on real AWS shows the cost and needs confirmation before creating anything', async () => {
    const other = await labCli()
    const r = await other.run(['start', '350', '--target', 'aws', '--region', 'us-east-1'])
    expect(r.exitCode).toBe(1)
    expect(r.stdout).toMatch(/Estimated cost on AWS: .+\. Run `lab teardown 350` when you are done\./)
    expect(r.stderr).toContain('lab start needs confirmation')
    expect(fs.existsSync(path.join(other.home, 'workspaces'))).toBe(false)
  })

  it('no id and no lab in progress says so', async () => {
    const r = await cli.run(['check'])
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain('No lab is in progress')
  })

  it('a corrupt progress file is named, not a stack trace', async () => {
    const other = await labCli()
    fs.writeFileSync(path.join(other.home, 'progress.json'), '{"version":1,')
    const r = await other.run(['list'])
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain(path.join(other.home, 'progress.json'))
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('unexpected errors', () => {
  it('print one line and the DEBUG hint, exit 70; DEBUG=1 adds the stack', async () => {
    const other = await labCli()
    fs.mkdirSync(path.join(other.home, 'progress.json')) // reading it fails with EISDIR: not a LabError
    const r = await other.run(['list'])
    expect(r.exitCode).toBe(70)
    expect(r.stderr).toMatch(/^Unexpected error: .*EISDIR/)
    expect(r.stderr).toContain('Run with DEBUG=1 for details.')
    expect(r.stderr).not.toMatch(/\n\s+at /)
    const debug = await other.run(['list'], { env: { DEBUG: '1' } })
    expect(debug.exitCode).toBe(70)
    expect(debug.stderr).toMatch(/\n\s+at /)
  })
})

describe('lab hint', () => {
  it('gives the hints of the step the learner is on, one more per call, remembers the level per step, and resets', async () => {
    const first = await cli.run(['hint', '350'])
    expect(first.exitCode).toBe(0)
    expect(first.stdout).toContain('Hint 1 of 1 · step 1: See it fail')
    const again = await cli.run(['hint', '350'])
    expect(again.stdout).toContain('That was the last hint for this step. The guide explains it in full: `lab guide 350 --step 1`')
    const progress = JSON.parse(fs.readFileSync(path.join(cli.home, 'progress.json'), 'utf8'))
    expect(progress).toMatchObject({ version: 1, labs: { '350': { stepHintLevels: { 'see-it-fail': 1 } } } })
    const all = await cli.run(['hint', '350', '--all'])
    expect(all.stdout).toContain('step 5: Make it live')
    expect(all.stdout).toContain('Rename the Deployment resource to DeploymentV2')
    await cli.run(['hint', '350', '--reset'])
    const reset = JSON.parse(fs.readFileSync(path.join(cli.home, 'progress.json'), 'utf8'))
    expect(reset.labs['350'].stepHintLevels).toBeUndefined()
    expect((await cli.run(['hint', '350', '--lang', 'ko'])).stdout).toContain('힌트 1/1 · 1단계: 실패하는 모습 확인하기')
  })
})
