/**
 * @module One question on a terminal with enquirer: the options are listed with their keys, and typing a key
 * picks it (single choice) or ticks it (multiple choice); arrows and space work as usual, Enter answers.
 */
import { loadEnquirer } from '../ui/output.js'
import { t } from '../ui/i18n.js'
import type { QuizLanguage, QuizQuestion } from './format.js'

/** Thrown when the learner leaves with Ctrl-C or Esc. */
export class QuizCancelled extends Error {}

export async function askOnTerminal(question: QuizQuestion, lang: QuizLanguage, colorLevel: number): Promise<string[]> {
  const enquirer: any = await loadEnquirer(colorLevel)
  const multiple = question.choose > 1
  const Base = multiple ? enquirer.MultiSelect : enquirer.Select
  const keys = question.options.map((o) => o.key)

  class KeyedSelect extends Base {
    /** A typed option key selects (or toggles) that option; anything else is the prompt's usual keys. */
    dispatch(s: string, key: unknown) {
      const index = keys.indexOf(String(s ?? '').toLowerCase())
      if (index < 0) return super.dispatch(s, key)
      const self = this as any
      self.index = self.choices.findIndex((ch: any) => ch.name === keys[index])
      if (multiple) self.toggle(self.focused)
      return self.render()
    }

    /** enquirer tells ticked from unticked by colour alone, which NO_COLOR takes away: say it in text. */
    indicator(choice: { enabled?: boolean }) {
      return multiple ? (choice.enabled ? '[x]' : '[ ]') : ''
    }

    /** The cursor, which a multiple-choice list otherwise shows by colour only. */
    pointer(choice: unknown, i: number) {
      return multiple ? ((this as any).index === i ? '▸' : ' ') : super.pointer(choice, i)
    }
  }

  const prompt = new (KeyedSelect as any)({
    name: 'answer',
    message: multiple ? t('quiz.prompt.multiple', { n: question.choose }) : t('quiz.prompt.single'),
    choices: question.options.map((o) => ({ name: o.key, message: `${o.key}) ${o.text[lang]}` })),
    ...(multiple
      ? {
          maxSelected: question.choose,
          // enquirer's own "No items were selected" would be the one English line in a Korean quiz.
          emptyError: t('quiz.prompt.pickExactly', { n: question.choose }),
          validate: (value: string[]) => value.length === question.choose || t('quiz.prompt.pickExactly', { n: question.choose }),
        }
      : {}),
  })
  try {
    const answer: string | string[] = await prompt.run()
    return (Array.isArray(answer) ? answer : [answer]).sort()
  } catch {
    throw new QuizCancelled()
  }
}
