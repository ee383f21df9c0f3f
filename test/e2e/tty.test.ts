/** On a terminal, confirmations are prompts (enquirer) and colours are on; answers typed ahead are read. */
import { execa } from 'execa'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { labCli, ROOT, stopCloud } from './helpers.js'

const CONTENT = path.join(ROOT, 'test', 'e2e', 'fixtures', 'content')
// util-linux `script` gives the CLI a pseudo-terminal; without it this suite is skipped.
const hasScript = fs.existsSync('/usr/bin/script') && process.platform === 'linux'

describe.skipIf(!hasScript)('on a TTY', () => {
  const inTty = async (env: Record<string, string>, command: string, keys: string) =>
    execa('script', ['-qec', `${process.execPath} ${path.join(ROOT, 'bin', 'lab.js')} ${command}`, '/dev/null'], {
      env: { ...env, LAB_CONTENT_DIR: CONTENT, NO_COLOR: '', FORCE_COLOR: '' },
      input: keys,
      reject: false,
      timeout: 60_000,
    })

  it('asks before reset: "n" changes nothing, "y" backs up and restores', async () => {
    const cli = await labCli({ LAB_CONTENT_DIR: CONTENT })
    const no = await inTty(cli.env, 'reset 900', 'n\r')
    expect(no.stdout).toContain('Restore the starter files of lab 900')
    expect(no.stdout).toContain('Cancelled; nothing was changed.')
    expect(fs.existsSync(path.join(cli.home, 'backups'))).toBe(false)
    expect(no.stdout).toMatch(/\u001b\[3\dm/) // colours on a terminal

    const yes = await inTty(cli.env, 'reset 900', 'y\r')
    expect(yes.stdout).toContain('Starter files restored')
    expect(fs.readdirSync(path.join(cli.home, 'backups'))).toHaveLength(1)
    expect(fs.existsSync(path.join(cli.home, 'workspaces', '900-smoke', 'template.yaml'))).toBe(true)
  })

  it('lab watch: r reruns and q quits (keys typed ahead are handled one by one)', { timeout: 180_000 }, async () => {
    const cli = await labCli({ LAB_CONTENT_DIR: CONTENT })
    try {
      expect((await cli.run(['reset', '900', '--yes'])).exitCode).toBe(0)
      const r = await inTty(cli.env, 'watch 900', 'rq')
      expect(r.exitCode, r.stdout).toBe(0)
      expect(r.stdout.match(/Deploying stack lab-900-smoke/g)).toHaveLength(2)
      expect(r.stdout.match(/Watching /g)).toHaveLength(2)
      expect((await cli.run(['teardown', '900', '--yes'])).exitCode).toBe(0)
    } finally {
      await stopCloud(cli)
    }
  })

  it('NO_COLOR turns colours off even on a terminal', async () => {
    const cli = await labCli({ LAB_CONTENT_DIR: CONTENT })
    const r = await execa('script', ['-qec', `${process.execPath} ${path.join(ROOT, 'bin', 'lab.js')} list`, '/dev/null'], {
      env: { ...cli.env, LAB_CONTENT_DIR: CONTENT, NO_COLOR: '1', FORCE_COLOR: '' },
      reject: false,
    })
    expect(r.stdout).toContain('Smoke test lab')
    expect(r.stdout).not.toMatch(/\u001b\[3\dm/)
    // The confirmation prompt too (enquirer has colours of its own).
    const prompt = await execa('script', ['-qec', `${process.execPath} ${path.join(ROOT, 'bin', 'lab.js')} reset 900`, '/dev/null'], {
      env: { ...cli.env, LAB_CONTENT_DIR: CONTENT, NO_COLOR: '1', FORCE_COLOR: '' },
      input: 'n\r',
      reject: false,
      timeout: 60_000,
    })
    expect(prompt.stdout).toContain('Restore the starter files of lab 900')
    expect(prompt.stdout).not.toMatch(/\u001b\[(3\d|1)m/)
  })
})
