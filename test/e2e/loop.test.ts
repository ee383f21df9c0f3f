/** The learner's loop around a deploy: status finds what progress.json lost, reset resets the learning too. */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { labCli, ROOT, stopCloud, type LabCli } from './helpers.js'

const CONTENT = path.join(ROOT, 'test', 'e2e', 'fixtures', 'content')
let cli: LabCli
const progress = () => JSON.parse(fs.readFileSync(path.join(cli.home, 'progress.json'), 'utf8'))

beforeAll(async () => {
  cli = await labCli({ LAB_CONTENT_DIR: CONTENT })
})
afterAll(async () => {
  await cli.run(['teardown', '900', '--yes'])
  await stopCloud(cli)
}, 120_000)

describe('lab status reconciles with the target', () => {
  it('shows (and records) a stack carrying a lab tag that progress.json does not know', { timeout: 180_000 }, async () => {
    expect((await cli.run(['start', '900'])).exitCode).toBe(0)
    fs.rmSync(path.join(cli.home, 'progress.json'))
    const json = JSON.parse((await cli.run(['status', '--json'])).stdout)
    expect(json.deployed).toEqual([expect.objectContaining({ lab: '900', stackName: 'lab-900-smoke', state: 'deployed', untracked: true, stackStatus: 'CREATE_COMPLETE' })])
    expect(progress().labs['900']).toMatchObject({ stackName: 'lab-900-smoke', target: { target: 'local' } })

    // Recorded now: the next status knows it (no longer "found by its tag"), and `lab check` finds it.
    const again = await cli.run(['status'])
    expect(again.stdout).toContain('900 Smoke test lab — deployed')
    expect(again.stdout).not.toContain('Found on the target by its tag')
    expect((await cli.run(['check', '900'])).stdout).toContain('The stack exports a Greeting')
  })
})

describe('lab reset', () => {
  it('resets the hint level and the last check too, after saying so', { timeout: 120_000 }, async () => {
    await cli.run(['hint', '900'])
    await cli.run(['hint', '900'])
    await cli.run(['check', '900'])
    expect(progress().labs['900']).toMatchObject({ hintLevel: 2, lastCheck: expect.any(Object) })
    const r = await cli.run(['reset', '900', '--yes'])
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toContain('Progress of lab 900 reset')
    const after = progress().labs['900']
    expect(after.hintLevel).toBeUndefined()
    expect(after.lastCheck).toBeUndefined()
    expect(after.stackName).toBe('lab-900-smoke') // still deployed, still known
    expect((await cli.run(['hint', '900'])).stdout).toContain('Hint 1 of 2')
  })
})

describe.skipIf(!(fs.existsSync('/usr/bin/script') && process.platform === 'linux'))('confirmation prompts on a terminal', () => {
  it('show the answer as yes or no, with a tick only for a yes', { timeout: 120_000 }, async () => {
    const { execa } = await import('execa')
    const ask = (keys: string) =>
      execa('script', ['-qec', `${process.execPath} ${path.join(ROOT, 'bin', 'lab.js')} reset 900`, '/dev/null'], {
        env: { ...cli.env, NO_COLOR: '1', FORCE_COLOR: '' },
        input: keys,
        reject: false,
        timeout: 60_000,
      })
    // Only the prompt's final rendering (after its last cursor move) is what stays on the screen.
    const last = (out: string) => out.split('\u001b[1G').pop()!
    const no = await ask('n\r')
    expect(last(no.stdout)).toMatch(/✖ Restore the starter files[^\n]*· no/)
    expect(no.stdout).not.toMatch(/\bfalse\b|✔/)
    const yes = await ask('y\r')
    expect(last(yes.stdout)).toMatch(/✔ Restore the starter files[^\n]*· yes/)
    expect(yes.stdout).not.toMatch(/\btrue\b/)
  })
})
