/** Run the real `node bin/lab.js` as a learner would: a temporary LAB_HOME, its own cloud port, no colours. */
import { execa, type Result } from 'execa'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from '../../src/common/free-port.js'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const BIN = path.join(ROOT, 'bin', 'lab.js')

export interface LabCli {
  home: string
  port: number
  env: Record<string, string>
  run(args: string[], options?: { env?: Record<string, string>; cwd?: string; input?: string }): Promise<Result>
}

/** The e2e tests run the compiled CLI: `npm test` builds first; alone, run `npm run build`. */
export function assertBuilt(): void {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/cli/main.js is missing: run `npm run build` before the e2e tests')
  }
}

export { freePort }

export async function labCli(extraEnv: Record<string, string> = {}): Promise<LabCli> {
  assertBuilt()
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-e2e-'))
  const port = await freePort()
  const env = { LAB_HOME: home, LAB_CLOUD_PORT: String(port), NO_COLOR: '1', FORCE_COLOR: '0', ...extraEnv }
  return {
    home,
    port,
    env,
    run: (args, options = {}) =>
      execa(process.execPath, [BIN, ...args], {
        env: { ...env, ...options.env },
        cwd: options.cwd ?? ROOT,
        reject: false,
        input: options.input ?? '',
        timeout: 240_000,
      }),
  }
}

/** Stop any cloud this LAB_HOME started, then remove the LAB_HOME (afterAll). */
export async function stopCloud(cli: LabCli): Promise<void> {
  await cli.run(['cloud', 'stop'])
  fs.rmSync(cli.home, { recursive: true, force: true })
}
