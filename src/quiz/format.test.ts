/** The quiz format's validation: each rule fails on a file that breaks it, naming the question. */
import { describe, expect, it } from 'vitest'
import { normaliseQuiz, quizErrors, type PointerTargets } from './format.js'
import { headingAnchors } from './load.js'

const targets: PointerTargets = { step: new Set(['make-it-live']), guide: new Set(['simple-requests']) }
const both = (s: string) => ({ en: s, ko: `${s} (ko)` })
const option = (s: string) => ({ text: both(s), why: both(`why ${s}`) })

function valid(): any {
  return {
    version: 1,
    lab: '350',
    questions: [
      { id: 'q-single', type: 'single', guide: 'simple-requests', docs: { en: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html', ko: 'https://docs.aws.amazon.com/ko_kr/apigateway/latest/developerguide/how-to-cors.html' }, stem: both('Which?'), options: { a: option('A'), b: option('B'), c: option('C') }, correct: 'b' },
      { id: 'q-multi', type: 'multiple', choose: 2, step: 'make-it-live', docs: { en: 'https://repost.aws/knowledge-center/api-gateway-cors-errors', ko: 'https://repost.aws/ko/knowledge-center/api-gateway-cors-errors' }, stem: both('Which two?'), options: { a: option('A'), b: option('B'), c: option('C'), d: option('D') }, correct: ['d', 'a'] },
    ],
  }
}

const errorsOf = (change: (d: any) => void) => {
  const d = valid()
  change(d)
  return quizErrors(d, targets, '350')
}

describe('quiz format validation', () => {
  it('accepts a valid file and normalises it', () => {
    expect(quizErrors(valid(), targets, '350')).toEqual([])
    const quiz = normaliseQuiz(valid())
    expect(quiz.questions[1]).toMatchObject({ choose: 2, correct: ['a', 'd'], pointer: { kind: 'step', target: 'make-it-live' } })
    expect(quiz.questions[0].options.map((o) => o.key)).toEqual(['a', 'b', 'c'])
  })

  it.each([
    ['duplicate ids', (d: any) => (d.questions[1].id = 'q-single'), "question 'q-single': duplicate id"],
    ['single choice with two right options', (d: any) => (d.questions[0].correct = ['a', 'b']), "question 'q-single': correct: a single-choice question has exactly one right option (got 2)"],
    ['multiple choice without choose', (d: any) => delete d.questions[1].choose, "question 'q-multi': choose: a multiple-choice question states how many to pick"],
    ['choose that does not match the right options', (d: any) => (d.questions[1].choose = 3), "question 'q-multi': correct: choose is 3 but 2 option(s) are right"],
    ['a right option that does not exist', (d: any) => (d.questions[0].correct = 'e'), "question 'q-single': correct: 'e' is not an option"],
    ['an option without its Korean explanation', (d: any) => delete d.questions[0].options.c.why.ko, "question 'q-single': options.c.why.ko: missing or empty"],
    ['an option without any explanation', (d: any) => delete d.questions[1].options.b.why, "question 'q-multi': options.b.why: must have a text for each language"],
    ['a stem missing in English', (d: any) => (d.questions[0].stem.en = ' '), "question 'q-single': stem.en: missing or empty"],
    ['a language nobody reads', (d: any) => (d.questions[0].stem.fr = 'Laquelle ?'), "question 'q-single': stem.fr: unknown language"],
    ['a guide anchor that does not exist', (d: any) => (d.questions[0].guide = 'simple-request'), "question 'q-single': guide: 'simple-request' does not exist"],
    ['a step id that does not exist', (d: any) => (d.questions[1].step = 'deploy'), "question 'q-multi': step: 'deploy' does not exist"],
    ['no pointer back to the lab', (d: any) => delete d.questions[0].guide, "question 'q-single': needs exactly one pointer back to the lab"],
    ['a docs link that is not AWS documentation', (d: any) => (d.questions[0].docs.en = 'https://example.com/cors'), "question 'q-single': docs.en: must be an https://docs.aws.amazon.com/"],
    ['one docs link for every language', (d: any) => (d.questions[0].docs = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html'), "question 'q-single': docs: one AWS documentation link per language"],
    ['a question without its Korean docs link', (d: any) => delete d.questions[1].docs.ko, "question 'q-multi': docs.ko: must be an https://docs.aws.amazon.com/"],
    ['the English page as the Korean link', (d: any) => (d.questions[0].docs.ko = d.questions[0].docs.en), "question 'q-single': docs.ko: link the page in that language (https://docs.aws.amazon.com/ko_kr/"],
    ['the Korean re:Post page as the English link', (d: any) => (d.questions[1].docs.en = d.questions[1].docs.ko), "question 'q-multi': docs.en: link the English page"],
    ['option keys out of order', (d: any) => (d.questions[0].options = { a: option('A'), c: option('C'), b: option('B') }), "question 'q-single': options: keys must be a,b,c, in order"],
    ['a misspelt field', (d: any) => (d.questions[0].corect = 'b'), "question 'q-single': corect: unknown field"],
    ['another lab id', (d: any) => (d.lab = '351'), 'lab: must be "350"'],
    ['an unknown version', (d: any) => (d.version = 2), 'version: must be 1'],
  ])('refuses %s', (_name, change, message) => {
    const errors = errorsOf(change)
    expect(errors.some((e) => e.startsWith(message)), errors.join('\n')).toBe(true)
  })
})

describe('heading anchors', () => {
  it('follows GitHub: lower case, punctuation dropped, repeats numbered, code blocks skipped', () => {
    const md = [
      '# Lab 350: CORS, or why',
      '## 4. Proxy and non-proxy integrations, and what "Enable CORS" really does',
      '```yaml',
      '# not a heading',
      '```',
      '### `Access-Control-Allow-Origin` and [links](https://x)',
      '## 사전 요청(preflight)',
      '## Notes',
      '## Notes',
    ].join('\n')
    expect(headingAnchors(md)).toEqual([
      'lab-350-cors-or-why',
      '4-proxy-and-non-proxy-integrations-and-what-enable-cors-really-does',
      'access-control-allow-origin-and-links',
      '사전-요청preflight',
      'notes',
      'notes-1',
    ])
  })
})
