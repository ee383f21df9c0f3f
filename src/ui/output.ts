/**
 * @module The one object that writes to the terminal. Commands receive it (never `console`), so tests can
 * capture everything a learner would see.
 */
import { colorLevel, makeColors, type ChalkInstance } from './colors.js'
import { t } from './i18n.js'
import { renderTable } from './table.js'

export interface Output {
  /** Colours for renderers; level 0 (plain) under NO_COLOR or without a TTY. */
  readonly colors: ChalkInstance
  /** True when both stdin and stdout are terminals: prompts and keypresses are possible. */
  readonly interactive: boolean
  info(text?: string): void
  warn(text: string): void
  error(text: string): void
  /** A plain line on stderr (error details, progress that must not pollute `--json` stdout). */
  note(text: string): void
  /**
   * A transient status line on stderr while something slow runs (a check waiting for a frame that may never come),
   * drawn only on a terminal and replaced by the next; `''` clears it. Logs and pipes never see it.
   */
  progress(text: string): void
  /** Machine-readable output: exactly one JSON document on stdout. */
  json(value: unknown): void
  table(rows: string[][], header?: string[]): void
  /** Ask yes/no on a TTY. Callers check `interactive` first (no TTY → `--yes` is required). */
  confirm(question: string): Promise<boolean>
}

interface Streams {
  stdout: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean }
  stderr: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean }
  stdin?: { isTTY?: boolean }
}

export function createOutput(streams: Streams = process, env: NodeJS.ProcessEnv = process.env): Output {
  const colors = makeColors(colorLevel(streams.stdout, env))
  const errColors = makeColors(colorLevel(streams.stderr, env))
  return {
    colors,
    interactive: Boolean(streams.stdin?.isTTY && streams.stdout.isTTY),
    info: (text = '') => void streams.stdout.write(text + '\n'),
    warn: (text) => void streams.stderr.write(errColors.yellow(text) + '\n'),
    error: (text) => void streams.stderr.write(errColors.red(text) + '\n'),
    note: (text) => void streams.stderr.write(text + '\n'),
    progress: (text) => {
      if (!streams.stderr.isTTY) return
      // One terminal row at most: a wrapped line could not be erased by the next.
      const columns = (streams.stderr as NodeJS.WriteStream).columns || 80
      const line = [...text].slice(0, Math.max(0, columns - 1)).join('')
      streams.stderr.write('\r\x1b[2K' + (line ? errColors.dim(line) : ''))
    },
    json: (value) => void streams.stdout.write(JSON.stringify(value, null, 2) + '\n'),
    table: (rows, header) => void streams.stdout.write(renderTable(rows, header, colors).join('\n') + '\n'),
    async confirm(question) {
      const enquirer = await loadEnquirer(colors.level)
      try {
        const answer = (await enquirer.prompt({
          type: 'confirm',
          name: 'ok',
          message: question,
          initial: false,
          // The answer as words (not enquirer's `true`/`false`), and a tick only for a yes.
          format: (value: unknown) => confirmAnswer(value === true, colors),
          prefix: (state: { status?: string; input?: string }) =>
            state.status === 'submitted' ? (isYes(state.input) ? colors.green('✔') : colors.yellow('✖')) : colors.cyan('?'),
        } as unknown as Parameters<typeof enquirer.prompt>[0])) as { ok: boolean }
        return answer.ok
      } catch {
        return false // Ctrl-C at the prompt means "no"
      }
    },
  }
}

/** What enquirer's confirm takes for yes: t, y or 1 first. */
const isYes = (input: unknown) => /^[ty1]/i.test(String(input ?? ''))

/** `yes` / `no` in the learner's language, coloured like the prefix. */
export function confirmAnswer(yes: boolean, colors: ChalkInstance): string {
  return yes ? colors.green(t('loop.confirm.yes')) : colors.yellow(t('loop.confirm.no'))
}

/**
 * enquirer, loaded only when a prompt is really shown (start-up speed). Its colours (ansi-colors) follow
 * FORCE_COLOR only, read when it loads: under NO_COLOR (or without colours) say FORCE_COLOR=0 for it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- enquirer's typings do not describe its prompt classes
export async function loadEnquirer(colorLevel: number): Promise<any> {
  const forced = process.env.FORCE_COLOR
  if (colorLevel === 0) process.env.FORCE_COLOR = '0'
  const { default: enquirer } = await import('enquirer').finally(() => {
    if (forced === undefined) delete process.env.FORCE_COLOR
    else process.env.FORCE_COLOR = forced
  })
  return enquirer
}

export interface CapturedOutput extends Output {
  stdout: string[]
  stderr: string[]
  /** What `progress` drew, in order (a terminal would have shown each in place of the last). */
  progressLines: string[]
  /** Answers for `confirm`, consumed in order. */
  answers: boolean[]
}

/** An Output for tests: plain text, lines collected. */
export function captureOutput(options: { interactive?: boolean; answers?: boolean[] } = {}): CapturedOutput {
  const colors = makeColors(0)
  const stdout: string[] = []
  const stderr: string[] = []
  const progressLines: string[] = []
  const answers = options.answers ?? []
  return {
    colors,
    interactive: options.interactive ?? false,
    stdout,
    stderr,
    progressLines,
    answers,
    info: (text = '') => void stdout.push(text),
    warn: (text) => void stderr.push(text),
    error: (text) => void stderr.push(text),
    note: (text) => void stderr.push(text),
    progress: (text) => void progressLines.push(text),
    json: (value) => void stdout.push(JSON.stringify(value, null, 2)),
    table: (rows, header) => void stdout.push(...renderTable(rows, header, colors)),
    confirm: async () => answers.shift() ?? false,
  }
}
