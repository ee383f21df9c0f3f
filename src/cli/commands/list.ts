/** @module `lab list [--json]`: every lab with its lecture, title and the learner's progress. */
import { manifestCacheFile } from '../../runner/paths.js'
import { loadAllLabs } from '../../runner/lab-manifest.js'
import { progressState } from '../../runner/progress.js'
import { t } from '../../ui/i18n.js'
import type { CommandContext } from '../context.js'

export interface ListOptions {
  json?: boolean
}

export async function list(ctx: CommandContext, options: ListOptions): Promise<void> {
  // No check validation here: it would load src/checks, and `lab list` must start fast.
  const labs = await loadAllLabs(ctx.contentDir, { cacheFile: manifestCacheFile(ctx.labHome) })
  const progress = ctx.progress.read()
  const rows = labs.map(({ manifest: m }) => {
    const p = progress.labs[m.id]
    return {
      id: m.id,
      lecture: m.lecture,
      lectures: [...(m.alsoLectures ?? []), m.lecture].sort((a, b) => a - b),
      slug: m.slug,
      title: m.title,
      status: progressState(p),
      current: progress.current === m.id,
      quiz: p?.quiz ?? null,
    }
  })
  if (options.json) return ctx.out.json({ labs: rows })
  if (rows.length === 0) return ctx.out.info(t('cli.list.empty'))
  const c = ctx.out.colors
  const statusText = (s: (typeof rows)[number]['status']) =>
    s === 'passed' ? c.green(t('cli.status.passed')) : s === 'deployed' ? c.yellow(t('cli.status.deployed')) : s === 'started' ? t('cli.status.started') : c.dim(t('cli.status.notStarted'))
  ctx.out.table(
    rows.map((r) => [
      (r.current ? '▶ ' : '  ') + r.id,
      r.lectures.length > 1 ? `${r.lectures[0]}–${r.lectures.at(-1)}` : String(r.lecture),
      r.title,
      statusText(r.status),
      r.quiz ? t('cli.list.quiz', { correct: r.quiz.correct, total: r.quiz.total }) : '',
    ]),
    [`  ${t('cli.list.id')}`, t('cli.list.lecture'), t('cli.list.title'), t('cli.list.progress'), t('cli.list.quizHeader')],
  )
  ctx.out.info()
  ctx.out.info(c.dim(t('cli.list.startHint')))
}
