/** @module Finding a lab by what the learner typed, and "did you mean" suggestions when nothing matches. */
import { t } from '../ui/i18n.js'
import { LabError } from './errors.js'
import type { LoadedLab } from './lab-manifest.js'

/** Accepts the id (`350`), the slug (`cors`), `350-cors`, or the number of a lecture the lab teaches (`353` → lab 354). */
export function findLab(labs: LoadedLab[], query: string): LoadedLab {
  const q = query.trim().toLowerCase()
  const match = labs.find(
    ({ manifest: m }) =>
      m.id.toLowerCase() === q ||
      m.slug === q ||
      `${m.id}-${m.slug}` === q ||
      String(m.lecture) === q,
  ) ?? labs.find(({ manifest: m }) => (m.alsoLectures ?? []).some((l) => String(l) === q))
  if (match) return match
  const suggestions = suggestLabs(labs, q)
  const message = suggestions.length
    ? t('cli.lab.unknownSuggest', { query, suggestions: suggestions.join(', ') })
    : t('cli.lab.unknown', { query })
  throw new LabError(message, [t('cli.lab.listHint')])
}

/** Ids of labs whose id or slug is close to the query (edit distance ≤ 2, or a prefix / substring). */
export function suggestLabs(labs: LoadedLab[], query: string): string[] {
  const q = query.toLowerCase()
  const scored: { id: string; score: number }[] = []
  for (const { manifest: m } of labs) {
    const candidates = [m.id.toLowerCase(), m.slug, `${m.id}-${m.slug}`]
    let best = Infinity
    for (const c of candidates) {
      if (q.length > 0 && (c.startsWith(q) || q.startsWith(c) || (q.length >= 3 && c.includes(q)))) best = Math.min(best, 0.5)
      best = Math.min(best, editDistance(q, c))
    }
    if (best <= 2) scored.push({ id: m.id, score: best })
  }
  return scored.sort((a, b) => a.score - b.score || a.id.localeCompare(b.id)).slice(0, 3).map((s) => s.id)
}

/** Levenshtein distance, two rows. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    prev = cur
  }
  return prev[b.length]
}
