/**
 * @module Plain aligned tables (no box drawing: they survive copy-paste into issues and chat). Widths are
 * terminal columns, not string lengths: Hangul and other East Asian wide characters take two columns
 * (string-width follows Unicode's East Asian Width), and colour codes take none.
 */
import stringWidth from 'string-width'
import type { ChalkInstance } from './colors.js'

/** Columns `text` takes in a terminal. */
export function visibleLength(text: string): number {
  return stringWidth(text)
}

/** `text` padded with spaces to `width` terminal columns (never cut). */
export function padVisible(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - visibleLength(text)))
}

export function renderTable(rows: string[][], header: string[] | undefined, colors: ChalkInstance): string[] {
  const all = header ? [header, ...rows] : rows
  const widths: number[] = []
  for (const row of all) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, visibleLength(cell))))
  const line = (row: string[]) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : padVisible(cell, widths[i])))
      .join('  ')
      .trimEnd()
  const out: string[] = []
  if (header) out.push(colors.bold(line(header)))
  for (const row of rows) out.push(line(row))
  return out
}
