/** The quiz's learner-facing strings exist in English and Korean with the same placeholders. */
import { describe, expect, it } from 'vitest'
import { quizMessages } from '../ui/messages/en/quiz.js'
import { quizMessagesKo } from '../ui/messages/ko/quiz.js'
import { setLanguage, t } from '../ui/i18n.js'

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('quiz messages', () => {
  it('every key has a Korean text with the same placeholders', () => {
    expect(Object.keys(quizMessagesKo).sort()).toEqual(Object.keys(quizMessages).sort())
    for (const [key, en] of Object.entries(quizMessages)) {
      expect(placeholders(quizMessagesKo[key]), key).toEqual(placeholders(en))
      expect(quizMessagesKo[key], key).toMatch(/[가-힣]|^[A-Z ]+$/)
    }
  })

  it('Korean texts do not use the 을(를) fallback forms after a placeholder', () => {
    for (const [key, ko] of Object.entries(quizMessagesKo)) expect(ko, key).not.toMatch(/\}(을\(를\)|이\(가\)|은\(는\)|\(으\)로)/)
  })

  it('--lang ko switches the catalog, English fills nothing in', () => {
    setLanguage('ko')
    try {
      expect(t('quiz.render.score', { right: 3, total: 4 })).toBe('점수: 3/4')
    } finally {
      setLanguage('en')
    }
    expect(t('quiz.render.score', { right: 3, total: 4 })).toBe('Score: 3/4')
  })
})
