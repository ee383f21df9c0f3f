import { describe, expect, it } from 'vitest'
import { loopMessages } from './en/loop.js'
import { loopMessagesKo } from './loop-ko.js'

describe('learner-loop messages', () => {
  it('every loop.* key exists in English and in Korean, with the same placeholders', () => {
    expect(Object.keys(loopMessagesKo).filter((k) => k.startsWith('loop.')).sort()).toEqual(Object.keys(loopMessages).sort())
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const [key, en] of Object.entries(loopMessages)) expect(placeholders(loopMessagesKo[key]), key).toEqual(placeholders(en))
    for (const ko of Object.values(loopMessagesKo)) expect(ko).toMatch(/[\uac00-\ud7a3]/)
  })
})
