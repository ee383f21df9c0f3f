import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigStore } from '../runner/config.js'
import { LabError } from '../runner/errors.js'
import { chooseLanguage, langFlag, languageFromEnv } from './language.js'

const home = () => fs.mkdtempSync(path.join(os.tmpdir(), 'lab-lang-'))

describe('language choice', () => {
  it('reads the locale as POSIX orders it: LC_ALL, then LC_MESSAGES, then LANG', () => {
    expect(languageFromEnv({ LANG: 'ko_KR.UTF-8' }).lang).toBe('ko')
    expect(languageFromEnv({ LANG: 'ko' }).lang).toBe('ko')
    expect(languageFromEnv({ LANG: 'en_US.UTF-8' }).lang).toBe('en')
    expect(languageFromEnv({ LANG: 'kok_IN' }).lang).toBe('en') // Konkani, not Korean
    expect(languageFromEnv({ LC_ALL: 'C', LANG: 'ko_KR.UTF-8' })).toMatchObject({ lang: 'en', source: { variable: 'LC_ALL' } })
    expect(languageFromEnv({ LC_MESSAGES: 'ko_KR.UTF-8', LANG: 'en_US' })).toMatchObject({ lang: 'ko', source: { variable: 'LC_MESSAGES' } })
    expect(languageFromEnv({ LC_ALL: '', LANG: 'ko_KR.UTF-8' }).lang).toBe('ko') // an empty variable is unset
    expect(languageFromEnv({})).toEqual({ lang: 'en', source: { kind: 'default' } })
  })

  it('finds --lang anywhere before --', () => {
    expect(langFlag(['check', '--lang', 'ko'])).toBe('ko')
    expect(langFlag(['--lang=en', 'list'])).toBe('en')
    expect(langFlag(['cloud', '--', '--lang', 'ko'])).toBeUndefined()
  })

  it('--lang wins over lab config lang, which wins over the locale', () => {
    const labHome = home()
    const env = { LAB_HOME: labHome, LANG: 'ko_KR.UTF-8' }
    expect(chooseLanguage([], env)).toMatchObject({ lang: 'ko', source: { kind: 'env' } })
    new ConfigStore(labHome).update((c) => void (c.lang = 'en'))
    expect(chooseLanguage([], env)).toMatchObject({ lang: 'en', source: { kind: 'config' } })
    expect(chooseLanguage(['--lang', 'ko'], env)).toEqual({ lang: 'ko', source: { kind: 'flag' } })
    expect(chooseLanguage(['--lang', 'fr'], env).lang).toBe('en') // commander refuses the flag itself
  })

  it('the config file is versioned and written whole; a broken one does not stop the language choice', () => {
    const labHome = home()
    const store = new ConfigStore(labHome)
    store.update((c) => void (c.lang = 'ko'))
    expect(JSON.parse(fs.readFileSync(store.file, 'utf8'))).toEqual({ version: 1, lang: 'ko' })
    expect(fs.readdirSync(labHome)).toEqual(['config.json']) // no temporary file left behind
    fs.writeFileSync(store.file, '{ not json')
    expect(() => store.read()).toThrow(LabError)
    expect(chooseLanguage([], { LAB_HOME: labHome, LANG: 'ko_KR.UTF-8' })).toMatchObject({ lang: 'ko', source: { kind: 'env' } })
    fs.writeFileSync(store.file, JSON.stringify({ version: 2, lang: 'ko' }))
    expect(() => store.read()).toThrow(/newer version of lab/)
  })
})
