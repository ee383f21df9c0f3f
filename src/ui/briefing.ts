/** @module The briefing shown by `lab start`: what you will learn, what gets deployed, what it costs on AWS. */
import type { LabManifest } from '../runner/lab-types.js'
import type { ChalkInstance } from './colors.js'
import { padVisible, visibleLength } from './table.js'
import { workspaceGuideName } from '../runner/guide.js'
import { fillStepText } from '../runner/step-text.js'
import { currentLanguage, t } from './i18n.js'

export function renderBriefing(lab: LabManifest, targetKind: string, colors: ChalkInstance): string[] {
  const lines = [colors.bold(t('cli.briefing.title', { lecture: lab.lecture, title: lab.title })), lab.summary, '']
  lines.push(colors.bold(t('cli.briefing.learn')))
  for (const item of lab.learn) lines.push(`  • ${item}`)
  lines.push('', colors.bold(t('cli.briefing.deploys')))
  for (const item of lab.deploys) lines.push(`  • ${item}`)
  if (targetKind === 'aws') lines.push('', colors.yellow(t('cli.briefing.awsCost', { cost: lab.awsCost, lab: lab.id })))
  if (lab.steps.length > 0) {
    lines.push('', colors.bold(t('cli.briefing.steps')))
    lab.steps.forEach((step, i) => {
      lines.push(`  ${i + 1}. ${colors.bold(step.title)}`)
      lines.push(...indentText(fillStepText(step.text), '     '))
    })
  }
  lines.push('', colors.dim(t('cli.briefing.guide', { lab: lab.id, file: workspaceGuideName(currentLanguage()) })))
  return lines
}

/** A step's text (one paragraph in lab.yaml) wrapped under its title. */
export function indentText(text: string, prefix: string, width = 100): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && visibleLength(prefix + line + ' ' + word) > width) {
      lines.push(prefix + line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  if (line) lines.push(prefix + line)
  return lines
}

/** `label: url` lines for the URLs a lab declares, from the stack outputs. */
export function renderUrls(urls: { label: string; url: string }[], colors: ChalkInstance): string[] {
  const width = Math.max(0, ...urls.map((u) => visibleLength(u.label)))
  return urls.map((u) => `  ${padVisible(u.label, width)}  ${colors.cyan(u.url)}`)
}
