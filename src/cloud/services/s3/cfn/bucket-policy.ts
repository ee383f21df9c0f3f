/**
 * @module CloudFormation `AWS::S3::BucketPolicy` over the S3 api; Ref is the bucket name. A public policy on a
 * bucket whose Block Public Access is still on fails with AccessDenied, as on AWS.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucketpolicy.html
 */
import type { ResourceProvider } from '../../../core/types.js'
import { ignoreNoSuchBucket } from './bucket.js'

export interface BucketPolicyProps {
  Bucket: string
  PolicyDocument: object | string
}

const text = (doc: object | string) => (typeof doc === 'string' ? doc : JSON.stringify(doc))

export const bucketPolicyProvider: ResourceProvider<BucketPolicyProps> = {
  properties: ['Bucket', 'PolicyDocument'],
  required: ['Bucket', 'PolicyDocument'],
  createOnly: ['Bucket'],
  async create(props, rc) {
    await rc.call('s3', 'PutBucketPolicy', { Bucket: props.Bucket, Policy: text(props.PolicyDocument) })
    return { physicalId: props.Bucket }
  },
  async update(physicalId, props, _previous, rc) {
    await rc.call('s3', 'PutBucketPolicy', { Bucket: physicalId, Policy: text(props.PolicyDocument) })
    return { physicalId }
  },
  async delete(physicalId, _props, rc) {
    await ignoreNoSuchBucket(rc.call('s3', 'DeleteBucketPolicy', { Bucket: physicalId }))
  },
}
