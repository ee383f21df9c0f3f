/**
 * @module The quiz file format (`labs/<id>-<slug>/quiz.yaml`, `version: 1`): one file per lab holding both
 * languages, and its validation. Pure: the caller reads the files and says which pointers exist.
 */

/** Every text in a quiz exists in each of these; adding a language here makes the validation ask for it. */
export const QUIZ_LANGUAGES = ['en', 'ko'] as const
export type QuizLanguage = (typeof QUIZ_LANGUAGES)[number]
export type Texts = Record<QuizLanguage, string>

export const QUIZ_FORMAT_VERSION = 1
/** Option keys, in the order they are shown. */
export const OPTION_KEYS = ['a', 'b', 'c', 'd', 'e'] as const

export interface QuizOption {
  key: string
  text: Texts
  /** Why this option is right or wrong. */
  why: Texts
}

export interface QuizQuestion {
  id: string
  type: 'single' | 'multiple'
  /** How many options to pick: 1 for single choice. */
  choose: number
  stem: Texts
  options: QuizOption[]
  /** The right option keys, sorted. */
  correct: string[]
  /** Where the lab teaches it: a step id in lab.yaml or a heading anchor of guide.en.md. */
  pointer: { kind: PointerKind; target: string }
  /** The AWS documentation page that teaches it, in each language (the Korean one is the Korean page). */
  docs: Texts
}

export interface Quiz {
  version: typeof QUIZ_FORMAT_VERSION
  lab: string
  questions: QuizQuestion[]
}

/**
 * What a question may point at. A new kind (say `guideKo` once anchors differ per language) is one more
 * entry here and one more set in `PointerTargets`.
 */
export const POINTER_KINDS = ['step', 'guide'] as const
export type PointerKind = (typeof POINTER_KINDS)[number]
export type PointerTargets = Record<PointerKind, Set<string>>

const QUESTION_KEYS = new Set(['id', 'type', 'choose', 'stem', 'options', 'correct', 'docs', ...POINTER_KINDS])
const OPTION_FIELDS = new Set(['text', 'why'])
const DOCS_URL = /^https:\/\/(docs\.aws\.amazon\.com|repost\.aws)\/(\S+)$/
/**
 * Where each language's page lives: AWS docs put a translation under `/ko_kr/…`, re:Post under `/ko/…`; the
 * English page has no locale segment. Adding a language adds its two segments here.
 */
