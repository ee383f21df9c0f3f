/** @module YAML files with errors that name the file, line and column (kept apart: the parser is slow to load). */
import { parseDocument } from 'yaml'
import { t } from '../ui/i18n.js'
import { LabError } from './errors.js'

/** Parse YAML text; syntax errors become a LabError with `file:line:col`. */
export function parseYamlFile(file: string, text: string, displayName = file): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true })
  if (doc.errors.length > 0) {
    const details = doc.errors.map((e) => {
      const pos = e.linePos?.[0]
      const where = pos ? `${displayName}:${pos.line}:${pos.col}` : displayName
      return `${where}: ${e.message.split('\n')[0]}`
    })
    throw new LabError(t('cli.yaml.invalid', { file: details[0].split(': ')[0] }), details)
  }
  return doc.toJS()
}

