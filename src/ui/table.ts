/** @module Plain aligned tables (no box drawing: they survive copy-paste into issues and chat). */
import type { ChalkInstance } from './colors.js'

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g

export function visibleLength(text: string): number {
  return text.replace(ANSI, '').length
}

export function renderTable(rows: string[][], header: string[] | undefined, colors: ChalkInstance): string[] {
  const all = header ? [header, ...rows] : rows
  const widths: number[] = []
  for (const row of all) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, visibleLength(cell))))
  const line = (row: string[]) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - visibleLength(cell))))
      .join('  ')
      .trimEnd()
  const out: string[] = []
  if (header) out.push(colors.bold(line(header)))
  for (const row of rows) out.push(line(row))
  return out
}
