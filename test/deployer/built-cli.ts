/** Run the built `lab` binary as a learner would; build dist/ first when the sources are newer. */
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = fileURLToPath(new URL('../../', import.meta.url))
export const bin = path.join(root, 'bin/lab.js')

const watched = ['cli/main.ts', 'cli/commands/cloud.ts', 'deployer/local-cloud.ts', 'cloud/server.ts']

/** `npm test` builds first; a lone `vitest run` of this file rebuilds when dist/ is older than the sources. */
export function ensureBuilt(): void {
  const stale = watched.some((rel) => {
    const out = path.join(root, 'dist', rel.replace(/\.ts$/, '.js'))
    return !fs.existsSync(out) || fs.statSync(out).mtimeMs < fs.statSync(path.join(root, 'src', rel)).mtimeMs
  })
  if (!stale) return
  try {
    execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', root], { stdio: 'pipe' })
  } catch {
    // Type errors elsewhere in the tree still emit JavaScript; the tests below show what matters.
  }
}

export interface Run {
  code: number | null
  stdout: string
  stderr: string
}

export function lab(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

export { freePort } from '../../src/common/free-port.js'
