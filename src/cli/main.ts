/**
 * @module The `lab` entry point: parse arguments with commander, lazy-load the one command module needed,
 * and turn errors into exit codes. The only module that calls `process.exit`.
 */
import { Command, CommanderError, Option } from 'commander'
import { readFileSync } from 'node:fs'
import { LabError } from '../runner/errors.js'
import { LANGUAGES, setLanguage, t } from '../ui/i18n.js'
import { createOutput, type Output } from '../ui/output.js'
import { createContext, type CommandContext } from './context.js'
import { chooseLanguage } from './language.js'
import { localizedHelp } from './help-text.js'
import { pointUnknownCommands } from './unknown-command.js'

/** sysexits.h EX_SOFTWARE: an internal error, not something the learner did. */
const EXIT_INTERNAL = 70

// The SDK warns that it will drop Node 20 in 2027; learners on Node 20 cannot act on that mid-lab.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const out = createOutput()
// Before any text is made: --help is in the chosen language too.
setLanguage(chooseLanguage(process.argv.slice(2), process.env).lang)

function version(): string {
  try {
    return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version
  } catch {
    return '0.0.0'
  }
}

/** `--target local|aws --endpoint URL --profile P --region R` on every command that deploys or checks. */
function withTarget(cmd: Command): Command {
  // `start` picks where a lab goes; the others default to where the lab was last deployed.
  const help = cmd.name() === 'start' ? t('cli.opt.target') : t('cli.opt.targetRemembered')
  return cmd
    .addOption(new Option('--target <kind>', help).choices(['local', 'aws']))
    .option('--endpoint <url>', t('cli.opt.endpoint'))
    .option('--profile <name>', t('cli.opt.profile'))
    .option('--region <region>', t('cli.opt.region'))
}

type Exit = number | void
let exitCode = 0
/** The command being run (`call`, `inspect table`): a note about which lab was picked prints a command that names it. */
let commandPath: string | undefined
const ctx = (): CommandContext => ({ ...createContext(out), command: commandPath })
const finish = (code: Exit) => void (exitCode = code ?? 0)

