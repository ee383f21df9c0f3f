/**
 * @module Which language lab speaks: `--lang` > `lab config lang` > the locale (LC_ALL, then LC_MESSAGES, then
 * LANG, as POSIX orders them) > English. Decided before commander builds the help texts, so `--help` is in
 * the chosen language too.
 */
import { ConfigStore } from '../runner/config.js'
import { labHome } from '../runner/paths.js'
import { isLanguage, type Language } from '../ui/i18n.js'

export type LanguageSource =
  | { kind: 'flag' }
  | { kind: 'config'; file: string }
  | { kind: 'env'; variable: string; value: string }
  | { kind: 'default' }

export interface LanguageChoice {
  lang: Language
  source: LanguageSource
}

/** The locale's language: the first of LC_ALL, LC_MESSAGES, LANG that is set decides (`ko_KR.UTF-8` → ko). */
export function languageFromEnv(env: NodeJS.ProcessEnv): LanguageChoice {
  for (const variable of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const value = env[variable]
    if (!value) continue
    return { lang: /^ko(?:[_.@-]|$)/i.test(value) ? 'ko' : 'en', source: { kind: 'env', variable, value } }
  }
  return { lang: 'en', source: { kind: 'default' } }
}

/** `--lang X` or `--lang=X` before a `--` (commander validates the value later and reports a bad one). */
export function langFlag(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--') return undefined
    if (arg === '--lang') return argv[i + 1]
    if (arg.startsWith('--lang=')) return arg.slice('--lang='.length)
  }
  return undefined
}

export function chooseLanguage(argv: string[], env: NodeJS.ProcessEnv): LanguageChoice {
  const flag = langFlag(argv)
  if (isLanguage(flag)) return { lang: flag, source: { kind: 'flag' } }
  const store = new ConfigStore(labHome(env))
  try {
    const configured = store.read().lang
    if (configured) return { lang: configured, source: { kind: 'config', file: store.file } }
  } catch {
    // An unreadable config.json must not stop every command: `lab config lang` reports it.
  }
  return languageFromEnv(env)
}
