/** A CloudContext over chosen services without the HTTP server: for testing `api` and CloudFormation providers. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { AwsError } from '../../src/cloud/core/aws-error.js'
import { JsonStore } from '../../src/cloud/core/store.js'
import type { CloudContext, ResourceContext, ServiceDef } from '../../src/cloud/core/types.js'
import { loadOrCreateInstallCredentials } from '../../src/common/install-credentials.js'
import { CredentialAuthority } from '../../src/cloud/services/sts/sessions.js'

export interface Harness {
  ctx: CloudContext
  dataDir: string
  /** A ResourceContext as the CloudFormation engine would pass it. */
  rc(logicalId: string, stackName?: string): ResourceContext
  stop(): Promise<void>
}

export async function startHarness(services: ServiceDef[], dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-harness-'))): Promise<Harness> {
  const byName = new Map(services.map((s) => [s.name, s]))
  const ctx: CloudContext = {
    accountId: '000000000000',
    defaultRegion: 'us-east-1',
    port: 0,
    endpoint: 'http://localhost:0',
    dataDir,
    async call(service, operation, input = {}) {
      const op = byName.get(service)?.api[operation]
      if (!op) throw new AwsError('InvalidAction', 400, `The local cloud has no operation ${service}:${operation}`)
      return op(input, ctx)
    },
    store: (service, name, initial) => new JsonStore(path.join(dataDir, service), name, initial),
    resourceProvider: (type) => services.find((s) => s.resourceProviders?.[type])?.resourceProviders?.[type],
    credentials: new CredentialAuthority(loadOrCreateInstallCredentials(dataDir), '000000000000', dataDir),
    log: () => {},
  }
  for (const s of services) await s.start?.(ctx)
  return {
    ctx,
    dataDir,
    rc(logicalId, stackName = 'teststack') {
      const stackId = `arn:aws:cloudformation:us-east-1:000000000000:stack/${stackName}/00000000-0000-0000-0000-000000000000`
      return {
        logicalId,
        stackName,
        stackId,
        region: 'us-east-1',
        accountId: '000000000000',
        tags: [
          { Key: 'aws:cloudformation:stack-name', Value: stackName },
          { Key: 'aws:cloudformation:stack-id', Value: stackId },
          { Key: 'aws:cloudformation:logical-id', Value: logicalId },
        ],
        call: ctx.call,
        endpoint: ctx.endpoint,
      }
    },
    async stop() {
      for (const s of services) await s.stop?.()
    },
  }
}
