/**
 * A fresh machine's learner: clone the repo, run the README's set-up commands as written (npm's defaults plus
 * `yes=false`, the npm cache only), then run every `lab …` command the CLI prints, from the workspace folder.
 */
import { execa, execaSync } from 'execa'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, ROOT } from './helpers.js'

const hasScript = fs.existsSync('/usr/bin/script') && process.platform === 'linux'
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-clone-'))
const clone = path.join(tmp, 'apigw-labs')
const globalDir = path.join(tmp, 'npm-global')
const home = path.join(tmp, 'lab-home')
let env: Record<string, string>

/** The working tree as it stands (a clone of HEAD, then the uncommitted changes laid over it). */
function cloneWorkingTree(): void {
  execaSync('git', ['clone', '-q', ROOT, clone])
  const git = (...args: string[]) => execaSync('git', args, { cwd: ROOT }).stdout.split('\n').filter(Boolean)
  for (const file of git('ls-files', '-m', '-o', '--exclude-standard')) {
    const from = path.join(ROOT, file)
    if (!fs.existsSync(from)) continue
    fs.mkdirSync(path.dirname(path.join(clone, file)), { recursive: true })
    fs.copyFileSync(from, path.join(clone, file))
  }
  for (const file of git('ls-files', '-d')) fs.rmSync(path.join(clone, file), { force: true })
}

/** The shell lines of the first `sh` block under `heading` in a README, comments removed. */
function shellBlock(file: 'README.md' | 'README.ko.md', heading: string): string[] {
  const readme = fs.readFileSync(path.join(ROOT, file), 'utf8')
  const at = readme.indexOf(`${heading}\n`)
  expect(at, `${file}: ${heading}`).toBeGreaterThanOrEqual(0)
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(at))![1]
  return block.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter(Boolean)
}
/** The Quick start, the same commands in both READMEs (so running the English one runs the Korean one too). */
function quickStart(): string[] {
  const en = shellBlock('README.md', '## Quick start')
  expect(shellBlock('README.ko.md', '## 빠른 시작')).toEqual(en)
  return en
}
/** The shared-machine install, the same commands in both READMEs. */
function sharedMachineSetup(): string[] {
  const en = shellBlock('README.md', '### Workshops and shared machines')
  expect(shellBlock('README.ko.md', '## 공용 컴퓨터와 워크숍')).toEqual(en)
  return en
}

const sh = (line: string, cwd: string, input = '') => execa('sh', ['-c', line], { cwd, env, reject: false, input, timeout: 600_000, all: true })
/** On a pseudo-terminal (confirmations are prompts there), typing `keys`. */
const tty = (line: string, cwd: string, keys: string) =>
  execa('script', ['-qec', line, '/dev/null'], { cwd, env, reject: false, input: keys, timeout: 300_000, all: true })

