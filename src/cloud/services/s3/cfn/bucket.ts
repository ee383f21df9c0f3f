/**
 * @module CloudFormation `AWS::S3::Bucket` over the S3 api. Without PublicAccessBlockConfiguration the bucket
 * keeps S3's default (all four settings on), as on AWS since April 2023.
 * Local difference: WebsiteURL is `http://{bucket}.s3-website.localhost:{port}`; on AWS it is
 * `http://{bucket}.s3-website-{region}.amazonaws.com`.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucket.html
 */
import { AwsError } from '../../../core/aws-error.js'
import { physicalName } from '../../../core/ids.js'
import type { ResourceContext, ResourceProvider } from '../../../core/types.js'
import type { PublicAccessBlock, Tag, WebsiteConfiguration } from '../model.js'

interface CfnWebsite {
  IndexDocument?: string
  ErrorDocument?: string
  RedirectAllRequestsTo?: { HostName: string; Protocol?: string }
  RoutingRules?: {
    RedirectRule: { HostName?: string; HttpRedirectCode?: string; Protocol?: string; ReplaceKeyPrefixWith?: string; ReplaceKeyWith?: string }
    RoutingRuleCondition?: { HttpErrorCodeReturnedEquals?: string; KeyPrefixEquals?: string }
  }[]
}

interface CfnCorsRule {
  Id?: string
  AllowedHeaders?: string[]
  AllowedMethods: string[]
  AllowedOrigins: string[]
  ExposedHeaders?: string[]
  MaxAge?: number | string
}

export interface BucketProps {
  BucketName?: string
  OwnershipControls?: { Rules: { ObjectOwnership: string }[] }
  BucketEncryption?: { ServerSideEncryptionConfiguration: { ServerSideEncryptionByDefault?: { SSEAlgorithm: string; KMSMasterKeyID?: string }; BucketKeyEnabled?: boolean }[] }
  CorsConfiguration?: { CorsRules: CfnCorsRule[] }
  WebsiteConfiguration?: CfnWebsite
  PublicAccessBlockConfiguration?: Partial<Record<keyof PublicAccessBlock, boolean | string>>
  Tags?: Tag[]
  /** @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-versioningconfiguration.html */
  VersioningConfiguration?: { Status: 'Enabled' | 'Suspended' }
}

const flag = (v: unknown) => v === true || v === 'true'

function toWebsite(w: CfnWebsite): WebsiteConfiguration {
  const config: WebsiteConfiguration = {}
  if (w.IndexDocument !== undefined) config.IndexDocument = { Suffix: w.IndexDocument }
  if (w.ErrorDocument !== undefined) config.ErrorDocument = { Key: w.ErrorDocument }
  if (w.RedirectAllRequestsTo) config.RedirectAllRequestsTo = { ...w.RedirectAllRequestsTo }
  if (w.RoutingRules?.length) {
    config.RoutingRules = w.RoutingRules.map((r) => ({
      ...(r.RoutingRuleCondition ? { Condition: { ...r.RoutingRuleCondition } } : {}),
      Redirect: { ...r.RedirectRule, ...(r.RedirectRule?.HttpRedirectCode !== undefined ? { HttpRedirectCode: String(r.RedirectRule.HttpRedirectCode) } : {}) },
    }))
  }
  return config
}

/** The local website endpoint for a bucket, derived from the cloud's endpoint. */
export function websiteUrl(bucket: string, endpoint: string): string {
  const url = new URL(endpoint)
  const host = url.hostname === '127.0.0.1' ? 'localhost' : url.hostname
  return `http://${bucket}.s3-website.${host}${url.port ? `:${url.port}` : ''}`
}

function attributes(bucket: string, rc: ResourceContext) {
  return {
    Arn: `arn:aws:s3:::${bucket}`,
    DomainName: `${bucket}.s3.amazonaws.com`,
    RegionalDomainName: `${bucket}.s3.${rc.region}.amazonaws.com`,
    DualStackDomainName: `${bucket}.s3.dualstack.${rc.region}.amazonaws.com`,
    WebsiteURL: websiteUrl(bucket, rc.endpoint),
  }
}

/**
 * Only the settings every bucket has anyway are accepted: ObjectOwnership BucketOwnerEnforced (ACLs disabled)
 * and SSE-S3 (AES256) default encryption. Anything else fails the resource, naming what is unsupported.
 * Not implemented: ACL-enabled ownership and SSE-KMS.
 */
function checkFixedSettings(props: BucketProps): void {
  for (const rule of props.OwnershipControls?.Rules ?? []) {
    if (rule.ObjectOwnership !== 'BucketOwnerEnforced') {
      throw new AwsError('InvalidRequest', 400, `OwnershipControls ObjectOwnership ${rule.ObjectOwnership} is not supported by the local cloud (only BucketOwnerEnforced)`)
    }
  }
  for (const rule of props.BucketEncryption?.ServerSideEncryptionConfiguration ?? []) {
    const algorithm = rule.ServerSideEncryptionByDefault?.SSEAlgorithm
    if (algorithm !== undefined && algorithm !== 'AES256') {
      throw new AwsError('InvalidRequest', 400, `BucketEncryption SSEAlgorithm ${algorithm} is not supported by the local cloud (only AES256)`)
    }
  }
}

