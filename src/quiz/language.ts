/**
 * @module Which language a quiz is shown in. `--lang` wins, then the environment (LC_ALL, LC_MESSAGES, LANG:
 * `ko_KR.UTF-8` → ko), else English.
 * The CLI resolves the language first (global `--lang`, `lab config lang`, the locale: src/cli/language.ts);
 * `lab quiz` uses it and calls this only for its own `--lang`.
 */
import { LabError } from '../runner/errors.js'
import { t } from '../ui/i18n.js'
import { QUIZ_LANGUAGES, type QuizLanguage } from './format.js'

export function quizLanguage(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): QuizLanguage {
  if (flag !== undefined) {
    const lang = flag.trim().toLowerCase()
    if (!(QUIZ_LANGUAGES as readonly string[]).includes(lang)) {
      throw new LabError(t('quiz.lang.unknown', { lang: flag, langs: QUIZ_LANGUAGES.join(', ') }))
    }
    return lang as QuizLanguage
  }
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || ''
  const prefix = locale.toLowerCase().slice(0, 2)
  return (QUIZ_LANGUAGES as readonly string[]).includes(prefix) ? (prefix as QuizLanguage) : 'en'
}
