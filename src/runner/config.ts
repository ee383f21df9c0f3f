/**
 * @module The learner's settings in `LAB_HOME/config.json` (today: the language). Like progress.json: written
 * atomically, versioned, and a file from a newer lab is refused rather than overwritten.
 */
import fs from 'node:fs'
import path from 'node:path'
import { writeFileAtomic } from '../common/atomic-file.js'
import { isLanguage, t, type Language } from '../ui/i18n.js'
import { LabError } from './errors.js'

export const CONFIG_VERSION = 1

export interface ConfigFile {
  version: typeof CONFIG_VERSION
  /** Set by `lab config lang ko|en`; absent means "follow the locale". */
  lang?: Language
}

export class ConfigStore {
  readonly file: string

  constructor(labHome: string) {
    this.file = path.join(labHome, 'config.json')
  }

  read(): ConfigFile {
    let text: string
    try {
      text = fs.readFileSync(this.file, 'utf8')
    } catch (err: any) {
      if (err.code === 'ENOENT') return { version: CONFIG_VERSION }
      throw err
    }
    let data: any
    try {
      data = JSON.parse(text)
    } catch (err: any) {
      throw new LabError(t('cli.config.corrupt', { file: this.file }), [err.message, t('cli.config.corruptHint')])
    }
    if (typeof data !== 'object' || data === null || typeof data.version !== 'number') {
      throw new LabError(t('cli.config.corrupt', { file: this.file }), [t('cli.config.corruptHint')])
    }
    if (data.version > CONFIG_VERSION) throw new LabError(t('cli.config.newer', { file: this.file, version: data.version }))
    // Only known settings with valid values are taken; anything else is dropped on the next write.
    const config: ConfigFile = { version: CONFIG_VERSION }
    if (isLanguage(data.lang)) config.lang = data.lang
    return config
  }

  update(change: (config: ConfigFile) => void): ConfigFile {
    const config = this.read()
    change(config)
    writeFileAtomic(this.file, JSON.stringify(config, null, 2) + '\n')
    return config
  }
}