const DOCS_LOCALE: Record<QuizLanguage, { docs: string; repost: string }> = {
  en: { docs: '', repost: '' },
  ko: { docs: 'ko_kr/', repost: 'ko/' },
}
const LOCALE_SEGMENT = { docs: /^[a-z]{2}_[a-z]{2}\//, repost: /^[a-z]{2}(-[A-Za-z]+)?\// }

/** What is wrong with one language's docs link (undefined = fine). */
function docsUrlError(lang: QuizLanguage, url: unknown): string | undefined {
  const m = typeof url === 'string' ? DOCS_URL.exec(url) : null
  if (!m) return `docs.${lang}: must be an https://docs.aws.amazon.com/ or https://repost.aws/ URL`
  const site = m[1] === 'repost.aws' ? 'repost' : 'docs'
  const locale = DOCS_LOCALE[lang][site]
  if (locale === '') return LOCALE_SEGMENT[site].test(m[2]) ? `docs.${lang}: link the English page (no locale such as /ko_kr/ in the path)` : undefined
  return m[2].startsWith(locale) ? undefined : `docs.${lang}: link the page in that language (https://${m[1]}/${locale}…)`
}

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Shape errors as `where: problem` (empty = valid); `where` names the question id when there is one. */
export function quizErrors(data: unknown, targets: PointerTargets, labId: string): string[] {
  const errors: string[] = []
  if (!isMapping(data)) return ['(top level): must be a mapping with version, lab and questions']
  if (data.version !== QUIZ_FORMAT_VERSION) errors.push(`version: must be ${QUIZ_FORMAT_VERSION} (got ${JSON.stringify(data.version)})`)
  if (String(data.lab) !== labId) errors.push(`lab: must be "${labId}", the id in lab.yaml (got ${JSON.stringify(data.lab)})`)
  if (!Array.isArray(data.questions) || data.questions.length === 0) {
    errors.push('questions: must be a non-empty list')
    return errors
  }
  const seen = new Set<string>()
  data.questions.forEach((q: unknown, i: number) => {
    const id = isMapping(q) && typeof q.id === 'string' ? q.id : undefined
    const where = id ? `question '${id}'` : `questions[${i}]`
    if (id && seen.has(id)) errors.push(`${where}: duplicate id`)
    if (id) seen.add(id)
    for (const e of questionErrors(q, targets)) errors.push(`${where}: ${e}`)
  })
  return errors
}

function textsErrors(field: string, value: unknown): string[] {
  if (!isMapping(value)) return [`${field}: must have a text for each language (${QUIZ_LANGUAGES.join(', ')})`]
  const errors: string[] = []
  for (const lang of QUIZ_LANGUAGES) {
    const text = value[lang]
    if (typeof text !== 'string' || text.trim() === '') errors.push(`${field}.${lang}: missing or empty`)
  }
  for (const key of Object.keys(value)) {
    if (!(QUIZ_LANGUAGES as readonly string[]).includes(key)) errors.push(`${field}.${key}: unknown language`)
  }
  return errors
}

function questionErrors(q: unknown, targets: PointerTargets): string[] {
  if (!isMapping(q)) return ['must be a mapping']
  const errors: string[] = []
  for (const key of Object.keys(q)) if (!QUESTION_KEYS.has(key)) errors.push(`${key}: unknown field`)
  if (typeof q.id !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(q.id)) errors.push('id: lower-case letters, digits and -')
  if (q.type !== 'single' && q.type !== 'multiple') errors.push(`type: must be single or multiple (got ${JSON.stringify(q.type)})`)
  errors.push(...textsErrors('stem', q.stem))
  if (!isMapping(q.docs)) errors.push(`docs: one AWS documentation link per language (${QUIZ_LANGUAGES.join(', ')}), each on https://docs.aws.amazon.com/ or https://repost.aws/`)
  else {
    for (const lang of QUIZ_LANGUAGES) {
      const problem = docsUrlError(lang, q.docs[lang])
      if (problem) errors.push(problem)
    }
    for (const key of Object.keys(q.docs)) if (!(QUIZ_LANGUAGES as readonly string[]).includes(key)) errors.push(`docs.${key}: unknown language`)
  }

  const keys: string[] = []
  if (!isMapping(q.options)) errors.push(`options: must map keys (${OPTION_KEYS.join(', ')}) to options`)
  else {
    for (const [key, option] of Object.entries(q.options)) {
      keys.push(key)
      if (!(OPTION_KEYS as readonly string[]).includes(key)) errors.push(`options.${key}: keys are ${OPTION_KEYS.join(', ')}`)
      if (!isMapping(option)) {
        errors.push(`options.${key}: must have text and why`)
        continue
      }
      for (const f of Object.keys(option)) if (!OPTION_FIELDS.has(f)) errors.push(`options.${key}.${f}: unknown field`)
      errors.push(...textsErrors(`options.${key}.text`, option.text), ...textsErrors(`options.${key}.why`, option.why))
    }
    const expected = OPTION_KEYS.slice(0, keys.length).join(',')
    if (keys.length < 3) errors.push('options: at least 3')
    else if (keys.join(',') !== expected) errors.push(`options: keys must be ${expected}, in order`)
  }

  const correct = Array.isArray(q.correct) ? q.correct : [q.correct]
  for (const key of correct) if (!keys.includes(key)) errors.push(`correct: '${key}' is not an option`)
  if (new Set(correct).size !== correct.length) errors.push('correct: a key is listed twice')
  if (q.type === 'single') {
    if (q.choose !== undefined) errors.push('choose: only for multiple-choice questions')
    if (correct.length !== 1) errors.push(`correct: a single-choice question has exactly one right option (got ${correct.length})`)
  }
  if (q.type === 'multiple') {
    if (!Number.isInteger(q.choose) || (q.choose as number) < 2) errors.push('choose: a multiple-choice question states how many to pick (2 or more)')
    else {
      if (correct.length !== q.choose) errors.push(`correct: choose is ${q.choose} but ${correct.length} option(s) are right`)
      if ((q.choose as number) >= keys.length) errors.push(`choose: must be less than the number of options (${keys.length})`)
    }
  }

  const pointers = POINTER_KINDS.filter((kind) => q[kind] !== undefined)
  if (pointers.length !== 1) errors.push(`needs exactly one pointer back to the lab: ${POINTER_KINDS.join(' or ')}`)
  for (const kind of pointers) {
    const target = q[kind]
    if (typeof target !== 'string' || !targets[kind].has(target)) {
      const known = [...targets[kind]]
      errors.push(`${kind}: '${String(target)}' does not exist${known.length ? ` (known: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', …' : ''})` : ` (this lab has no ${kind} ids)`}`)
    }
  }
  return errors
}

/** A validated question file, normalised (`correct` always a sorted list, options in key order). */
export function normaliseQuiz(data: any): Quiz {
  return {
    version: QUIZ_FORMAT_VERSION,
    lab: String(data.lab),
    questions: data.questions.map((q: any): QuizQuestion => {
      const correct = (Array.isArray(q.correct) ? [...q.correct] : [q.correct]).sort()
      const kind = POINTER_KINDS.find((k) => q[k] !== undefined)!
      return {
        id: q.id,
        type: q.type,
        choose: q.type === 'multiple' ? q.choose : 1,
        stem: q.stem,
        options: Object.entries(q.options).map(([key, o]: [string, any]) => ({ key, text: o.text, why: o.why })),
        correct,
        pointer: { kind, target: q[kind] },
        docs: q.docs,
      }
    }),
  }
}
