/**
 * @module The learner's settings in `LAB_HOME/config.json` (today: the language). Like progress.json: written
 * atomically, versioned, and a file from a newer lab is refused rather than overwritten.
 */
import path from 'node:path'
import { writeFileAtomic } from '../common/atomic-file.js'
import { isLanguage, type Language } from '../ui/i18n.js'
import { readVersionedJson } from './versioned-json.js'

export const CONFIG_VERSION = 1

export interface ConfigFile {
  version: typeof CONFIG_VERSION
  /** Set by `lab config lang ko|en`; absent means "follow the locale". */
  lang?: Language
}

const CONFIG_MESSAGES = { corrupt: 'cli.config.corrupt', corruptHint: 'cli.config.corruptHint', newer: 'cli.config.newer' }

export class ConfigStore {
  readonly file: string

  constructor(labHome: string) {
    this.file = path.join(labHome, 'config.json')
  }

  read(): ConfigFile {
    const data = readVersionedJson(this.file, CONFIG_VERSION, CONFIG_MESSAGES, () => true)
    // Only known settings with valid values are taken; anything else is dropped on the next write.
    const config: ConfigFile = { version: CONFIG_VERSION }
    if (isLanguage(data?.lang)) config.lang = data.lang
    return config
  }

  update(change: (config: ConfigFile) => void): ConfigFile {
    const config = this.read()
    change(config)
    writeFileAtomic(this.file, JSON.stringify(config, null, 2) + '\n')
    return config
  }
}