/** Every `lab …` command between backticks in some output (placeholders like `<id>` excluded). */
const printedCommands = (text: string) => [...text.matchAll(/`(lab [^`]*)`/g)].map((m) => m[1]).filter((c) => !/[<>…]/.test(c))

describe.skipIf(!hasScript)('from a fresh clone, as printed', () => {
  beforeAll(async () => {
    cloneWorkingTree()
    fs.mkdirSync(globalDir)
    env = {
      PATH: `${path.join(globalDir, 'bin')}${path.delimiter}${process.env.PATH}`,
      HOME: process.env.HOME ?? os.homedir(),
      // npm's defaults, as a learner with `npm config set yes false` has them; packages come from the cache.
      npm_config_yes: 'false',
      npm_config_prefix: globalDir,
      npm_config_prefer_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      LAB_HOME: home,
      LAB_CLOUD_PORT: String(await freePort()),
      NO_COLOR: '1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    }
  }, 120_000)
  afterAll(async () => {
    await sh('lab cloud stop', tmp)
    fs.rmSync(tmp, { recursive: true, force: true })
  }, 300_000)

  it("the README's set-up commands and every command the CLI prints work, from the workspace folder", { timeout: 1_500_000 }, async () => {
    const [setup, first, ...rest] = quickStart()
    expect([setup, first, ...rest]).toEqual(['npm install && npm link', 'lab start 350'])
    const installed = await sh(setup, clone)
    expect(installed.exitCode, installed.all).toBe(0)

    // Outside the clone and the workspace, `lab` is the linked one (npx would look up an unrelated package there).
    const started = await sh(first, tmp)
    expect(started.exitCode, started.all).toBe(0)
    expect(started.all).not.toContain('not on your PATH')
    const workspace = /Workspace created: (.+)/.exec(started.stdout)![1].trim()
    expect(fs.existsSync(path.join(workspace, 'template.yaml'))).toBe(true)

    const ran = new Set<string>()
    const queue = printedCommands(started.all!)
    expect(queue).toEqual(expect.arrayContaining(['lab deploy 350', 'lab check 350', 'lab watch 350', 'lab hint 350']))
    const destructive = (c: string) => /^lab (solve|reset|teardown)\b/.test(c)
    // `lab quiz` asks its questions on a terminal, one by one: test/e2e/quiz.test.ts answers it there (in tmux, with
    // `--count 3`) and checks what it says without one. Here it is only recorded as printed.
    const interactive = (c: string) => /^lab quiz\b/.test(c)
    for (const c of queue) if (interactive(c)) ran.add(c)
    // Read-only and redeploying commands first; then the ones that replace or delete, each confirmed on a terminal.
    for (let round = 0; round < 2; round++) {
      for (;;) {
        const command = queue.find((c) => !ran.has(c) && (round === 1 || !destructive(c)))
        if (!command) break
        ran.add(command)
        const result = /^lab watch\b/.test(command) ? await tty(command, workspace, 'q') : destructive(command) ? await tty(command, workspace, 'y\r') : await sh(command, workspace)
        // A check that fails is the starter being broken on purpose (exit 1); anything else must succeed.
        const allowed = /^lab check\b/.test(command) ? [0, 1] : [0]
        expect(allowed, `${command}\n${result.all}`).toContain(result.exitCode)
        expect(result.all, command).not.toMatch(/command not found|npx canceled|Unexpected error/)
        for (const c of printedCommands(result.all!)) if (interactive(c)) ran.add(c)
        queue.push(...printedCommands(result.all!))
      }
    }
    // What the learner is told after a start and a failing check, and at the end of the hints.
    expect([...ran]).toEqual(expect.arrayContaining(['lab check 350', 'lab deploy 350', 'lab hint 350', 'lab check 350 --browser']))
    if (!ran.has('lab teardown 350')) {
      const down = await tty('lab teardown 350', workspace, 'y\r')
      expect(down.exitCode, down.all).toBe(0)
    }
  })

  it("the README's shared-machine set-up gives this clone its own lab, LAB_HOME and a free port, leaving the global link alone", { timeout: 900_000 }, async () => {
    const globalLab = path.join(globalDir, 'bin/lab')
    const before = fs.existsSync(globalLab) ? fs.realpathSync(globalLab) : undefined
    const lines = sharedMachineSetup()
    expect(lines.at(-1)).toBe('lab doctor')
    // One shell, as a learner types them (the exports carry over); then where `lab` and its state are.
    const script = [...lines, 'echo "lab=$(command -v lab) home=$LAB_HOME port=$LAB_CLOUD_PORT"'].join('\n')
    const run = await execa('sh', ['-c', script], { cwd: clone, env: { ...env, LAB_HOME: '', LAB_CLOUD_PORT: '' }, reject: false, all: true, timeout: 600_000 })
    // doctor exits 1 only for a failing row; a machine without Chromium or python3 only warns.
    expect(run.exitCode, run.all).toBe(0)
    const where = /lab=(\S+) home=(\S+) port=(\d+)/.exec(run.stdout)!
    expect(where[1]).toBe(path.join(clone, '.npm-global/bin/lab'))
    expect(where[2]).toBe(path.join(clone, '.lab-home'))
    expect(Number(where[3])).toBeGreaterThan(0)
    expect(run.stdout).toMatch(/✓ Local cloud\s+not running/)
    expect(fs.existsSync(globalLab) ? fs.realpathSync(globalLab) : undefined).toBe(before)
    // Nothing of it for git to pick up.
    expect(execaSync('git', ['status', '--porcelain', '--', '.npm-global', '.lab-home'], { cwd: clone }).stdout).toBe('')
  })
})
