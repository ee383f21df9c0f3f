/**
 * `lab logs` as a learner runs it (the built CLI, a local cloud, lab 354 deployed): clear errors before the lab is
 * deployed and for bad flags; the functions' CloudWatch Logs lines, each prefixed with the logical id and time;
 * `--function` narrowing (an unknown one lists the stack's functions); `--follow` printing a new call's lines and
 * stopping cleanly on Ctrl+C (SIGINT: exit 0, no stack trace).
 */
import { execa } from 'execa'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { labCli, ROOT, stopCloud, type LabCli } from './helpers.js'

let cli: LabCli
beforeAll(async () => {
  cli = await labCli()
})
afterAll(async () => {
  await cli.run(['teardown', '354', '--yes'])
  await stopCloud(cli)
})

const LINE = /^WhoAmIFunction +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}\S/m

describe('lab logs', { timeout: 900_000 }, () => {
  it('says the lab is not deployed, and refuses a bad --since, without a stack trace', async () => {
    const before = await cli.run(['logs', '354'])
    expect(before.exitCode).not.toBe(0)
    expect(before.stderr).toMatch(/Lab 354 is not deployed/)
    const bad = await cli.run(['logs', '354', '--since', 'yesterday'])
    expect(bad.exitCode).not.toBe(0)
    expect(bad.stderr).toContain('--since must be a number followed by s, m, h or d')
    expect(before.stderr + bad.stderr).not.toMatch(/\n\s+at /)
  })

  it('prints the functions\' lines with their logical id and time; --function narrows; --follow stops on Ctrl+C', async () => {
    expect((await cli.run(['start', '354', '--yes'])).exitCode).toBe(0)
    await cli.run(['solve', '354', '--yes'])
    expect((await cli.run(['ws', '354', '-x', '{"action":"whoami"}', '-w', '3'])).exitCode).toBe(0)
    const all = await cli.run(['logs', '354'])
    expect(all.exitCode).toBe(0)
    expect(all.stdout).toMatch(LINE)
    const one = await cli.run(['logs', '354', '--function', 'ConnectFunction', '--since', '1h'])
    expect(one.stdout).toMatch(/^ConnectFunction \d{4}-/m)
    expect(one.stdout).not.toMatch(/^WhoAmIFunction/m)
    const unknown = await cli.run(['logs', '354', '--function', 'NoSuchFunction'])
    expect(unknown.exitCode).not.toBe(0)
    expect(unknown.stderr).toMatch(/has no function NoSuchFunction\. Its functions: .*WhoAmIFunction/)

    let text = ''
    const follow = execa(process.execPath, [path.join(ROOT, 'bin/lab.js'), 'logs', '354', '--function', 'WhoAmIFunction', '--since', '1s', '--follow'], { env: cli.env, cwd: ROOT, reject: false, timeout: 180_000 })
    follow.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()))
    follow.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()))
    const waitFor = async (pattern: RegExp) => {
      for (let i = 0; i < 600 && !pattern.test(text); i++) await new Promise((r) => setTimeout(r, 100))
      expect(text).toMatch(pattern)
    }
    await waitFor(/Ctrl\+C/)
    const before = text.length
    await cli.run(['ws', '354', '-x', '{"action":"whoami"}', '-w', '2'])
    await waitFor(LINE)
    expect(text.slice(before)).toMatch(LINE)
    follow.kill('SIGINT')
    const done = await follow
    expect(done.exitCode).toBe(0)
    expect(text).not.toMatch(/\n\s+at |Unexpected error/)
  })
})
