/**
 * Finding the interpreter of a function's declared runtime: on PATH, under the version managers' standard
 * folders (nvm, fnm, volta, asdf, n, pyenv), else the machine's default one marked inexact — and the notice a
 * learner then reads.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { inexactRuntimes, interpreterFor } from '../../src/common/interpreters.js'
import { olderRuntimeNotices } from '../../src/ui/runtime-notice.js'

function fakeHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'interp-'))
}

function executable(file: string, body = '#!/bin/sh\nexit 0\n'): string {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, body, { mode: 0o755 })
  return file
}

/** A stand-in python that reports `version` (the probe asks for sys.executable and major.minor). */
const fakePython = (file: string, version: string, boto3 = true) => executable(file, `#!/bin/sh\necho ${file}\necho ${version}\necho ${boto3 ? 'True' : 'False'}\n`)

const other = (major: number) => String(Number(process.versions.node.split('.')[0]) + major)

describe('interpreters of declared runtimes', () => {
  // @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
  it('uses this process for its own Node major and a version manager install for another', () => {
    const mine = interpreterFor(`nodejs${process.versions.node.split('.')[0]}.x`)
    expect(mine).toEqual({ executable: process.execPath, version: process.versions.node, exact: true })
    for (const [layout, env] of [
      [(h: string, m: string) => path.join(h, '.nvm/versions/node', `v${m}.3.1/bin/node`), {}],
      [(h: string, m: string) => path.join(h, '.local/share/fnm/node-versions', `v${m}.2.0/installation/bin/node`), {}],
      [(h: string, m: string) => path.join(h, '.volta/tools/image/node', `${m}.1.0/bin/node`), {}],
      [(h: string, m: string) => path.join(h, '.asdf/installs/nodejs', `${m}.0.4/bin/node`), {}],
      [(h: string, m: string) => path.join(h, 'n/versions/node', `${m}.9.9/bin/node`), { N_PREFIX: '' }],
    ] as const) {
      const home = fakeHome()
      const major = other(2)
      const file = executable(layout(home, major))
      const nPrefix = 'N_PREFIX' in env ? { N_PREFIX: home } : {}
      expect(interpreterFor(`nodejs${major}.x`, { HOME: home, PATH: '/nonexistent', ...nPrefix })).toMatchObject({ executable: file, exact: true })
    }
  })

  it('picks the newest install of the major and falls back to this Node, marked inexact', () => {
    const home = fakeHome()
    const major = other(4)
    executable(path.join(home, '.nvm/versions/node', `v${major}.2.0/bin/node`))
    const newest = executable(path.join(home, '.nvm/versions/node', `v${major}.10.0/bin/node`))
    expect(interpreterFor(`nodejs${major}.x`, { HOME: home, PATH: '/nonexistent' })?.executable).toBe(newest)
    expect(interpreterFor(`nodejs${other(6)}.x`, { HOME: home, PATH: '/nonexistent' })).toEqual({ executable: process.execPath, version: process.versions.node, exact: false })
  })

  it('finds python3.X under pyenv even when a shim on PATH fails, and marks a plain python3 of another version inexact', () => {
    const home = fakeHome()
    const bin = path.join(home, 'bin')
    executable(path.join(bin, 'python3.13'), '#!/bin/sh\necho "pyenv: python3.13: command not found" >&2\nexit 127\n')
    fakePython(path.join(bin, 'python3'), '3.11')
    const pyenv = fakePython(path.join(home, '.pyenv/versions/3.13.0/bin/python3.13'), '3.13')
    const env = { HOME: home, PATH: bin }
    expect(interpreterFor('python3.13', env)).toEqual({ executable: pyenv, version: '3.13', exact: true })
    expect(interpreterFor('python3.12', env)).toEqual({ executable: path.join(bin, 'python3'), version: '3.11', exact: false })
    expect(inexactRuntimes([{ name: 'Fn', runtime: 'python3.12' }, { name: 'Ok', runtime: 'python3.13' }], env))
      .toEqual([{ name: 'Fn', runtime: 'python3.12', local: 'Python 3.11' }])
  })

  it('prefers a default python3 with boto3 over a declared version without it (AWS runtimes include boto3)', () => {
    const home = fakeHome()
    const bin = path.join(home, 'bin')
    const plain = fakePython(path.join(bin, 'python3'), '3.11', true)
    fakePython(path.join(home, '.pyenv/versions/3.14.0/bin/python3.14'), '3.14', false)
    expect(interpreterFor('python3.14', { HOME: home, PATH: bin })).toEqual({ executable: plain, version: '3.11', exact: false })
    const withBoto = fakePython(path.join(home, '.pyenv/versions/3.14.2/bin/python3.14'), '3.14', true)
    expect(interpreterFor('python3.14', { HOME: home, PATH: `${bin}:/x` })).toEqual({ executable: withBoto, version: '3.14', exact: true })
  })

  it('words the notice so a learner can act on it, once per runtime', () => {
    const lines = olderRuntimeNotices([{ name: 'A', runtime: `nodejs${other(8)}.x` }, { name: 'B', runtime: `nodejs${other(8)}.x` }])
    expect(lines).toEqual([expect.stringContaining(`A, B (nodejs${other(8)}.x) run on Node.js ${process.versions.node}, not nodejs${other(8)}.x`)])
    expect(lines[0]).toContain(`nvm install ${other(8)}`)
  })

  it('says "runs" of one function and "run" of several', () => {
    const [one] = olderRuntimeNotices([{ name: 'HousesFunction', runtime: `nodejs${other(8)}.x` }])
    expect(one).toContain(`HousesFunction (nodejs${other(8)}.x) runs on Node.js ${process.versions.node}`)
    expect(one).toContain('To run it on')
  })
})
