/**
 * @module Reading `quiz.yaml` beside a lab: parse, validate against the lab's own step ids and guide
 * headings, and report every problem with the file and the question id.
 */
import fs from 'node:fs'
import path from 'node:path'
import { LabError } from '../runner/errors.js'
import type { LoadedLab } from '../runner/lab-manifest.js'
import { t } from '../ui/i18n.js'
import { normaliseQuiz, quizErrors, type PointerTargets, type Quiz } from './format.js'

export const QUIZ_FILE = 'quiz.yaml'

export interface LoadedQuiz {
  lab: LoadedLab
  quiz: Quiz
  file: string
}

export function quizFile(lab: LoadedLab): string {
  return path.join(lab.dir, QUIZ_FILE)
}

export function hasQuiz(lab: LoadedLab): boolean {
  return fs.existsSync(quizFile(lab))
}

export interface Heading {
  /** The heading as a reader sees it (links and code marks dropped). */
  text: string
  /** GitHub's anchor for it. */
  anchor: string
}

/**
 * The headings of a Markdown file with GitHub's anchors: lower case, punctuation dropped (letters of any script
 * kept), spaces to `-`, repeats numbered `-1`, `-2`. Headings inside fenced code blocks are not headings.
 */
export function markdownHeadings(markdown: string): Heading[] {
  const headings: Heading[] = []
  const counts = new Map<string, number>()
  let fence: string | undefined
  for (const line of markdown.split('\n')) {
    const f = /^\s*(```|~~~)/.exec(line)
    if (f) {
      fence = fence === undefined ? f[1] : fence === f[1] ? undefined : fence
      continue
    }
    const m = fence === undefined ? /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line) : null
    if (!m) continue
    const text = m[1].replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*]/g, '')
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .trim()
      .replace(/\s/g, '-')
    const n = counts.get(base) ?? 0
    counts.set(base, n + 1)
    headings.push({ text, anchor: n === 0 ? base : `${base}-${n}` })
  }
  return headings
}

export function headingAnchors(markdown: string): string[] {
  return markdownHeadings(markdown).map((h) => h.anchor)
}

/** The ids a question may point at in this lab: `steps[].id` in lab.yaml and the headings of guide.en.md. */
export function pointerTargets(lab: LoadedLab): PointerTargets {
  const steps = new Set<string>()
  for (const step of lab.manifest.steps as { id?: unknown }[]) if (typeof step.id === 'string') steps.add(step.id)
  let guide: string[] = []
  try {
    guide = headingAnchors(fs.readFileSync(path.join(lab.dir, 'guide.en.md'), 'utf8'))
  } catch (err: any) {
    if (err.code !== 'ENOENT') throw err
  }
  return { step: steps, guide: new Set(guide) }
}

/** Load and validate one lab's quiz; a LabError lists every problem as `file: question 'id': field: problem`. */
export async function loadQuiz(contentDir: string, lab: LoadedLab): Promise<LoadedQuiz> {
  const file = quizFile(lab)
  const display = path.relative(contentDir, file) || file
  const { parseYamlFile } = await import('../runner/yaml-file.js')
  const data = parseYamlFile(file, fs.readFileSync(file, 'utf8'), display)
  const errors = quizErrors(data, pointerTargets(lab), lab.manifest.id)
  if (errors.length > 0) throw new LabError(t('quiz.file.invalid', { file: display }), errors.map((e) => `${display}: ${e}`))
  return { lab, quiz: normaliseQuiz(data), file }
}

/** Every lab's quiz (labs without quiz.yaml are skipped); question ids must be unique across labs too. */
export async function loadAllQuizzes(contentDir: string, labs: LoadedLab[]): Promise<LoadedQuiz[]> {
  const quizzes: LoadedQuiz[] = []
  for (const lab of labs) if (hasQuiz(lab)) quizzes.push(await loadQuiz(contentDir, lab))
  const owner = new Map<string, string>()
  const clashes: string[] = []
  for (const { quiz } of quizzes) {
    for (const q of quiz.questions) {
      const other = owner.get(q.id)
      if (other) clashes.push(`question '${q.id}' is in lab ${other} and lab ${quiz.lab}`)
      owner.set(q.id, quiz.lab)
    }
  }
  if (clashes.length > 0) throw new LabError(t('quiz.file.duplicateAcrossLabs'), clashes)
  return quizzes
}
