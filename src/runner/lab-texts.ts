/**
 * @module Bilingual texts in lab.yaml. Every text a learner reads is written in both languages, side by side:
 *
 *     title:
 *       en: "CORS: a website in S3 calls your API"
 *       ko: "CORS: S3 웹 사이트가 API를 호출합니다"
 *     learn:
 *       - en: What an origin is …
 *         ko: 오리진이 무엇인지 …
 *
 * `textErrors` names a text given in one language only (or as plain text); `localize` picks one language.
 */
import { LANGUAGES, type Language } from '../ui/i18n.js'

/** A text in every language lab speaks. */
export type Localized = Record<Language, string>

const EXAMPLE = `{en: "…", ko: "…"}`

/** Problems with one bilingual text at `key` (empty = valid). */
export function textErrors(key: string, value: unknown): string[] {
  if (typeof value === 'string') return [`${key}: must be written in English and Korean, as ${key.split('.').at(-1)}: ${EXAMPLE} (got one text only)`]
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${key}: must be a mapping ${EXAMPLE}`]
  const errors: string[] = []
  for (const lang of LANGUAGES) {
    const text = (value as Record<string, unknown>)[lang]
    if (!Object.hasOwn(value, lang)) errors.push(`${key}.${lang}: missing (every text needs ${LANGUAGES.join(' and ')})`)
    else if (typeof text !== 'string' || text.trim() === '') errors.push(`${key}.${lang}: must be a non-empty string`)
  }
  for (const other of Object.keys(value)) {
    if (!(LANGUAGES as readonly string[]).includes(other)) errors.push(`${key}.${other}: unknown language (use ${LANGUAGES.join(', ')})`)
  }
  return errors
}

/** Problems with a list of bilingual texts. */
export function textListErrors(key: string, value: unknown): string[] {
  if (!Array.isArray(value)) return [`${key}: must be a list of texts, each ${EXAMPLE}`]
  return value.flatMap((item, i) => textErrors(`${key}[${i}]`, item))
}

/** True for a mapping that is a bilingual text (its keys are languages), as opposed to e.g. a `why` per error code. */
export function isLocalized(value: unknown): value is Localized {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0 && Object.keys(value).every((k) => (LANGUAGES as readonly string[]).includes(k))
}

/** A check's `why`: one bilingual text, or one per CORS error code (`MissingAllowOriginHeader: {en, ko}`). */
export function whyErrors(key: string, value: unknown): string[] {
  if (value === undefined) return []
  if (typeof value === 'string' || isLocalized(value)) return textErrors(key, value)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${key}: must be ${EXAMPLE} or a mapping of error code → ${EXAMPLE}`]
  return Object.entries(value).flatMap(([code, text]) => textErrors(`${key}.${code}`, text))
}

export function localize(value: Localized, lang: Language): string {
  return value[lang]
}

/** A `why` in one language (a text, or a mapping of code → text). */
export function localizeWhy(value: unknown, lang: Language): string | Record<string, string> | undefined {
  if (value === undefined) return undefined
  if (isLocalized(value)) return value[lang]
  return Object.fromEntries(Object.entries(value as Record<string, Localized>).map(([code, text]) => [code, text[lang]]))
}