export function buildProgram(output: Output = out): Command {
  const program = new Command('lab')
    .description(t('cli.program.description'))
    .version(version(), '-V, --version', t('cli.opt.version'))
    .helpOption('-h, --help', t('cli.opt.help'))
    .helpCommand('help [command]', t('cli.cmd.help'))
    .addOption(new Option('--lang <lang>', t('cli.opt.lang')).choices(LANGUAGES))
    .showSuggestionAfterError(true)
    .configureHelp(localizedHelp())
    .configureOutput({
      writeOut: (s) => output.info(s.replace(/\n$/, '')),
      writeErr: (s) => output.note(s.replace(/\n$/, '')),
    })
    .exitOverride()
  pointUnknownCommands(program)
  program.hook('preAction', (_program, action) => {
    const names: string[] = []
    for (let c: Command | null = action; c && c !== program; c = c.parent) names.unshift(c.name())
    commandPath = names.join(' ')
  })

  program
    .command('list')
    .description(t('cli.cmd.list'))
    .option('--json', t('cli.opt.json'))
    .action(async (o) => finish(await (await import('./commands/list.js')).list(ctx(), o)))

  withTarget(
    program
      .command('start')
      .description(t('cli.cmd.start'))
      .argument('<id>', t('cli.arg.id'))
      .option('--dir <path>', t('cli.opt.dir'))
      .option('-y, --yes', t('cli.opt.yes')),
  ).action(async (id, o) => finish(await (await import('./commands/start.js')).start(ctx(), { ...o, id })))

  withTarget(program.command('deploy').description(t('cli.cmd.deploy')).argument('[id]', t('cli.arg.idOptional'))).action(
    async (id, o) => finish(await (await import('./commands/deploy.js')).deploy(ctx(), { ...o, id })),
  )

  withTarget(
    program
      .command('check')
      .description(t('cli.cmd.check'))
      .argument('[id]', t('cli.arg.idOptional'))
      .option('--json', t('cli.opt.json'))
      .option('--browser', t('cli.opt.browser')),
  ).action(async (id, o) => finish(await (await import('./commands/check.js')).check(ctx(), { ...o, id })))

  withTarget(
    program
      .command('watch')
      .description(t('cli.cmd.watch'))
      .argument('[id]', t('cli.arg.idOptional'))
      .option('--browser', t('cli.opt.browser')),
  ).action(async (id, o) => finish(await (await import('./commands/watch.js')).watch(ctx(), { ...o, id })))

  program
    .command('hint')
    .description(t('cli.cmd.hint'))
    .argument('[id]', t('cli.arg.idOptional'))
    .option('--all', t('cli.opt.hintAll'))
    .option('--reset', t('cli.opt.hintReset'))
    .action(async (id, o) => finish(await (await import('./commands/hint.js')).hint(ctx(), { ...o, id })))

  program
    .command('quiz')
    .description(t('quiz.cmd'))
    .argument('[id]', t('quiz.arg.id'))
    .option('--review', t('quiz.opt.review'))
    .option('--count <n>', t('quiz.opt.count'))
    .option('--all', t('quiz.opt.all'))
    .option('--lang <lang>', t('quiz.opt.lang'))
    .option('--stats', t('quiz.opt.stats'))
    .option('--json', t('quiz.opt.json'))
    .option('--answers <answers>', t('quiz.opt.answers'))
    .action(async (id, o) => finish(await (await import('./commands/quiz.js')).quiz(ctx(), { ...o, id })))

  withTarget(
    program
      .command('solve')
      .description(t('cli.cmd.solve'))
      .argument('[id]', t('cli.arg.idOptional'))
      .option('-y, --yes', t('cli.opt.yes')),
  ).action(async (id, o) => finish(await (await import('./commands/solve.js')).solve(ctx(), { ...o, id })))

  program
    .command('reset')
    .description(t('cli.cmd.reset'))
    .argument('[id]', t('cli.arg.idOptional'))
    .option('-y, --yes', t('cli.opt.yes'))
    .action(async (id, o) => finish(await (await import('./commands/reset.js')).reset(ctx(), { ...o, id })))

  withTarget(
    program
      .command('teardown')
      .description(t('cli.cmd.teardown'))
      .argument('[id]', t('cli.arg.idOptional'))
      .option('--all', t('cli.opt.teardownAll'))
      .option('-y, --yes', t('cli.opt.yes')),
  ).action(async (id, o) => finish(await (await import('./commands/teardown.js')).teardown(ctx(), { ...o, id })))

  program
    .command('status')
    .description(t('cli.cmd.status'))
    .option('--json', t('cli.opt.json'))
    .action(async (o) => finish(await (await import('./commands/status.js')).status(ctx(), o)))

  withTarget(
    program
      .command('outputs')
      .description(t('cli.cmd.outputs'))
      .argument('[id]', t('cli.arg.idOptional'))
      .option('--json', t('cli.opt.json')),
  ).action(async (id, o) => finish(await (await import('./commands/outputs.js')).outputs(ctx(), { ...o, id })))

  withTarget(
    program
      .command('login')
      .description(t('cli.cmd.login'))
      .argument('[id]', t('cli.arg.idOptional'))
      .option('--user <name>', t('cli.opt.loginUser'))
      .option('--password-stdin', t('cli.opt.passwordStdin'))
      .option('--json', t('cli.opt.json')),
  ).action(async (id, o) => finish(await (await import('./commands/login.js')).login(ctx(), { ...o, id })))

  program
    .command('call')
    .description(t('call.cmd'))
    .argument('<url>', t('call.arg.url'))
    .option('-X, --method <method>', t('call.opt.method'))
    .option('-H, --header <header>', t('call.opt.header'), (value: string, all: string[] = []) => [...all, value])
    .option('-d, --data <data>', t('call.opt.data'))
    .option('--sign', t('call.opt.sign'))
    .option('--profile <name>', t('call.opt.profile'))
    .option('--region <region>', t('call.opt.region'))
    .option('--token <token>', t('call.opt.token'))
    .option('--lab <id>', t('call.opt.lab'))
    .option('--timeout <seconds>', t('call.opt.timeout'))
    .option('-v, --verbose', t('call.opt.verbose'))
    .addHelpText('after', `\n${t('call.help.exit')}`)
    .action(async (url, o) => finish(await (await import('./commands/call.js')).call(ctx(), { ...o, url })))

  program
    .command('doctor')
    .description(t('cli.cmd.doctor'))
    .option('--json', t('cli.opt.json'))
    .addOption(new Option('--target <kind>', t('cli.opt.doctorTarget')).choices(['local', 'aws']))
    .option('--profile <name>', t('cli.opt.profile'))
    .option('--region <region>', t('cli.opt.region'))
    .action(async (o) => finish(await (await import('./commands/doctor.js')).doctor(ctx(), o)))

  program
    .command('guide')
    .description(t('cli.cmd.guide'))
    .argument('[id]', t('cli.arg.idOptional'))
    .option('--step <step>', t('cli.opt.step'))
    .action(async (id, o) => finish(await (await import('./commands/guide.js')).guide(ctx(), { ...o, id })))

  program
    .command('config')
    .description(t('cli.cmd.config'))
    .argument('<key>', t('cli.arg.configKey'))
    .argument('[value]', t('cli.arg.configValue'))
    .action(async (key, value) => finish(await (await import('./commands/config.js')).config(ctx(), { key, value })))

  // WebSocket tools (lab 354): a wscat-like client, the @connections API, a lab's DynamoDB table.
  const collect = (value: string, previous: string[] = []) => [...previous, value]
  withTarget(
    program
      .command('ws')
      .description(t('ws.cmd'))
      .argument('<url>', t('ws.arg.url'))
      .option('-x, --execute <message>', t('ws.opt.execute'), collect)
      .option('-w, --wait <seconds>', t('ws.opt.wait'))
      .option('-H, --header <header>', t('ws.opt.header'), collect)
      .option('--query <name=value>', t('ws.opt.query'), collect)
      .option('--sign', t('ws.opt.sign')),
  ).action(async (url, o) => finish(await (await import('./commands/ws.js')).ws(ctx(), { ...o, url })))

  withTarget(
    program
      .command('connections')
      .description(t('connections.cmd'))
      .argument('[args...]', t('connections.arg.args'))
      .option('--data <text>', t('connections.opt.data'))
      .option('--table <LogicalId>', t('inspect.opt.table'))
      .option('--json', t('cli.opt.json')),
  ).action(async (args, o) => finish(await (await import('./commands/connections.js')).connections(ctx(), { ...o, args })))

  withTarget(
    program
      .command('logs')
      .description(t('logs.cmd'))
      .argument('[id]', t('cli.arg.idOptional'))
      .option('--function <LogicalId>', t('logs.opt.function'))
      .option('--since <duration>', t('logs.opt.since'))
      .option('--follow', t('logs.opt.follow')),
  ).action(async (id, o) => finish(await (await import('./commands/logs.js')).logs(ctx(), { ...o, id })))

  withTarget(
    program
      .command('inspect')
      .description(t('inspect.cmd'))
      .command('table')
      .description(t('inspect.table.cmd'))
      .argument('[id]', t('cli.arg.idOptional'))
      .option('--table <LogicalId>', t('inspect.opt.table'))
      .option('--json', t('cli.opt.json')),
  ).action(async (id, o) => finish(await (await import('./commands/inspect.js')).inspectTable(ctx(), { ...o, id })))

  const cloud = program.command('cloud').description(t('cli.cmd.cloud'))
  const runCloud = async (sub: string, o: object) =>
    (await import('./commands/cloud.js')).cloud([sub], { ...o, out: output })
  cloud
    .command('start')
    .description(t('cli.cmd.cloudStart'))
    .option('-d, --detach', t('cli.opt.detach'))
    .action(async (o) => finish(await runCloud('start', o)))
  cloud.command('stop').description(t('cli.cmd.cloudStop')).action(async (o) => finish(await runCloud('stop', o)))
  cloud
    .command('status')
    .description(t('cli.cmd.cloudStatus'))
    .option('--json', t('cli.opt.json'))
    .action(async (o) => finish(await runCloud('status', o)))
  cloud
    .command('env')
    .description(t('cli.cmd.cloudEnv'))
    .option('--json', t('cli.opt.json'))
    .option('--account <which>', t('cli.opt.cloudEnvAccount'), 'main')
    .action(async (o) => finish(await runCloud('env', o)))

  return program
}

function report(err: unknown): number {
  if (err instanceof CommanderError) {
    // commander has already printed its message (or the help / version).
    return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : err.exitCode || 1
  }
  if (err instanceof LabError) {
    if (err.message) out.error(err.message) // none after an interrupt: it has said what state things are in
    for (const line of err.details) out.note(`  ${line}`)
    return err.exitCode
  }
  const message = err instanceof Error ? err.message : String(err)
  out.error(t('cli.error.unexpected', { message: message.split('\n')[0] }))
  if (process.env.DEBUG && err instanceof Error && err.stack) out.note(err.stack)
  else out.note(t('cli.error.debugHint'))
  return EXIT_INTERNAL
}

async function main(): Promise<void> {
  const program = buildProgram()
  if (process.argv.length <= 2) {
    program.outputHelp()
    return exit(0)
  }
  try {
    await program.parseAsync(process.argv)
  } catch (err) {
    exitCode = report(err)
  }
  exit(exitCode)
}

/** Exit once stdout has flushed (a pipe on macOS is asynchronous; a cut-off JSON document is worse than a wait). */
function exit(code: number): void {
  process.stdout.write('', () => process.exit(code))
}

await main()
