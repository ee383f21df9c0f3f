/**
 * @module Markdown in the terminal, through marked + marked-terminal (loaded only by `lab guide`). With colour
 * the headings, code and emphasis are styled; without (NO_COLOR, a pipe), the same layout as plain text.
 */
import { stripVTControlCharacters } from 'node:util'

export async function renderMarkdown(markdown: string, options: { color: boolean; width: number }): Promise<string> {
  const [{ Marked }, { markedTerminal }] = await Promise.all([import('marked'), import('marked-terminal')])
  const marked = new Marked(
    markedTerminal(
      // emoji off: `AWS::ApiGateway::Deployment` must not be read as :emoji: codes. No reflow: it counts
      // characters, not columns, and would make Korean lines twice as wide as English ones.
      // Without colour, `code` keeps its backticks: `*` alone would read as a stray asterisk.
      { emoji: false, width: options.width, reflowText: false, tab: 2, showSectionPrefix: true, ...(options.color ? {} : { codespan: (code: string) => `\`${code}\`` }) },
      { ignoreIllegals: true },
    ),
  )
  const rendered = await marked.parse(markdown)
  return options.color ? rendered : stripVTControlCharacters(rendered)
}
