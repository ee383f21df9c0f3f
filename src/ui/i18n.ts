/**
 * @module The message catalog: every learner-facing string goes through `t(key, params)`, so a second
 * language (Korean is planned) is a new folder under messages/, not a rewrite.
 */
import { checkMessages } from './messages/en/checks.js'
import { cliMessages } from './messages/en/cli.js'
import { deployMessages } from './messages/en/deploy.js'
import { securityMessages } from './messages/en/security.js'

export type Params = Record<string, string | number>

const catalogs: Record<string, Record<string, string>> = {
  en: { ...cliMessages, ...deployMessages, ...checkMessages, ...securityMessages },
}

let language = 'en'

export function setLanguage(lang: string): void {
  language = catalogs[lang] ? lang : 'en'
}

/** `t('deploy.failed', {resource: 'Fn'})` fills `{resource}` placeholders; an unknown key shows itself. */
export function t(key: string, params: Params = {}): string {
  const template = catalogs[language][key] ?? catalogs.en[key] ?? key
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}
