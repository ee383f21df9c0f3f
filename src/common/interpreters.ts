/**
 * @module Which interpreter on this machine runs a Lambda runtime: the declared version when the machine has it
 * (`python3.13` on PATH or under pyenv/asdf/uv; a Node.js of the declared major under nvm, fnm, volta, asdf or n),
 * else the machine's default one, marked inexact so the learner can be told. Shared by the local cloud (which
 * runs functions) and the CLI (`lab deploy`, `lab doctor`, which say when a function runs on another version).
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export interface Interpreter {
  executable: string
  /** `3.13` for Python, the full version (`22.11.0`) for Node.js. */
  version: string
  /** Whether it is the declared version (Python minor, Node.js major). */
  exact: boolean
}

type Env = Record<string, string | undefined>

const cache = new Map<string, Interpreter | null>()

/** The interpreter for `nodejs22.x`, `python3.13`…; null for other runtimes or when the machine has no Python. */
export function interpreterFor(runtime: string, env: Env = process.env): Interpreter | null {
  const key = `${runtime}\0${env.HOME ?? ''}\0${env.PATH ?? ''}\0${env.LAB_PYTHON ?? ''}`
  if (!cache.has(key)) {
    const node = /^nodejs(\d+)\.x$/.exec(runtime)
    const python = /^python(3\.\d+)$/.exec(runtime)
    cache.set(key, node ? findNode(node[1], env) : python ? findPython(python[1], env) : null)
  }
  return cache.get(key)!
}

interface PythonProbe {
  executable: string
  version: string
  /** AWS's Python runtimes include boto3: an interpreter without it is not the runtime handlers expect. */
  boto3: boolean
}

function probePython(command: string, env: Env): PythonProbe | undefined {
  const script = 'import sys, importlib.util; print(sys.executable); print("%d.%d" % sys.version_info[:2]); print(importlib.util.find_spec("boto3") is not None)'
  const probe = spawnSync(command, ['-c', script], { encoding: 'utf8', timeout: 10_000, env: env as NodeJS.ProcessEnv })
  const [executable, version, boto3] = (probe.stdout ?? '').trim().split('\n')
  return probe.status === 0 && executable && version ? { executable, version, boto3: boto3 === 'True' } : undefined
}

/** Folders of version managers' installs whose name starts with `prefix`, newest version first. */
function installs(root: string | undefined, prefix: string): string[] {
  if (!root) return []
  let names: string[]
  try {
    names = fs.readdirSync(root)
  } catch {
    return []
  }
  const version = (n: string) => n.replace(/^v/, '').split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0)
  return names
    .filter((n) => n.startsWith(prefix) && /^v?\d+\.\d+/.test(n))
    .sort((a, b) => {
      const [x, y] = [version(a), version(b)]
      for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (y[i] ?? 0) - (x[i] ?? 0)
      return 0
    })
    .map((n) => path.join(root, n))
}

const executable = (file: string) => {
  try {
    fs.accessSync(file, fs.constants.X_OK)
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}

function findPython(minor: string, env: Env): Interpreter | null {
  const home = env.HOME ?? os.homedir()
  const candidates = [
    ...(env.LAB_PYTHON ? [env.LAB_PYTHON] : []),
    `python${minor}`,
    ...installs(path.join(env.PYENV_ROOT ?? path.join(home, '.pyenv'), 'versions'), `${minor}.`).map((d) => path.join(d, 'bin', `python${minor}`)),
    ...installs(path.join(env.ASDF_DATA_DIR ?? path.join(home, '.asdf'), 'installs', 'python'), `${minor}.`).map((d) => path.join(d, 'bin', `python${minor}`)),
    ...installs(path.join(home, '.local', 'share', 'uv', 'python'), `cpython-${minor}.`).map((d) => path.join(d, 'bin', `python${minor}`)),
  ]
  let exact: PythonProbe | undefined
  for (const candidate of candidates) {
    if (candidate.includes(path.sep) && !executable(candidate)) continue
    const found = probePython(candidate, env)
    // LAB_PYTHON is the learner's choice: used whatever its version.
    if (found && candidate === env.LAB_PYTHON && found.version !== minor) return { executable: found.executable, version: found.version, exact: false }
    if (found?.version === minor && (found.boto3 || !exact)) exact = found
    if (exact?.boto3) break
  }
  const fallback = exact?.boto3 ? undefined : probePython('python3', env)
  // The declared version without boto3 loses to a default python3 that has it: handlers importing boto3 work on AWS.
  if (exact && (exact.boto3 || !fallback?.boto3)) return { executable: exact.executable, version: exact.version, exact: true }
  return fallback ? { executable: fallback.executable, version: fallback.version, exact: fallback.version === minor } : null
}

function findNode(major: string, env: Env): Interpreter {
  if (process.versions.node.split('.')[0] === major) return { executable: process.execPath, version: process.versions.node, exact: true }
  const home = env.HOME ?? os.homedir()
  const prefix = `v${major}.`
  const roots: [string, string, string[]][] = [
    [path.join(env.NVM_DIR ?? path.join(home, '.nvm'), 'versions', 'node'), prefix, ['bin', 'node']],
    ...[env.FNM_DIR, path.join(home, '.local', 'share', 'fnm'), path.join(home, '.fnm'), path.join(home, 'Library', 'Application Support', 'fnm')]
      .filter((d): d is string => Boolean(d))
      .map((d): [string, string, string[]] => [path.join(d, 'node-versions'), prefix, ['installation', 'bin', 'node']]),
    [path.join(env.VOLTA_HOME ?? path.join(home, '.volta'), 'tools', 'image', 'node'), `${major}.`, ['bin', 'node']],
    [path.join(env.ASDF_DATA_DIR ?? path.join(home, '.asdf'), 'installs', 'nodejs'), `${major}.`, ['bin', 'node']],
    [path.join(env.N_PREFIX ?? '/usr/local', 'n', 'versions', 'node'), `${major}.`, ['bin', 'node']],
  ]
  for (const [root, start, tail] of roots) {
    for (const dir of installs(root, start)) {
      const file = path.join(dir, ...tail)
      if (executable(file)) return { executable: file, version: path.basename(dir).replace(/^v/, ''), exact: true }
    }
  }
  return { executable: process.execPath, version: process.versions.node, exact: false }
}

/** Functions (by name) whose runtime this machine runs on another version than the declared one. */
export function inexactRuntimes(functions: { name: string; runtime: string }[], env: Env = process.env): { name: string; runtime: string; local: string }[] {
  const out: { name: string; runtime: string; local: string }[] = []
  for (const f of functions) {
    const found = interpreterFor(f.runtime, env)
    if (found && !found.exact) out.push({ ...f, local: `${f.runtime.startsWith('python') ? 'Python' : 'Node.js'} ${found.version}` })
  }
  return out
}
