/**
 * @module SDK v3 clients for a target, each loaded and created on first use (the SDK packages are the bulk of
 * the CLI's start-up time, so `lab check` never pays for S3 or the Tagging API) and shared by one operation.
 */
import type { APIGatewayClient } from '@aws-sdk/client-api-gateway'
import type { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2'
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation'
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import type { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api'
import type { S3Client } from '@aws-sdk/client-s3'
import type { STSClient } from '@aws-sdk/client-sts'
import type { Target } from './types.js'

export class TargetClients {
  private cache = new Map<string, Promise<{ destroy(): void }>>()
  private account?: Promise<string>

  constructor(readonly target: Target) {}

  private get<T extends { destroy(): void }>(name: string, make: () => Promise<T>): Promise<T> {
    let client = this.cache.get(name) as Promise<T> | undefined
    if (!client) this.cache.set(name, (client = make()))
    return client
  }

  cfn(): Promise<CloudFormationClient> {
    return this.get('cfn', async () => new (await import('@aws-sdk/client-cloudformation')).CloudFormationClient(this.target.clientConfig))
  }
  apigw(): Promise<APIGatewayClient> {
    return this.get('apigw', async () => new (await import('@aws-sdk/client-api-gateway')).APIGatewayClient(this.target.clientConfig))
  }
  apigwv2(): Promise<ApiGatewayV2Client> {
    return this.get('apigwv2', async () => new (await import('@aws-sdk/client-apigatewayv2')).ApiGatewayV2Client(this.target.clientConfig))
  }
  logs(): Promise<CloudWatchLogsClient> {
    return this.get('logs', async () => new (await import('@aws-sdk/client-cloudwatch-logs')).CloudWatchLogsClient(this.target.clientConfig))
  }
  s3(): Promise<S3Client> {
    return this.get('s3', async () => new (await import('@aws-sdk/client-s3')).S3Client(this.target.clientConfig))
  }
  sts(): Promise<STSClient> {
    return this.get('sts', async () => new (await import('@aws-sdk/client-sts')).STSClient(this.target.clientConfig))
  }
  tagging(): Promise<ResourceGroupsTaggingAPIClient> {
    return this.get(
      'tagging',
      async () => new (await import('@aws-sdk/client-resource-groups-tagging-api')).ResourceGroupsTaggingAPIClient(this.target.clientConfig),
    )
  }

  /** The account id behind the credentials (asked once). */
  accountId(): Promise<string> {
    this.account ??= (async () => {
      const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts')
      const identity = await (await this.sts()).send(new GetCallerIdentityCommand({}))
      return identity.Account ?? '000000000000'
    })()
    return this.account
  }

  /** How often to poll stack events: a local cloud of this project is fast, AWS rate-limits Describe* calls. */
  get pollMs(): number {
    if (this.target.localPort) return 50
    return this.target.kind === 'aws' ? 2000 : 250
  }

  async destroy(): Promise<void> {
    const clients = await Promise.allSettled(this.cache.values())
    for (const c of clients) if (c.status === 'fulfilled') c.value.destroy()
    this.cache.clear()
  }
}
