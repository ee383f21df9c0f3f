/** @module YAML files with errors that name the file, line and column (kept apart: the parser is slow to load). */
import { parseDocument } from 'yaml'
import { yamlErrorPicture, yamlErrorPosition } from '../common/yaml-error-position.js'
import { t } from '../ui/i18n.js'
import { LabError } from './errors.js'

/** Parse YAML text; syntax errors become a LabError with `file:line:col`. */
export function parseYamlFile(file: string, text: string, displayName = file): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true })
  if (doc.errors.length > 0) {
    const first = doc.errors[0]
    const pos = first.linePos?.[0] ? yamlErrorPosition(text, first) : undefined
    const where = pos ? `${displayName}:${pos.line}:${pos.col}` : displayName
    // The parser's message ends with "at line L, column C:" and a picture of the line: the position is
    // already in `where`; our picture (the caret past the indentation, where the parser's is not) shows where to look.
    const [message] = first.message.split('\n')
    const details = pos ? yamlErrorPicture(text, pos) : []
    for (const e of doc.errors.slice(1, 3)) details.push(e.message.split('\n')[0])
    // One line names the file, the position and the problem; the picture follows.
    throw new LabError(t('cli.yaml.invalid', { file: where, message: message.replace(/ at line \d+, column \d+:?$/, '') }), details)
  }
  return doc.toJS()
}

