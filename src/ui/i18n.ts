/**
 * @module The message catalog: every learner-facing string goes through `t(key, params)`. English and Korean
 * catalogs have the same keys: a Korean file is typed from its English twin, so a missing or extra key is a
 * compile error (and src/ui/i18n.test.ts checks the files themselves).
 */
import { josa } from './josa.js'
import { callMessages } from './messages/en/call.js'
import { checkMessages } from './messages/en/checks.js'
import { cliMessages } from './messages/en/cli.js'
import { deployMessages } from './messages/en/deploy.js'
import { loopMessages } from './messages/en/loop.js'
import { quizMessages } from './messages/en/quiz.js'
import { runtimeMessages } from './messages/en/runtimes.js'
import { callMessagesKo } from './messages/ko/call.js'
import { checkMessagesKo } from './messages/ko/checks.js'
import { cliMessagesKo } from './messages/ko/cli.js'
import { deployMessagesKo } from './messages/ko/deploy.js'
import { loopMessagesKo } from './messages/ko/loop.js'
import { quizMessagesKo } from './messages/ko/quiz.js'
import { runtimeMessagesKo } from './messages/ko/runtimes.js'
import { securityMessages } from './messages/en/security.js'
import { securityMessagesKo } from './messages/ko/security.js'
import { loginMessages } from './messages/en/login.js'
import { loginMessagesKo } from './messages/ko/login.js'
import { wsMessages } from './messages/en/ws.js'
import { wsMessagesKo } from './messages/ko/ws.js'
import { logsMessages } from './messages/en/logs.js'
import { logsMessagesKo } from './messages/ko/logs.js'
import { learnerMessages } from './messages/en/learner.js'
import { learnerMessagesKo } from './messages/ko/learner.js'

export type Params = Record<string, string | number>

export const LANGUAGES = ['en', 'ko'] as const
export type Language = (typeof LANGUAGES)[number]

/** A Korean (or any other) catalog for an English one: exactly its keys, each a string. */
export type Translation<T> = { readonly [K in keyof T]: string }

const english = { ...cliMessages, ...deployMessages, ...checkMessages, ...loopMessages, ...runtimeMessages, ...quizMessages, ...securityMessages, ...loginMessages, ...callMessages, ...wsMessages, ...logsMessages, ...learnerMessages }
export type MessageKey = keyof typeof english

const catalogs: Record<Language, Translation<typeof english>> = {
  en: english,
  ko: { ...cliMessagesKo, ...deployMessagesKo, ...checkMessagesKo, ...loopMessagesKo, ...runtimeMessagesKo, ...quizMessagesKo, ...securityMessagesKo, ...loginMessagesKo, ...callMessagesKo, ...wsMessagesKo, ...logsMessagesKo, ...learnerMessagesKo },
}

let language: Language = 'en'

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

export function setLanguage(lang: string): void {
  language = isLanguage(lang) ? lang : 'en'
}

export function currentLanguage(): Language {
  return language
}

/** The catalog of one language (tests compare them). */
export function catalog(lang: Language): Readonly<Record<string, string>> {
  return catalogs[lang]
}

/**
 * `t('deploy.failed', {resource: 'Fn'})` fills `{resource}` placeholders; an unknown key shows itself. Keys
 * are strings, not `MessageKey`: some are built at run time (`checks.cors.why.<Chrome error code>`).
 */
export function t(key: string, params: Params = {}): string {
  const own = catalogs[language] as Record<string, string>
  const template = (Object.hasOwn(own, key) ? own[key] : undefined) ?? (Object.hasOwn(english, key) ? (english as Record<string, string>)[key] : key)
  const filled = template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole))
  return language === 'ko' ? josa(filled) : filled
}

/** `t` in a given language, whatever the current one (e.g. a check run that must report in both). */
export function tIn(lang: Language, key: string, params: Params = {}): string {
  const before = language
  language = lang
  try {
    return t(key, params)
  } finally {
    language = before
  }
}
