/**
 * @module Is `lab` on the learner's PATH, and is it this install? Every command the CLI prints is `lab …`; when
 * that would not run (no `npm link` yet, or another package's `lab` comes first), `lab start` says how to fix it.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** This install's folder (the one holding bin/lab.js). */
export const INSTALL_DIR = fileURLToPath(new URL('../../', import.meta.url))

function realpath(file: string): string | undefined {
  try {
    return fs.realpathSync(file)
  } catch {
    return undefined
  }
}

/** `found`: the first `lab` on PATH is this install's; `other`: it is something else; `missing`: there is none. */
export function labOnPath(env: NodeJS.ProcessEnv = process.env, installDir = INSTALL_DIR): 'found' | 'other' | 'missing' {
  const own = realpath(path.join(installDir, 'bin', 'lab.js'))
  const names = process.platform === 'win32' ? ['lab.cmd', 'lab.exe', 'lab'] : ['lab']
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue
    for (const name of names) {
      const candidate = path.join(dir, name)
      if (!fs.existsSync(candidate)) continue
      // npm's global bin is a symlink (a .cmd shim on Windows, which names the script inside it).
      if (realpath(candidate) === own) return 'found'
      if (name.endsWith('.cmd') && own && fs.readFileSync(candidate, 'utf8').includes(path.join('apigw-labs', 'bin', 'lab.js'))) return 'found'
      return 'other'
    }
  }
  return 'missing'
}
