/** Start a local cloud in-process on a free port with a temporary LAB_HOME, and SDK config for it. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { startCloud, type CloudOptions, type RunningCloud } from '../../src/cloud/server.js'
import { readInstallCredentials } from '../../src/common/install-credentials.js'

export interface TestCloud extends RunningCloud {
  home: string
  dataDir: string
  /** Spread into any SDK v3 client's constructor: the credentials are this install's own (the cloud made them). */
  sdk: {
    endpoint: string
    region: string
    credentials: { accessKeyId: string; secretAccessKey: string }
    forcePathStyle: boolean
  }
  /** Stop, then start again on the same data (persistence tests). */
  restart(): Promise<TestCloud>
}

/** `options`: the cloud's other options (e.g. short edge timeouts), kept across `restart`. */
export async function startTestCloud(existingHome?: string, options: Partial<CloudOptions> = {}): Promise<TestCloud> {
  const home = existingHome ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lab-home-'))
  const dataDir = path.join(home, 'cloud')
  const cloud = await startCloud({ ...options, port: 0, dataDir })
  const test: TestCloud = {
    ...cloud,
    home,
    dataDir,
    sdk: {
      endpoint: cloud.endpoint,
      region: 'us-east-1',
      credentials: readInstallCredentials(dataDir)!,
      forcePathStyle: true,
    },
    async restart() {
      await cloud.close()
      return startTestCloud(home, options)
    },
  }
  return test
}

/**
 * One cloud for the whole test file: started before its tests (then `onStart` makes the clients and fixtures
 * the file needs), closed after them. Most files share this setup, so it is written once here.
 */
export function useTestCloud(onStart: (cloud: TestCloud) => void | Promise<void>, timeout?: number, options?: Partial<CloudOptions>): void {
  let cloud: TestCloud | undefined
  beforeAll(async () => {
    cloud = await startTestCloud(undefined, options)
    await onStart(cloud)
  }, timeout)
  afterAll(() => cloud?.close())
}

/**
 * What `lab cloud env --json` prints for this cloud's LAB_HOME (the command finds the cloud by the cloud.json
 * written here, as it finds a detached one).
 */
export async function labCloudEnv(cloud: TestCloud, account?: string): Promise<Record<string, string>> {
  const { writeCloudState } = await import('../../src/deployer/local-cloud.js')
  const { cloud: cloudCommand } = await import('../../src/cli/commands/cloud.js')
  const { captureOutput } = await import('../../src/ui/output.js')
  writeCloudState(cloud.home, { pid: process.pid, port: cloud.port, endpoint: cloud.endpoint, startedAt: new Date().toISOString() })
  const out = captureOutput()
  await cloudCommand(['env'], { json: true, labHome: cloud.home, out, account })
  return JSON.parse(out.stdout.join('\n'))
}
