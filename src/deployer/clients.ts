/** @module SDK v3 clients for a target, created on first use and shared by one deploy or teardown. */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation'
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api'
import { S3Client } from '@aws-sdk/client-s3'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import type { Target } from './types.js'

export class TargetClients {
  private cache = new Map<string, { destroy(): void }>()
  private account?: Promise<string>

  constructor(readonly target: Target) {}

  private get<T extends { destroy(): void }>(name: string, make: () => T): T {
    let client = this.cache.get(name) as T | undefined
    if (!client) this.cache.set(name, (client = make()))
    return client
  }

  get cfn(): CloudFormationClient {
    return this.get('cfn', () => new CloudFormationClient(this.target.clientConfig))
  }
  get s3(): S3Client {
    return this.get('s3', () => new S3Client(this.target.clientConfig))
  }
  get sts(): STSClient {
    return this.get('sts', () => new STSClient(this.target.clientConfig))
  }
  get tagging(): ResourceGroupsTaggingAPIClient {
    return this.get('tagging', () => new ResourceGroupsTaggingAPIClient(this.target.clientConfig))
  }

  /** The account id behind the credentials (asked once). */
  accountId(): Promise<string> {
    this.account ??= this.sts.send(new GetCallerIdentityCommand({})).then((id) => id.Account ?? '000000000000')
    return this.account
  }

  /** How often to poll stack events: the local cloud is fast, AWS rate-limits Describe* calls. */
  get pollMs(): number {
    return this.target.kind === 'aws' ? 2000 : this.target.kind === 'endpoint' ? 250 : 100
  }

  destroy(): void {
    for (const client of this.cache.values()) client.destroy()
    this.cache.clear()
  }
}