async function apply(bucket: string, props: BucketProps, previous: BucketProps | undefined, rc: ResourceContext): Promise<void> {
  const pab = props.PublicAccessBlockConfiguration
  if (pab) {
    await rc.call('s3', 'PutPublicAccessBlock', {
      Bucket: bucket,
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: flag(pab.BlockPublicAcls),
        IgnorePublicAcls: flag(pab.IgnorePublicAcls),
        BlockPublicPolicy: flag(pab.BlockPublicPolicy),
        RestrictPublicBuckets: flag(pab.RestrictPublicBuckets),
      },
    })
  } else if (previous?.PublicAccessBlockConfiguration) {
    await rc.call('s3', 'DeletePublicAccessBlock', { Bucket: bucket })
  }
  if (props.WebsiteConfiguration) {
    await rc.call('s3', 'PutBucketWebsite', { Bucket: bucket, WebsiteConfiguration: toWebsite(props.WebsiteConfiguration) })
  } else if (previous?.WebsiteConfiguration) {
    await rc.call('s3', 'DeleteBucketWebsite', { Bucket: bucket })
  }
  if (props.CorsConfiguration) {
    const rules = (props.CorsConfiguration.CorsRules ?? []).map((r) => ({
      ...(r.Id !== undefined ? { ID: r.Id } : {}),
      ...(r.AllowedHeaders ? { AllowedHeaders: r.AllowedHeaders } : {}),
      AllowedMethods: r.AllowedMethods,
      AllowedOrigins: r.AllowedOrigins,
      ...(r.ExposedHeaders ? { ExposeHeaders: r.ExposedHeaders } : {}),
      ...(r.MaxAge !== undefined ? { MaxAgeSeconds: Number(r.MaxAge) } : {}),
    }))
    await rc.call('s3', 'PutBucketCors', { Bucket: bucket, CORSConfiguration: { CORSRules: rules } })
  } else if (previous?.CorsConfiguration) {
    await rc.call('s3', 'DeleteBucketCors', { Bucket: bucket })
  }
  // A bucket never returns to unversioned: removing the property suspends versioning, as AWS does.
  const versioning = props.VersioningConfiguration?.Status ?? (previous?.VersioningConfiguration ? 'Suspended' : undefined)
  if (versioning !== undefined && versioning !== previous?.VersioningConfiguration?.Status) {
    await rc.call('s3', 'PutBucketVersioning', { Bucket: bucket, VersioningConfiguration: { Status: versioning } })
  }
  const tags = [...rc.tags, ...(props.Tags ?? [])].map((t) => ({ Key: String(t.Key), Value: String(t.Value ?? '') }))
  if (tags.length) await rc.call('s3', 'PutBucketTagging', { Bucket: bucket, Tagging: { TagSet: tags } })
  else if (previous) await rc.call('s3', 'DeleteBucketTagging', { Bucket: bucket })
}

/** Deleting what is already gone (the bucket, or a policy that went with it) succeeds, as CloudFormation's delete handlers do. */
export async function ignoreNoSuchBucket(work: Promise<unknown>): Promise<void> {
  try {
    await work
  } catch (err) {
    if (!(err instanceof AwsError && err.code === 'NoSuchBucket')) throw err
  }
}

export const bucketProvider: ResourceProvider<BucketProps> = {
  properties: ['BucketName', 'BucketEncryption', 'CorsConfiguration', 'OwnershipControls', 'PublicAccessBlockConfiguration', 'Tags', 'VersioningConfiguration', 'WebsiteConfiguration'],
  createOnly: ['BucketName'],
  async create(props, rc) {
    checkFixedSettings(props)
    const bucket = props.BucketName ?? physicalName(rc.stackName, rc.logicalId, 63, true)
    const exists = await rc.call('s3', 'HeadBucket', { Bucket: bucket }).then(
      () => true,
      () => false,
    )
    if (exists) throw new AwsError('AlreadyExists', 400, `${bucket} already exists`)
    await rc.call('s3', 'CreateBucket', {
      Bucket: bucket,
      _region: rc.region,
      ...(rc.region !== 'us-east-1' ? { CreateBucketConfiguration: { LocationConstraint: rc.region } } : {}),
    })
    await apply(bucket, props, undefined, rc)
    return { physicalId: bucket, attributes: attributes(bucket, rc) }
  },
  async update(physicalId, props, previous, rc) {
    checkFixedSettings(props)
    await apply(physicalId, props, previous, rc)
    return { physicalId, attributes: attributes(physicalId, rc) }
  },
  /** A non-empty bucket fails with BucketNotEmpty, which CloudFormation reports as DELETE_FAILED. */
  async delete(physicalId, _props, rc) {
    await ignoreNoSuchBucket(rc.call('s3', 'DeleteBucket', { Bucket: physicalId }))
  },
}
