/**
 * @module Words learners try that are not commands (`lab stop`, `lab test`, `lab solution`…): name the command
 * they were after, with its one-line description, instead of commander's bare "unknown command" (its spelling
 * suggestions only catch typos such as `chek`).
 */
import type { Command } from 'commander'
import { t } from '../ui/i18n.js'

/** A command to point to and the catalog key of what it does. */
type Pointer = readonly [command: string, description: string]

const teardown: Pointer = ['lab teardown', 'cli.cmd.teardown']
const cloudStop: Pointer = ['lab cloud stop', 'cli.cmd.cloudStop']
const cloudStart: Pointer = ['lab cloud start', 'cli.cmd.cloudStart']
const deploy: Pointer = ['lab deploy', 'cli.cmd.deploy']
const check: Pointer = ['lab check', 'cli.cmd.check']
const start: Pointer = ['lab start <id>', 'cli.cmd.start']
const solve: Pointer = ['lab solve', 'cli.cmd.solve']
const reset: Pointer = ['lab reset', 'cli.cmd.reset']
const help: Pointer = ['lab --help', 'cli.opt.help']
const guide: Pointer = ['lab guide', 'cli.cmd.guide']

const POINTERS: Readonly<Record<string, readonly Pointer[]>> = Object.assign(Object.create(null), {
  stop: [teardown, cloudStop],
  down: [teardown, cloudStop],
  halt: [teardown, cloudStop],
  kill: [cloudStop, teardown],
  destroy: [teardown],
  delete: [teardown],
  remove: [teardown],
  rm: [teardown],
  clean: [teardown],
  cleanup: [teardown],
  undeploy: [teardown],
  up: [deploy, cloudStart],
  run: [deploy, check],
  apply: [deploy],
  push: [deploy],
  publish: [deploy],
  redeploy: [deploy],
  test: [check],
  tests: [check],
  verify: [check],
  validate: [check],
  grade: [check],
  submit: [check],
  solution: [solve],
  solutions: [solve],
  answer: [solve],
  init: [start],
  begin: [start],
  new: [start],
  open: [start],
  restart: [reset],
  restore: [reset],
  '?': [help],
  usage: [help],
  man: [guide, help],
  docs: [guide],
  readme: [guide],
  instructions: [guide],
  ls: [['lab list', 'cli.cmd.list']],
  progress: [['lab status', 'cli.cmd.status']],
  url: [['lab outputs', 'cli.cmd.outputs']],
  urls: [['lab outputs', 'cli.cmd.outputs']],
  output: [['lab outputs', 'cli.cmd.outputs']],
  log: [['lab logs', 'logs.cmd']],
  tail: [['lab logs --follow', 'logs.cmd']],
  curl: [['lab call', 'call.cmd']],
  request: [['lab call', 'call.cmd']],
  exam: [['lab quiz', 'quiz.cmd']],
  tip: [['lab hint', 'cli.cmd.hint']],
  hints: [['lab hint', 'cli.cmd.hint']],
})

/** The lines that point from `word` to real commands; none for a word we do not know. */
export function pointersFor(word: string): string[] {
  const pointers = POINTERS[word.toLowerCase()]
  if (!pointers) return []
  const width = Math.max(...pointers.map(([command]) => command.length))
  return [t('learner.unknown.didYouMean'), ...pointers.map(([command, key]) => `  ${command.padEnd(width)}  ${t(key)}`)]
}

/**
 * Install on the program: a known word gets its pointers (exit 1, as commander's own error); anything else gets
 * commander's message with its spelling suggestion.
 */
export function pointUnknownCommands(program: Command): Command {
  return program.on('command:*', (operands: string[]) => {
    const [word = ''] = operands
    const lines = pointersFor(word)
    if (lines.length === 0) return (program as unknown as { unknownCommand(): void }).unknownCommand()
    program.error([t('learner.unknown.command', { word }), ...lines].join('\n'), { code: 'commander.unknownCommand' })
  })
}
