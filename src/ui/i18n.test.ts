import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { makeColors } from './colors.js'
import { catalog, setLanguage, t, tIn } from './i18n.js'
import { ending, josa } from './josa.js'
import { padVisible, renderTable, visibleLength } from './table.js'

const messagesDir = fileURLToPath(new URL('./messages/', import.meta.url))
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

/** The exported catalogs of one messages/<lang>/<file>.ts, merged. */
async function fileCatalog(lang: string, file: string): Promise<Record<string, string>> {
  const module = await import(path.join(messagesDir, lang, file))
  return Object.assign({}, ...Object.values(module as Record<string, Record<string, string>>))
}

describe('message catalogs', () => {
  afterEach(() => setLanguage('en'))

  it('every English message file has a Korean twin with the same keys, none empty, the same placeholders', async () => {
    const files = (lang: string) => fs.readdirSync(path.join(messagesDir, lang)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort()
    expect(files('ko')).toEqual(files('en'))
    for (const file of files('en')) {
      const en = await fileCatalog('en', file)
      const ko = await fileCatalog('ko', file)
      expect(Object.keys(ko).sort(), `keys of ko/${file}`).toEqual(Object.keys(en).sort())
      for (const [key, text] of Object.entries(en)) {
        expect(text.trim(), `en ${key}`).not.toBe('')
        expect(ko[key].trim(), `ko ${key}`).not.toBe('')
        expect(placeholders(ko[key]), `placeholders of ${key}`).toEqual(placeholders(text))
      }
    }
  })

  it('the loaded catalogs hold the same keys in both languages, and every message file is loaded', async () => {
    expect(Object.keys(catalog('ko')).sort()).toEqual(Object.keys(catalog('en')).sort())
    for (const lang of ['en', 'ko'] as const) {
      for (const file of fs.readdirSync(path.join(messagesDir, lang)).filter((f) => f.endsWith('.ts'))) {
        const keys = Object.keys(await fileCatalog(lang, file))
        expect(keys.filter((k) => !Object.hasOwn(catalog(lang), k)), `${lang}/${file} registered in i18n.ts`).toEqual([])
      }
    }
  })

  it('Korean sentences use 합니다체, not the memo style of study notes; table cells may be terse', () => {
    for (const [key, text] of Object.entries(catalog('ko'))) {
      // A sentence (it ends with a full stop) ends the way 합니다체 does.
      if (text.endsWith('.')) expect(text, key).toMatch(/(니다|세요|까요|가요|나요|다|\})(\([^()]*\)|\))?\.$/)
      expect(text, key).not.toMatch(/(함|됨|임)\.$/)
      expect(text, key).not.toMatch(/메소드|람다|스테이지 변수|단계 변수|임의 통합/)
    }
  })

  it('t() speaks the chosen language, fills placeholders and falls back to the key', () => {
    setLanguage('ko')
    expect(t('cli.check.notDeployed', { lab: '350', target: 'local cloud' })).toBe('실습 350은 local cloud에 배포되어 있지 않습니다.')
    expect(t('no.such.key')).toBe('no.such.key')
    expect(tIn('en', 'cli.check.notDeployed', { lab: '350', target: 'x' })).toBe('Lab 350 is not deployed on x.')
    expect(t('cli.status.passed')).toBe('검사 통과') // tIn restored the language
    setLanguage('fr')
    expect(t('cli.status.passed')).toBe('checks passed')
  })
})

describe('Korean particles after a filled-in value', () => {
  it('reads the end of the value as a Korean speaker would', () => {
    expect(['스택', '함수', '파일', 'apigw-lab-350', 'cors', 'template.yaml', 'IAM', 'API', 'json', '/tmp/ws/'].map(ending)).toEqual([
      'consonant', 'vowel', 'rieul', 'consonant', 'vowel', 'rieul', 'consonant', 'vowel', 'consonant', 'vowel',
    ])
  })

  it('keeps the one form each value needs', () => {
    expect(josa('스택 apigw-lab-350은(는) 삭제되었고 cors는(은) 없습니다')).toBe('스택 apigw-lab-350은 삭제되었고 cors는(은) 없습니다')
    expect(josa('스택이(가) 함수이(가) 파일을(를) 버킷과(와) 목록과(와)')).toBe('스택이 함수가 파일을 버킷과 목록과')
    expect(josa("'351'(이)라는 실습, 'cors'(이)라는 실습")).toBe("'351'이라는 실습, 'cors'라는 실습")
    expect(josa('파일(으)로, 스택(으)로, 함수(으)로')).toBe('파일로, 스택으로, 함수로')
  })

  it('no both-forms marker reaches the learner from any Korean message', () => {
    setLanguage('ko')
    try {
      for (const key of Object.keys(catalog('ko'))) {
        const filled = t(key, new Proxy({}, { get: () => 'x', has: () => true }) as Record<string, string>)
        expect(filled, key).not.toMatch(/은\(는\)|이\(가\)|을\(를\)|과\(와\)|\(으\)로|\(이\)라/)
      }
    } finally {
      setLanguage('en')
    }
  })
})

describe('tables with Hangul', () => {
  it('count East Asian wide characters as two columns, colour codes as none', () => {
    const colors = makeColors(1)
    expect(visibleLength('실습')).toBe(4)
    expect(visibleLength(colors.green('ok'))).toBe(2)
    expect(padVisible('제목', 6)).toBe('제목  ')
  })

  it('line columns up in terminal columns when cells mix Korean and English', () => {
    const lines = renderTable(
      [
        ['350', 'CORS: S3 웹 사이트에서 API 호출하기', '시작 전'],
        ['351', 'Auth', makeColors(1).green('검사 통과')],
      ],
      ['ID', '제목', '진행 상황'],
      makeColors(0),
    )
    // The third column starts at the same terminal column on every line.
    const column = (line: string) => visibleLength(line.slice(0, line.search(/시작 전|진행 상황|\u001b\[32m검사/)))
    expect(new Set(lines.map(column)).size).toBe(1)
    expect(column(lines[0])).toBe(visibleLength('ID   CORS: S3 웹 사이트에서 API 호출하기  '))
  })
})
