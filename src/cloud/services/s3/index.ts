/**
 * @module S3: the REST/XML API (path-style and virtual-host), the static website endpoint, the `api` other
 * services call, and the CloudFormation providers for buckets and bucket policies.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/Welcome.html
 */
import type { ServiceDef } from '../../core/types.js'
import { s3Api } from './api.js'
import { configApi } from './api-config.js'
import { bucketProvider } from './cfn/bucket.js'
import { bucketPolicyProvider } from './cfn/bucket-policy.js'
import { S3Model } from './model.js'
import { multipartApi } from './multipart.js'
import { handleRest } from './rest.js'
import { handleWebsite } from './website.js'
import { corsHeaders } from './cors.js'
import { s3HostId } from '../../core/ids.js'

export function s3Service(): ServiceDef {
  let model: S3Model | undefined
  const getModel = (): S3Model => {
    if (!model) throw new Error('s3 used before the cloud started it')
    return model
  }
  const api = s3Api(getModel)
  Object.assign(api, configApi(getModel), multipartApi(getModel, api))
  return {
    name: 's3',
    signingNames: ['s3'],
    protocol: 'rest-xml',
    api,
    resourceProviders: {
      'AWS::S3::Bucket': bucketProvider,
      'AWS::S3::BucketPolicy': bucketPolicyProvider,
    },
    async start(ctx) {
      model = new S3Model(ctx)
    },
    async recover(ctx) {
      const swept = getModel().sweepOrphans()
      if (swept) ctx.log(`s3: removed ${swept} object or part files that no index names (left by an interrupted upload)`)
    },
    async handle(req, ctx) {
      if (req.route.kind === 's3-website') {
        const response = handleWebsite(req, getModel(), req.route.bucket)
        const cors = corsHeaders(req, getModel().find(req.route.bucket))
        return { ...response, headers: { ...cors, ...response.headers, server: 'AmazonS3', 'x-amz-request-id': req.requestId, 'x-amz-id-2': s3HostId(req.requestId) } }
      }
      return handleRest(req, ctx, api, getModel())
    },
  }
}
