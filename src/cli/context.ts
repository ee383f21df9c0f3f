/** @module What every command receives: where to write, LAB_HOME, the lab content, the progress store. */
import { ProgressStore } from '../runner/progress.js'
import { contentDir, labHome } from '../runner/paths.js'
import type { Output } from '../ui/output.js'

export interface CommandContext {
  out: Output
  labHome: string
  /** The folder holding labs/ and templates/. */
  contentDir: string
  cwd: string
  progress: ProgressStore
  /** The command being run (`deploy`, `inspect table`), set by main.ts. */
  command?: string
}

export function createContext(out: Output, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): CommandContext {
  const home = labHome(env)
  return { out, labHome: home, contentDir: contentDir(env), cwd, progress: new ProgressStore(home) }
}
