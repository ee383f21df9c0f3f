import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { LabError } from './errors.js'
import { loadAllLabs, localizeManifest, manifestErrors } from './lab-manifest.js'
import { parseYamlFile } from './yaml-file.js'

const both = (en: string, ko: string) => ({ en, ko })

const valid = {
  formatVersion: 1,
  id: '350',
  lecture: 350,
  slug: 'cors',
  title: both('CORS', 'CORS 실습'),
  summary: both('A site calls an API.', '사이트가 API를 호출합니다.'),
  learn: [both('why', '이유')],
  deploys: [both('an API', 'API 하나')],
  awsCost: both('under $0.01', '$0.01 미만'),
  exam: [{ task: '1.1', text: both('Develop code', '코드 개발') }],
  templates: '350-cors',
  stackName: 'lab-350-cors',
  urls: [{ label: both('Site', '사이트'), output: 'SiteUrl' }],
  steps: [{ id: 'look', title: both('Look', '보기'), text: both('Open the site.', '사이트를 엽니다.'), checks: ['a'] }],
  hints: [both('one', '하나'), both('two', '둘')],
  checks: [{ id: 'a', title: both('A', '가'), kind: 'http', why: { MissingAllowOriginHeader: both('because', '왜냐하면') } }],
}

function contentWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-content-'))
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    fs.writeFileSync(path.join(dir, name), text)
  }
  return dir
}

async function loadError(dir: string): Promise<LabError> {
  try {
    await loadAllLabs(dir)
  } catch (err) {
    if (err instanceof LabError) return err
    throw err
  }
  throw new Error('expected a LabError')
}

describe('manifestErrors', () => {
  it('accepts a complete manifest and turns a numeric id into text', () => {
    const data = { ...valid, id: 350 }
    expect(manifestErrors(data)).toEqual([])
    expect(data.id).toBe('350')
  })

  it('names each bad field', () => {
    const errors = manifestErrors({ ...valid, formatVersion: 2, lecture: 'x', hints: 'one', checks: [{ id: 'a', title: both('A', '가') }, { id: 'a', title: both('B', '나'), kind: 'http' }] })
    expect(errors).toContain('formatVersion: must be 1 (got 2)')
    expect(errors).toContain('lecture: must be an integer')
    expect(errors[errors.findIndex((e) => e.startsWith('hints:'))]).toMatch(/^hints: must be a list of texts/)
    expect(errors).toContain('checks[0].kind: must be a non-empty string')
    expect(errors).toContain("checks[1].id: duplicate id 'a'")
  })

  it('refuses a text in one language only, naming the field and the missing language', () => {
    const errors = manifestErrors({
      ...valid,
      title: 'CORS',
      summary: { en: 'A site.' },
      learn: [both('x', 'y'), { en: 'z', ko: '', fr: 'w' }],
      steps: [{ id: 'look', title: both('Look', '보기'), body: 'Open the site.', checks: ['a'] }],
      checks: [{ id: 'a', title: both('A', '가'), kind: 'http', why: { MissingAllowOriginHeader: 'English only' } }],
    })
    expect(errors).toContain('title: must be written in English and Korean, as title: {en: "…", ko: "…"} (got one text only)')
    expect(errors).toContain('summary.ko: missing (every text needs en and ko)')
    expect(errors).toContain('learn[1].ko: must be a non-empty string')
    expect(errors).toContain('learn[1].fr: unknown language (use en, ko)')
    expect(errors).toContain('steps[0].body: is now called text (and needs en and ko)')
    expect(errors).toContain('steps[0].text: must be a mapping {en: "…", ko: "…"}')
    expect(errors).toContain('checks[0].why.MissingAllowOriginHeader: must be written in English and Korean, as MissingAllowOriginHeader: {en: "…", ko: "…"} (got one text only)')
  })

  it('ties steps to checks: known ids only, and every check in some step', () => {
    const errors = manifestErrors({
      ...valid,
      checks: [...valid.checks, { id: 'b', title: both('B', '나'), kind: 'http' }],
      steps: [{ ...valid.steps[0], checks: ['a', 'zzz'] }, { ...valid.steps[0] }],
      exam: [{ task: '7', text: both('x', 'y') }],
    })
    expect(errors).toContain("steps[0].checks: no check has the id 'zzz'")
    expect(errors).toContain("steps[1].id: duplicate id 'look'")
    expect(errors).toContain("checks: 'b' is in no step's checks (every check belongs to a step)")
    expect(errors).toContain('exam[0].task: must be a DVA-C02 task number such as "1.1" (quoted)')
  })

  it('gives the manifest in one language, whys per error code included', () => {
    const en = localizeManifest(structuredClone(valid), 'en')
    const ko = localizeManifest(structuredClone(valid), 'ko')
    expect([en.title, en.steps[0].text, en.urls[0].label, en.exam[0].text]).toEqual(['CORS', 'Open the site.', 'Site', 'Develop code'])
    expect([ko.title, ko.steps[0].text, ko.urls[0].label, ko.hints[1]]).toEqual(['CORS 실습', '사이트를 엽니다.', '사이트', '둘'])
    expect(ko.checks[0]).toMatchObject({ title: '가', why: { MissingAllowOriginHeader: '왜냐하면' } })
  })

  it('checks the optional site block and failsInStarter', () => {
    const errors = manifestErrors({
      ...valid,
      site: { dir: 'site', config: { file: 'config.js', values: { apiUrl: 3 } } },
      checks: [{ id: 'a', title: both('A', '가'), kind: 'http', failsInStarter: 3 }],
    })
    expect(errors).toContain('site.bucketOutput: must be a non-empty string')
    expect(errors).toContain('site.config.values.apiUrl: must be a non-empty string')
    expect(errors[errors.length - 1]).toMatch(/^checks\[0\]\.failsInStarter/)
  })
})

