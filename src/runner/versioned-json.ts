/**
 * @module The learner's JSON files in LAB_HOME (progress.json, config.json): read with errors that say what to
 * do, and refused when a newer lab wrote them (a silent downgrade would lose what it recorded).
 */
import fs from 'node:fs'
import { t } from '../ui/i18n.js'
import { LabError } from './errors.js'

/** Message keys of one file: unreadable, how to recover, written by a newer lab. */
export interface VersionedMessages {
  corrupt: string
  corruptHint: string
  newer: string
}

/**
 * The parsed document, or undefined when the file does not exist. `valid` says whether the shape is right;
 * `version` is the newest this lab understands.
 */
export function readVersionedJson(file: string, version: number, messages: VersionedMessages, valid: (data: any) => boolean): any {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (err: any) {
    if (err.code === 'ENOENT') return undefined
    throw err
  }
  let data: any
  try {
    data = JSON.parse(text)
  } catch (err: any) {
    throw new LabError(t(messages.corrupt, { file }), [err.message, t(messages.corruptHint)])
  }
  if (typeof data !== 'object' || data === null || typeof data.version !== 'number' || !valid(data)) {
    throw new LabError(t(messages.corrupt, { file }), [t(messages.corruptHint)])
  }
  if (data.version > version) throw new LabError(t(messages.newer, { file, version: data.version }))
  return data
}
