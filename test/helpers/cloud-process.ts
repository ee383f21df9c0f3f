/** A local cloud in a child process of its own, so a test can `kill -9` it mid-write and reload its state. */
import { execa, type ResultPromise } from 'execa'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { readInstallCredentials, type InstallCredentials } from '../../src/common/install-credentials.js'

const root = path.resolve(import.meta.dirname, '../..')

export interface CloudProcess {
  home: string
  endpoint: string
  child: ResultPromise
  /** Spread into any SDK v3 client's constructor: the credentials the child made in its LAB_HOME. */
  sdk: { endpoint: string; region: string; credentials: InstallCredentials; forcePathStyle: boolean }
}

/** Start the cloud from the sources (vite-node) on a free port, in a fresh LAB_HOME (or `existingHome`, after a kill). */
export async function startCloudProcess(prefix = 'lab-kill-', existingHome?: string): Promise<CloudProcess> {
  const home = existingHome ?? fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  const script = path.join(home, 'child.ts')
  fs.writeFileSync(
    script,
    [
      'const { startCloud } = await import(process.env.SERVER_MODULE!)',
      'const cloud = await startCloud({ port: 0, dataDir: process.argv[2] })',
      'console.log(`ENDPOINT ${cloud.endpoint}`)',
      'setInterval(() => {}, 1000)',
    ].join('\n'),
  )
  const child = execa(path.join(root, 'node_modules/.bin/vite-node'), ['--root', root, script, path.join(home, 'cloud')], {
    cwd: root,
    env: { SERVER_MODULE: path.join(root, 'src/cloud/server.ts') },
    reject: false,
  })
  const endpoint = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (c: Buffer) => {
      out += c
      const m = /ENDPOINT (\S+)/.exec(out)
      if (m) resolve(m[1])
    })
    child.on('exit', (code) => reject(new Error(`child exited ${code} before serving: ${out}`)))
  })
  const credentials = readInstallCredentials(path.join(home, 'cloud'))!
  return { home, endpoint, child, sdk: { endpoint, region: 'us-east-1', credentials, forcePathStyle: true } }
}