describe('loading labs', () => {
  it('reports a YAML syntax error with file and line', async () => {
    const dir = contentWith({ 'labs/350-cors/lab.yaml': 'id: "350"\ntitle: [unclosed\nslug: cors\n' })
    const err = await loadError(dir)
    expect(err.message).toMatch(/labs\/350-cors\/lab\.yaml:\d+:\d+/)
  })

  it('reports shape errors naming the file and field', async () => {
    const dir = contentWith({ 'labs/350-cors/lab.yaml': JSON.stringify({ ...valid, title: both('CORS', '') }) })
    const err = await loadError(dir)
    expect(err.message).toContain('labs/350-cors/lab.yaml')
    expect(err.details).toContain('labs/350-cors/lab.yaml: title.ko: must be a non-empty string')
  })

  it('rejects two labs with one id and sorts by lecture', async () => {
    const a = { ...valid, id: '351', lecture: 351, slug: 'auth' }
    const dir = contentWith({ 'labs/351-auth/lab.yaml': JSON.stringify(a), 'labs/350-cors/lab.yaml': JSON.stringify(valid) })
    expect((await loadAllLabs(dir)).map((l) => l.manifest.id)).toEqual(['350', '351'])
    fs.writeFileSync(path.join(dir, 'labs/351-auth/lab.yaml'), JSON.stringify({ ...a, id: '350' }))
    expect((await loadError(dir)).message).toMatch(/Two labs use the id '350'/)
  })

  it('accepts CloudFormation tags in YAML (unknown tags are not errors)', () => {
    expect(parseYamlFile('t.yaml', 'Value: !Ref Api\nOther: !GetAtt Fn.Arn\n')).toBeTruthy()
  })
})

describe('manifest cache', () => {
  it('serves unchanged manifests from the cache and notices edits', async () => {
    const dir = contentWith({ 'labs/350-cors/lab.yaml': JSON.stringify(valid) })
    const cacheFile = path.join(dir, 'cache', 'manifests.json')
    expect((await loadAllLabs(dir, { cacheFile, lang: 'en' }))[0].manifest.title).toBe('CORS')
    const cache = JSON.parse(fs.readFileSync(cacheFile, 'utf8'))
    const key = Object.keys(cache.entries)[0]
    // Prove the cache is read: change the cached title without touching lab.yaml.
    cache.entries[key].data.title = both('from cache', '캐시에서')
    fs.writeFileSync(cacheFile, JSON.stringify(cache))
    expect((await loadAllLabs(dir, { cacheFile, lang: 'en' }))[0].manifest.title).toBe('from cache')
    expect((await loadAllLabs(dir, { cacheFile, lang: 'ko' }))[0].manifest.title).toBe('캐시에서')
    // An edit changes size/mtime, so the file is parsed (and validated) again.
    fs.writeFileSync(path.join(dir, 'labs/350-cors/lab.yaml'), JSON.stringify({ ...valid, title: both('Edited title', '고친 제목') }))
    expect((await loadAllLabs(dir, { cacheFile, lang: 'en' }))[0].manifest.title).toBe('Edited title')
    fs.writeFileSync(path.join(dir, 'labs/350-cors/lab.yaml'), JSON.stringify({ ...valid, title: 'one language only' }))
    await expect(loadAllLabs(dir, { cacheFile })).rejects.toThrow(/not valid/)
  })
})
