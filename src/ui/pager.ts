/**
 * @module Long text on a terminal goes through a pager: `$PAGER`, else `less -R` (colours kept, quits at the
 * end with -F). Without a terminal, or when the text fits, or when no pager can start, it is simply printed.
 */
import { spawn } from 'node:child_process'

export interface PageTarget {
  isTTY?: boolean
  rows?: number
  write(text: string): unknown
}

/** Resolves once the learner has left the pager (or the text is written). */
export async function page(text: string, stdout: PageTarget = process.stdout, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const lines = text.split('\n').length
  if (!stdout.isTTY || !stdout.rows || lines < stdout.rows) return void stdout.write(text)
  const command = env.PAGER?.trim() || 'less'
  const args = env.PAGER?.trim() ? [] : ['-R', '-F', '-X']
  const shown = await new Promise<boolean>((resolve) => {
    // PAGER may hold arguments ("less -S"): run it through the shell, as git and man do.
    const child = env.PAGER?.trim()
      ? spawn(command, { shell: true, stdio: ['pipe', 'inherit', 'inherit'], env: { ...env, LESS: env.LESS ?? 'R' } })
      : // LESSCHARSET: under a locale the machine lacks (LANG=ko_KR.UTF-8 without it), less shows UTF-8 as <EC><84>….
        spawn(command, args, { stdio: ['pipe', 'inherit', 'inherit'], env: { ...env, LESSCHARSET: env.LESSCHARSET ?? 'utf-8' } })
    child.on('error', () => resolve(false))
    child.on('close', (code) => resolve(code !== 127))
    child.stdin.on('error', () => {}) // the learner quit before the end: EPIPE is expected
    child.stdin.end(text)
  })
  if (!shown) stdout.write(text)
}
