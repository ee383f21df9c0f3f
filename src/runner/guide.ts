/**
 * @module A lab's guide: `labs/<lab>/guide.<lang>.md`. A section that belongs to a step starts with a marker
 * line right before its `## ` heading, naming the step ids it covers:
 *
 *     <!-- step: fix-preflight -->
 *     ## Step 4: Fix the preflighted request
 *
 * The section runs until the next `## ` heading. Markers are HTML comments, so any Markdown viewer hides them.
 * The heading numbers the step as `lab check`, `lab hint` and `lab guide --step` do ("Step 4", "4단계"); the
 * guide's other sections carry no number, so no "5." can be taken for step 5.
 */
import fs from 'node:fs'
import path from 'node:path'
import { tIn, type Language } from '../ui/i18n.js'
import type { LoadedLab } from './lab-manifest.js'

const MARKER = /^<!--\s*step:\s*([a-z0-9, -]+?)\s*-->\s*$/

export function guideFile(lab: Pick<LoadedLab, 'dir'>, lang: Language): string {
  return path.join(lab.dir, `guide.${lang}.md`)
}

/** The file name the workspace copy gets: GUIDE.md (English) and GUIDE.ko.md (Korean). */
export function workspaceGuideName(lang: Language): string {
  return lang === 'en' ? 'GUIDE.md' : `GUIDE.${lang}.md`
}

export interface GuideSection {
  /** The step ids of the marker. */
  steps: string[]
  heading: string
  /** From the heading to the line before the next `## ` heading. */
  markdown: string
}

/** Every `## ` section that carries a step marker, in order. */
export function stepSections(markdown: string): GuideSection[] {
  const lines = markdown.split('\n')
  const sections: GuideSection[] = []
  for (let i = 0; i < lines.length; i++) {
    const marker = MARKER.exec(lines[i])
    if (!marker) continue
    const heading = lines[i + 1] ?? ''
    if (!heading.startsWith('## ')) continue // a misplaced marker: the guide test names it
    let end = i + 2
    while (end < lines.length && !lines[end].startsWith('## ') && !MARKER.test(lines[end])) end++
    sections.push({
      steps: marker[1].split(',').map((s) => s.trim()).filter(Boolean),
      heading: heading.slice(3).trim(),
      markdown: lines.slice(i + 1, end).join('\n').trimEnd(),
    })
  }
  return sections
}

/** Marker lines that are not right before a `## ` heading (problems for the lab author). */
export function misplacedMarkers(markdown: string): number[] {
  const lines = markdown.split('\n')
  return lines.flatMap((line, i) => (MARKER.test(line) && !(lines[i + 1] ?? '').startsWith('## ') ? [i + 1] : []))
}

/** The guide without its step markers (what the learner reads). */
export function withoutMarkers(markdown: string): string {
  return markdown
    .split('\n')
    .filter((line) => !MARKER.test(line))
    .join('\n')
}

export function readGuide(lab: Pick<LoadedLab, 'dir'>, lang: Language): string | undefined {
  try {
    return fs.readFileSync(guideFile(lab, lang), 'utf8')
  } catch (err: any) {
    if (err.code === 'ENOENT') return undefined
    throw err
  }
}

/**
 * Put the guide into the workspace as GUIDE.md / GUIDE.ko.md (every language there is). An existing copy is
 * replaced only when `replace` (reset and solve, after their backup): the learner may have written notes in it.
 */
export function copyGuides(lab: Pick<LoadedLab, 'dir'>, dir: string, options: { replace: boolean }): string[] {
  const written: string[] = []
  for (const lang of ['en', 'ko'] as const) {
    const text = readGuide(lab, lang)
    if (text === undefined) continue
    const target = path.join(dir, workspaceGuideName(lang))
    if (!options.replace && fs.existsSync(target)) continue
    fs.writeFileSync(target, withoutMarkers(text))
    written.push(target)
  }
  return written
}

/**
 * What is wrong with a lab's guides (empty = fine): a guide in one language only, a step without its section,
 * a step marked twice, or languages whose step sections or `## ` sections differ. Run by labs:verify and tests.
 */
