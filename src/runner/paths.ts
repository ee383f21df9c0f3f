/** @module Where things live: the package (labs/, templates/) and LAB_HOME (progress, workspaces, backups, cloud). */
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The folder holding labs/ and templates/: the package root (two levels above src/runner or dist/runner).
 * LAB_CONTENT_DIR overrides it so tests can use fixture labs.
 */
export function contentDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.LAB_CONTENT_DIR ? path.resolve(env.LAB_CONTENT_DIR) : fileURLToPath(new URL('../../', import.meta.url))
}

/** LAB_HOME, default `~/.apigw-labs`. */
export function labHome(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.LAB_HOME || path.join(os.homedir(), '.apigw-labs'))
}

/** Validated lab manifests, so `lab list` need not load the YAML parser. */
export function manifestCacheFile(home: string): string {
  return path.join(home, 'cache', 'manifests.json')
}
