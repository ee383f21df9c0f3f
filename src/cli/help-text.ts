/**
 * @module `--help` in the learner's language: commander writes its headings (`Usage:`, `Options:` …) and the notes
 * after a description (`choices:`, `default:`) in English; these overrides put them through the catalog.
 */
import { Help, type Argument, type Command, type Option } from 'commander'
import { t } from '../ui/i18n.js'

const HEADINGS: Record<string, Parameters<typeof t>[0]> = {
  'Usage:': 'cli.help.usage',
  'Arguments:': 'cli.help.arguments',
  'Options:': 'cli.help.options',
  'Global Options:': 'cli.help.globalOptions',
  'Commands:': 'cli.help.commands',
}
const HEADING = /^(Usage:|Arguments:|Options:|Global Options:|Commands:)/gm
/** The notes commander appends in parentheses: `(choices: "local", "aws", default: "x")`. */
const NOTE = /(\(|, )(choices|default|preset|env): /g
const NOTE_KEYS: Record<string, Parameters<typeof t>[0]> = {
  choices: 'cli.help.choices',
  default: 'cli.help.default',
  preset: 'cli.help.preset',
  env: 'cli.help.env',
}

const localizeNotes = (text: string) => text.replace(NOTE, (_, lead: string, word: string) => `${lead}${t(NOTE_KEYS[word])}: `)

/** For `program.configureHelp(…)`: subcommands inherit it. */
export function localizedHelp(): Partial<Help> {
  return {
    formatHelp: (cmd: Command, helper: Help) => Help.prototype.formatHelp.call(helper, cmd, helper).replace(HEADING, (h) => t(HEADINGS[h])),
    optionDescription: (option: Option) => localizeNotes(Help.prototype.optionDescription.call(new Help(), option)),
    argumentDescription: (argument: Argument) => localizeNotes(Help.prototype.argumentDescription.call(new Help(), argument)),
  }
}
