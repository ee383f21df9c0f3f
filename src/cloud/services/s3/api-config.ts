/**
 * @module S3 bucket configuration operations in AWS's shapes: policy, website, public access block, tags.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html
 */
import { AwsError } from '../../core/aws-error.js'
import type { ApiOperation, CloudContext } from '../../core/types.js'
import { checkCors, type CorsRule } from './cors.js'
import { accessDenied, malformedPolicy, noSuchBucketPolicy, noSuchPublicAccessBlock, noSuchTagSet, noSuchWebsite } from './errors.js'
import type { PublicAccessBlock, S3Model, Tag, WebsiteConfiguration } from './model.js'
import { awsPrincipals, isPublicPolicy, parsePolicy, type PolicyDocument } from './policy.js'
import { checkTags, checkWebsite } from './validate.js'

export function configApi(model: () => S3Model): Record<string, ApiOperation> {
  const bucket = (name: string) => model().bucket(name)
  return {
    /**
     * AWS quirk: with BlockPublicPolicy on (the default for new buckets) a public policy is refused with 403.
     * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
     */
    async PutBucketPolicy(input: { Bucket: string; Policy: string | object }, ctx: CloudContext) {
      const b = bucket(input.Bucket)
      const text = typeof input.Policy === 'string' ? input.Policy : JSON.stringify(input.Policy)
      const doc = parsePolicy(text, input.Bucket)
      await checkRolesExist(doc, ctx)
      if (b.PublicAccessBlock?.BlockPublicPolicy && isPublicPolicy(doc)) {
        throw accessDenied(
          `User: arn:aws:iam::${ctx.accountId}:root is not authorized to perform: s3:PutBucketPolicy on resource: "arn:aws:s3:::${input.Bucket}" ` +
            'because public policies are blocked by the BlockPublicPolicy block public access setting.',
        )
      }
      model().update(input.Bucket, (bb) => (bb.Policy = text))
      return {}
    },
    async GetBucketPolicy(input: { Bucket: string }) {
      const policy = bucket(input.Bucket).Policy
      if (policy === undefined) throw noSuchBucketPolicy(input.Bucket)
      return { Policy: policy }
    },
    async GetBucketPolicyStatus(input: { Bucket: string }) {
      const policy = bucket(input.Bucket).Policy
      if (policy === undefined) throw noSuchBucketPolicy(input.Bucket)
      return { PolicyStatus: { IsPublic: isPublicPolicy(parsePolicy(policy, input.Bucket)) } }
    },
    async DeleteBucketPolicy(input: { Bucket: string }) {
      model().update(input.Bucket, (b) => delete b.Policy)
      return {}
    },

    async PutBucketWebsite(input: { Bucket: string; WebsiteConfiguration: WebsiteConfiguration }) {
      bucket(input.Bucket)
      const config = input.WebsiteConfiguration ?? {}
      checkWebsite(config)
      model().update(input.Bucket, (b) => (b.Website = JSON.parse(JSON.stringify(config))))
      return {}
    },
    async GetBucketWebsite(input: { Bucket: string }) {
      const website = bucket(input.Bucket).Website
      if (!website) throw noSuchWebsite(input.Bucket)
      return { ...website }
    },
    async DeleteBucketWebsite(input: { Bucket: string }) {
      model().update(input.Bucket, (b) => delete b.Website)
      return {}
    },

    async PutPublicAccessBlock(input: { Bucket: string; PublicAccessBlockConfiguration: Partial<PublicAccessBlock> }) {
      const c = input.PublicAccessBlockConfiguration ?? {}
      const config: PublicAccessBlock = {
        BlockPublicAcls: c.BlockPublicAcls === true,
        IgnorePublicAcls: c.IgnorePublicAcls === true,
        BlockPublicPolicy: c.BlockPublicPolicy === true,
        RestrictPublicBuckets: c.RestrictPublicBuckets === true,
      }
      model().update(input.Bucket, (b) => (b.PublicAccessBlock = config))
      return {}
    },
    async GetPublicAccessBlock(input: { Bucket: string }) {
      const config = bucket(input.Bucket).PublicAccessBlock
      if (!config) throw noSuchPublicAccessBlock(input.Bucket)
      return { PublicAccessBlockConfiguration: { ...config } }
    },
    async DeletePublicAccessBlock(input: { Bucket: string }) {
      model().update(input.Bucket, (b) => delete b.PublicAccessBlock)
      return {}
    },

    /** Cloud-internal callers (CloudFormation) may set `aws:` tags; the wire layer refuses them. */
    async PutBucketTagging(input: { Bucket: string; Tagging: { TagSet: Tag[] }; _external?: boolean }) {
      bucket(input.Bucket)
      const tags = (input.Tagging?.TagSet ?? []).map((t) => ({ Key: t.Key, Value: t.Value ?? '' }))
      checkTags(tags, input._external === true)
      model().update(input.Bucket, (b) => (b.TagSet = tags))
      return {}
    },
    async GetBucketTagging(input: { Bucket: string }) {
      const tags = bucket(input.Bucket).TagSet
      if (!tags || tags.length === 0) throw noSuchTagSet(input.Bucket)
      return { TagSet: tags.map((t) => ({ ...t })) }
    },
    async DeleteBucketTagging(input: { Bucket: string }) {
      model().update(input.Bucket, (b) => delete b.TagSet)
      return {}
    },

    /** @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketCors.html */
    async PutBucketCors(input: { Bucket: string; CORSConfiguration: { CORSRules: CorsRule[] } }) {
      bucket(input.Bucket)
      const rules = (input.CORSConfiguration?.CORSRules ?? []).map((r) => JSON.parse(JSON.stringify(r)) as CorsRule)
      checkCors(rules)
      model().update(input.Bucket, (b) => (b.Cors = rules))
      return {}
    },
    async GetBucketCors(input: { Bucket: string }) {
      const rules = bucket(input.Bucket).Cors
      if (!rules) throw new AwsError('NoSuchCORSConfiguration', 404, 'The CORS configuration does not exist', { BucketName: input.Bucket })
      return { CORSRules: rules.map((r) => ({ ...r })) }
    },
    async DeleteBucketCors(input: { Bucket: string }) {
      model().update(input.Bucket, (b) => delete b.Cors)
      return {}
    },

    async _listTaggedResources() {
      return model()
        .buckets.filter((b) => b.TagSet?.length)
        .map((b) => ({ ResourceARN: `arn:aws:s3:::${b.Name}`, Tags: b.TagSet!.map((t) => ({ ...t })), Region: b.Region }))
    },
  }
}

/**
 * AWS quirk: a policy naming an IAM role that does not exist is refused ("Invalid principal in policy"), so a
 * BucketPolicy must come after the role it names. Only roles of the local account are checked.
 */
async function checkRolesExist(doc: PolicyDocument, ctx: CloudContext): Promise<void> {
  for (const principal of awsPrincipals(doc)) {
    const m = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(principal)
    if (!m || m[1] !== ctx.accountId) continue
    const exists = await ctx.call('iam', 'GetRole', { RoleName: m[2] }).then(
      () => true,
      (err: { code?: string }) => err?.code !== 'NoSuchEntity',
    )
    if (!exists) throw malformedPolicy('Invalid principal in policy')
  }
}