export function guideProblems(lab: Pick<LoadedLab, 'dir'> & { manifest: { steps: { id: string }[] } }): string[] {
  const problems: string[] = []
  const files = fs.readdirSync(lab.dir).filter((f) => /^guide\..+\.md$/.test(f))
  const langs = ['en', 'ko'] as const
  for (const f of files) if (!langs.some((l) => f === `guide.${l}.md`)) problems.push(`${f}: not a language lab speaks (guide.en.md, guide.ko.md)`)
  const texts = langs.map((lang) => ({ lang, text: readGuide(lab, lang) }))
  const present = texts.filter((g) => g.text !== undefined)
  if (present.length === 0) return [...problems, 'no guide (guide.en.md and guide.ko.md)']
  for (const g of texts) if (g.text === undefined) problems.push(`guide.${g.lang}.md is missing: every guide exists in ${langs.join(' and ')}`)
  const shapes = present.map(({ lang, text }) => {
    const markdown = text!
    for (const line of misplacedMarkers(markdown)) problems.push(`guide.${lang}.md:${line}: a step marker must be right above a "## " heading`)
    const marked = stepSections(markdown).flatMap((s) => s.steps)
    for (const step of lab.manifest.steps) {
      const count = marked.filter((id) => id === step.id).length
      if (count === 0) problems.push(`guide.${lang}.md: no section for step ${step.id} (add <!-- step: ${step.id} --> above its "## " heading)`)
      if (count > 1) problems.push(`guide.${lang}.md: step ${step.id} is marked ${count} times`)
    }
    for (const id of marked) if (!lab.manifest.steps.some((s) => s.id === id)) problems.push(`guide.${lang}.md: marker names an unknown step '${id}'`)
    problems.push(...headingProblems(markdown, lang, lab.manifest.steps.map((s) => s.id)))
    const headings = markdown.split('\n').filter((l) => l.startsWith('## ')).length
    return { lang, marked: marked.join(','), headings }
  })
  for (const other of shapes.slice(1)) {
    const first = shapes[0]
    if (other.marked !== first.marked) problems.push(`guide.${other.lang}.md marks steps ${other.marked}, guide.${first.lang}.md ${first.marked}: the same steps in the same order`)
    if (other.headings !== first.headings) problems.push(`guide.${other.lang}.md has ${other.headings} "## " sections, guide.${first.lang}.md ${first.headings}: the guides have the same structure`)
  }
  return problems
}

/** The start of the heading a section for these step numbers (1-based) must have: "Step 3: ", "3단계: ". */
export function stepHeadingPrefix(lang: Language, numbers: number[]): string {
  const [from, to] = [numbers[0], numbers[numbers.length - 1]]
  return from === to ? tIn(lang, 'cli.guide.stepHeading', { n: from, title: '' }) : tIn(lang, 'cli.guide.stepsHeading', { from, to, title: '' })
}

/** Step sections headed with their step numbers; no other `## ` heading starting with a number or a step. */
function headingProblems(markdown: string, lang: Language, stepIds: string[]): string[] {
  const problems: string[] = []
  const stepSectionHeadings = new Set<string>()
  for (const section of stepSections(markdown)) {
    stepSectionHeadings.add(section.heading)
    const numbers = section.steps.map((id) => stepIds.indexOf(id) + 1)
    if (numbers.some((n) => n === 0)) continue // an unknown step: reported above
    const prefix = stepHeadingPrefix(lang, numbers)
    if (!section.heading.startsWith(prefix)) problems.push(`guide.${lang}.md: the section of step ${section.steps.join(', ')} is "## ${section.heading}": start it with "${prefix}", the number the CLI shows`)
  }
  const numbered = /^(\d|steps?\s+\d)/i // "5. …", "Step 5…", "5단계…"
  for (const line of markdown.split('\n')) {
    const heading = line.slice(3).trim()
    if (line.startsWith('## ') && !stepSectionHeadings.has(heading) && numbered.test(heading)) {
      problems.push(`guide.${lang}.md: "## ${heading}" is not a step's section but is numbered like one: only step sections carry numbers`)
    }
  }
  return problems
}
