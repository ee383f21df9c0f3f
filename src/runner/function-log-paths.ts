/**
 * @module Function-log paths as the learner knows them: a traceback names the file where the runtime found it (the
 * local cloud's task copy, `/var/task/app.py` on AWS); the learner edits `functions/houses/app.py`. Each function's
 * section (`Logical:` then its lines) is mapped through the template's `Code:` folder of that function.
 */
import fs from 'node:fs'
import path from 'node:path'
import { parseTemplateText } from '../deployer/template.js'

/** Logical id → the workspace folder (relative, `/`-separated) its code comes from. */
export function codeFolders(workspace: string): Map<string, string> {
  const folders = new Map<string, string>()
  try {
    const template = parseTemplateText(fs.readFileSync(path.join(workspace, 'template.yaml'), 'utf8'))
    for (const [id, resource] of Object.entries(template.Resources ?? {})) {
      const code = resource.Properties?.Code ?? resource.Properties?.CodeUri
      if (typeof code === 'string') folders.set(id, code.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/$/, ''))
    }
  } catch {
    // No readable template: the paths stay as the runtime wrote them.
  }
  return folders
}

const ABSOLUTE_PATH = /\/(?:[^\s"'(),:/]+\/)*[^\s"'(),:/]+/g

/** Rewrite absolute paths in the log to `functions/houses/app.py` where the file exists in the function's folder. */
export function learnerPaths(lines: string[], folders: Map<string, string>, workspace: string): string[] {
  let folder: string | undefined
  return lines.map((line) => {
    const header = /^(\S+):$/.exec(line)
    if (header) {
      folder = folders.get(header[1])
      return line
    }
    if (!folder) return line
    const base = path.join(workspace, folder)
    return line.replace(ABSOLUTE_PATH, (absolute) => {
      const segments = absolute.split('/').filter(Boolean)
      // The longest tail of the path that is a file in the function's folder (app.py, or lib/util.py).
      for (let k = segments.length; k >= 1; k--) {
        const tail = segments.slice(segments.length - k).join('/')
        if (fs.existsSync(path.join(base, tail)) && fs.statSync(path.join(base, tail)).isFile()) return `${folder}/${tail}`
      }
      return absolute
    })
  })
}
