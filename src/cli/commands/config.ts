/** @module `lab config lang [ko|en|auto]`: show or remember the language in LAB_HOME/config.json. */
import { LabError } from '../../runner/errors.js'
import { ConfigStore } from '../../runner/config.js'
import { isLanguage, setLanguage, t, type Language } from '../../ui/i18n.js'
import type { CommandContext } from '../context.js'
import { chooseLanguage, type LanguageChoice } from '../language.js'

export interface ConfigOptions {
  key: string
  value?: string
  /** The process arguments and environment (tests pass their own). */
  argv?: string[]
  env?: NodeJS.ProcessEnv
}

export async function config(ctx: CommandContext, options: ConfigOptions): Promise<void> {
  if (options.key !== 'lang') throw new LabError(t('cli.config.unknownKey', { key: options.key }))
  const store = new ConfigStore(ctx.labHome)
  const argv = options.argv ?? process.argv.slice(2)
  const env = options.env ?? process.env
  const value = options.value?.toLowerCase()
  if (value === undefined) {
    store.read() // a broken config.json is reported here, not silently ignored
    return ctx.out.info(describe(chooseLanguage(argv, { ...env, LAB_HOME: ctx.labHome })))
  }
  if (value === 'auto') {
    store.update((c) => void delete c.lang)
    const now = chooseLanguage([], { ...env, LAB_HOME: ctx.labHome }).lang
    setLanguage(now)
    return ctx.out.info(t('cli.config.langCleared', { language: languageName(now) }))
  }
  if (!isLanguage(value)) throw new LabError(t('cli.config.badLang', { value: options.value! }))
  store.update((c) => void (c.lang = value))
  setLanguage(value) // the confirmation is already in the new language
  ctx.out.info(t('cli.config.langSet', { language: languageName(value) }))
}

function languageName(lang: Language): string {
  return t(`cli.lang.${lang}`)
}

function describe(choice: LanguageChoice): string {
  const s = choice.source
  const source =
    s.kind === 'flag'
      ? t('cli.config.source.flag')
      : s.kind === 'config'
        ? t('cli.config.source.config', { file: s.file })
        : s.kind === 'env'
          ? t('cli.config.source.env', { variable: s.variable, value: s.value })
          : t('cli.config.source.default')
  return t('cli.config.langShow', { lang: choice.lang, language: languageName(choice.lang), source })
}
