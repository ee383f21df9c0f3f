/**
 * @module `lab guide [id] [--step N]`: the lab's guide in the chosen language, rendered for the terminal and
 * paged when longer than the screen; `--step` shows the section of one step (by number or id).
 */
import { LabError } from '../../runner/errors.js'
import { editDistance } from '../../runner/suggest.js'
import { fillStepText } from '../../runner/step-text.js'
import { guideFile, readGuide, stepSections, withoutMarkers } from '../../runner/guide.js'
import type { LoadedLab } from '../../runner/lab-manifest.js'
import { selectLab } from '../../runner/select.js'
import { currentLanguage, t } from '../../ui/i18n.js'
import { renderMarkdown } from '../../ui/markdown.js'
import { page } from '../../ui/pager.js'
import type { CommandContext } from '../context.js'

export interface GuideOptions {
  id?: string
  step?: string
  /** Where the pages go (tests pass a fake terminal). */
  stdout?: { isTTY?: boolean; rows?: number; columns?: number; write(text: string): unknown }
}

export async function guide(ctx: CommandContext, options: GuideOptions): Promise<void> {
  const lab = await selectLab(ctx, options.id)
  const lang = currentLanguage()
  const markdown = readGuide(lab, lang)
  if (markdown === undefined) {
    throw new LabError(t('cli.guide.missing', { lab: lab.manifest.id, language: t(`cli.lang.${lang}`), file: guideFile(lab, lang) }))
  }
  const text = options.step === undefined ? withoutMarkers(markdown) : stepMarkdown(lab, markdown, options.step)
  const stdout = options.stdout ?? process.stdout
  const width = Math.min(100, Math.max(40, (stdout.columns ?? 80) - 2))
  const rendered = await renderMarkdown(text, { color: ctx.out.colors.level > 0, width })
  await page(rendered.trimEnd() + '\n', stdout)
}

/** The section of one step, followed by a pointer to the whole guide. */
function stepMarkdown(lab: LoadedLab, markdown: string, wanted: string): string {
  const { steps, id } = lab.manifest
  const index = /^\d+$/.test(wanted) ? Number(wanted) - 1 : steps.findIndex((s) => s.id === wanted)
  const step = steps[index]
  if (!step) {
    const list = steps.map((s, i) => `${i + 1} (${s.id})`).join(', ')
    const close = closestStep(steps.map((s) => s.id), wanted)
    const hints = close ? [t('cli.guide.didYouMean', { lab: id, step: close })] : []
    throw new LabError(t('cli.guide.badStep', { lab: id, step: wanted, steps: list }), hints)
  }
  const section = stepSections(markdown).find((s) => s.steps.includes(step.id))
  if (!section) throw new LabError(t('cli.guide.noSection', { lab: id, step: `${index + 1} (${step.id})` }))
  const title = `# ${t('cli.check.step', { n: index + 1, total: steps.length, title: step.title })}`
  return [title, '', fillStepText(step.text), '', section.markdown, '', '---', '', t('cli.guide.whole', { lab: id })].join('\n')
}

/** The step id a typo most likely meant (a prefix, or at most two edits away). */
function closestStep(ids: string[], wanted: string): string | undefined {
  const q = wanted.toLowerCase()
  const scored = ids.map((id) => ({ id, score: id.startsWith(q) && q.length >= 2 ? 0.5 : editDistance(q, id) }))
  const best = scored.sort((a, b) => a.score - b.score)[0]
  return best && best.score <= 2 ? best.id : undefined
}
