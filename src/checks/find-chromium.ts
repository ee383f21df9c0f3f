/** @module Locate a system Chromium for browser checks. We never download one. */
import fs from 'node:fs'
import path from 'node:path'

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK)
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}

/** `CHROMIUM_PATH`, else `chromium` / `chromium-browser` in /usr/bin or on PATH; undefined when absent. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROMIUM_PATH) return isExecutable(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined
  const names = ['chromium', 'chromium-browser']
  const dirs = ['/usr/bin', ...(env.PATH ?? '').split(path.delimiter).filter(Boolean)]
  for (const dir of dirs) {
    for (const name of names) {
      const candidate = path.join(dir, name)
      if (isExecutable(candidate)) return candidate
    }
  }
  return undefined
}
