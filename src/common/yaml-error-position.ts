/**
 * @module Where a YAML error really is. The `yaml` parser places some indentation errors ("All mapping items must
 * start at the same column", "Flow sequence in block collection must be sufficiently indented…") at the start of
 * the line's indentation, column 1, not at the misaligned key; a caret under column 1 points at nothing. The
 * position moves to the line's first character that is not indentation, and the picture is drawn from it.
 */
import type { YAMLError } from 'yaml'

export interface YamlPosition {
  line: number
  col: number
}

/** The error's line and column (1-based), past the line's indentation when the parser pointed into it. */
export function yamlErrorPosition(text: string, error: Pick<YAMLError, 'linePos' | 'message'>): YamlPosition {
  const pos = error.linePos?.[0] ?? { line: 1, col: 1 }
  const lines = text.split(/\r?\n/)
  if (/^Flow (sequence|mapping) in block collection must be sufficiently indented/.test(error.message)) {
    const opener = unclosedOpener(lines, pos, error.message.startsWith('Flow sequence') ? '[' : '{')
    if (opener) return opener
  }
  const source = lines[pos.line - 1]
  if (source === undefined) return { line: pos.line, col: pos.col }
  const indentation = /^[ \t]*/.exec(source)![0].length
  const inIndentation = pos.col <= indentation && indentation < source.length
  return { line: pos.line, col: inIndentation ? indentation + 1 : pos.col }
}

/** The `[` (or `{`) before `pos` that no bracket closes, comments and quoted text aside; undefined if none is found. */
function unclosedOpener(lines: string[], pos: YamlPosition, open: '[' | '{'): YamlPosition | undefined {
  const close = open === '[' ? ']' : '}'
  let depth = 0
  for (let line = Math.min(pos.line, lines.length); line >= 1; line--) {
    const code = withoutCommentsAndQuotes(lines[line - 1])
    const end = line === pos.line ? Math.min(code.length, pos.col - 1) : code.length
    for (let i = end - 1; i >= 0; i--) {
      if (code[i] === close) depth++
      else if (code[i] === open && depth-- === 0) return { line, col: i + 1 }
    }
  }
  return undefined
}

/** The line with quoted text blanked and a trailing `# comment` cut, so their brackets do not count; columns stay. */
function withoutCommentsAndQuotes(source: string): string {
  const blanked = source.replace(/'[^']*'|"(?:[^"\\]|\\.)*"/g, (quoted) => ' '.repeat(quoted.length))
  const comment = /(^|\s)#/.exec(blanked)
  return comment ? blanked.slice(0, comment.index + comment[1].length) : blanked
}

/** The offending line with a caret under the column, as compilers show it. */
export function yamlErrorPicture(text: string, { line, col }: YamlPosition): string[] {
  const source = text.split(/\r?\n/)[line - 1]
  if (source === undefined) return []
  return [`  ${line} | ${source}`, `  ${' '.repeat(String(line).length)} | ${' '.repeat(Math.max(0, col - 1))}^`]
}
