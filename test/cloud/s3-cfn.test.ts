import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ResourceProvider } from '../../src/cloud/core/types.js'
import { s3Service } from '../../src/cloud/services/s3/index.js'
import { startHarness, type Harness } from '../helpers/service-harness.js'

let h: Harness
let bucketType: ResourceProvider
let policyType: ResourceProvider

beforeAll(async () => {
  h = await startHarness([s3Service()])
  bucketType = h.ctx.resourceProvider('AWS::S3::Bucket')!
  policyType = h.ctx.resourceProvider('AWS::S3::BucketPolicy')!
})
afterAll(() => h?.stop())

const call = (op: string, input: object) => h.ctx.call('s3', op, input)
const error = (p: Promise<unknown>) => p.then(
  () => {
    throw new Error('expected a failure')
  },
  (err) => err as { code: string; message: string; status: number },
)
const publicRead = (bucket: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }],
})

describe('AWS::S3::Bucket', () => {
  it('creates a named website bucket with its public access block, tags and attributes', async () => {
    const props = {
      BucketName: 'cfn-site',
      WebsiteConfiguration: { IndexDocument: 'index.html', ErrorDocument: 'error.html' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: false, BlockPublicPolicy: 'false', IgnorePublicAcls: false, RestrictPublicBuckets: false },
      Tags: [{ Key: 'lab', Value: '350' }],
    }
    const out = await bucketType.create(props, h.rc('SiteBucket'))
    expect(out.physicalId).toBe('cfn-site')
    expect(out.attributes).toEqual({
      Arn: 'arn:aws:s3:::cfn-site',
      DomainName: 'cfn-site.s3.amazonaws.com',
      RegionalDomainName: 'cfn-site.s3.us-east-1.amazonaws.com',
      DualStackDomainName: 'cfn-site.s3.dualstack.us-east-1.amazonaws.com',
      WebsiteURL: 'http://cfn-site.s3-website.localhost:0',
    })
    expect(await call('GetBucketWebsite', { Bucket: 'cfn-site' })).toEqual({ IndexDocument: { Suffix: 'index.html' }, ErrorDocument: { Key: 'error.html' } })
    expect((await call('GetPublicAccessBlock', { Bucket: 'cfn-site' })).PublicAccessBlockConfiguration.BlockPublicPolicy).toBe(false)
    const tags = (await call('GetBucketTagging', { Bucket: 'cfn-site' })).TagSet
    expect(tags).toContainEqual({ Key: 'lab', Value: '350' })
    expect(tags).toContainEqual({ Key: 'aws:cloudformation:logical-id', Value: 'SiteBucket' })
    const tagged = await call('_listTaggedResources', {})
    expect(tagged.find((r: any) => r.ResourceARN === 'arn:aws:s3:::cfn-site')?.Tags).toContainEqual({ Key: 'lab', Value: '350' })

    // A public policy is accepted because Block Public Access was turned off; Ref is the bucket name.
    const policy = await policyType.create({ Bucket: 'cfn-site', PolicyDocument: publicRead('cfn-site') }, h.rc('SitePolicy'))
    expect(policy.physicalId).toBe('cfn-site')
    expect(JSON.parse((await call('GetBucketPolicy', { Bucket: 'cfn-site' })).Policy)).toEqual(publicRead('cfn-site'))
    await policyType.delete('cfn-site', {}, h.rc('SitePolicy'))
    expect((await error(call('GetBucketPolicy', { Bucket: 'cfn-site' }))).code).toBe('NoSuchBucketPolicy')
  })

  it('generates a lowercase name from stack and logical id when BucketName is absent', async () => {
    const out = await bucketType.create({}, h.rc('MyBucket', 'LabStack'))
    expect(out.physicalId).toMatch(/^labstack-mybucket-[a-z0-9]{12}$/)
    expect((await call('HeadBucket', { Bucket: out.physicalId })).BucketRegion).toBe('us-east-1')
  })

  it('keeps Block Public Access on without PublicAccessBlockConfiguration, so a public BucketPolicy fails', async () => {
    await bucketType.create({ BucketName: 'cfn-private' }, h.rc('Private'))
    const pab = (await call('GetPublicAccessBlock', { Bucket: 'cfn-private' })).PublicAccessBlockConfiguration
    expect(Object.values(pab)).toEqual([true, true, true, true])
    const err = await error(policyType.create({ Bucket: 'cfn-private', PolicyDocument: publicRead('cfn-private') }, h.rc('PrivatePolicy')))
    expect(err.code).toBe('AccessDenied')
    expect(err.status).toBe(403)
  })

  it('fails when the bucket name is taken', async () => {
    const err = await error(bucketType.create({ BucketName: 'cfn-private' }, h.rc('Again')))
    expect(err.code).toBe('AlreadyExists')
    expect(err.message).toBe('cfn-private already exists')
  })

  it('updates in place: removing the website configuration deletes it', async () => {
    const previous = { BucketName: 'cfn-update', WebsiteConfiguration: { IndexDocument: 'index.html' } }
    await bucketType.create(previous, h.rc('Updated'))
    const next = { BucketName: 'cfn-update', Tags: [{ Key: 'v', Value: '2' }] }
    const out = await bucketType.update!('cfn-update', next, previous, h.rc('Updated'))
    expect(out.physicalId).toBe('cfn-update')
    expect((await error(call('GetBucketWebsite', { Bucket: 'cfn-update' }))).code).toBe('NoSuchWebsiteConfiguration')
    expect((await call('GetBucketTagging', { Bucket: 'cfn-update' })).TagSet).toContainEqual({ Key: 'v', Value: '2' })
    expect(bucketType.createOnly).toContain('BucketName')
  })

  it('refuses to delete a bucket that still has objects (DELETE_FAILED), then deletes it once emptied', async () => {
    await bucketType.create({ BucketName: 'cfn-full' }, h.rc('Full'))
    await call('PutObject', { Bucket: 'cfn-full', Key: 'index.html', Body: '<h1>hi</h1>', ContentType: 'text/html' })
    const got = await call('GetObject', { Bucket: 'cfn-full', Key: 'index.html' })
    expect(got.Body.toString()).toBe('<h1>hi</h1>')
    expect(got.ContentType).toBe('text/html')
    expect(got.ContentLength).toBe(11)
    const err = await error(bucketType.delete('cfn-full', {}, h.rc('Full')))
    expect(err.code).toBe('BucketNotEmpty')
    expect(err.message).toBe('The bucket you tried to delete is not empty')
    await call('DeleteObject', { Bucket: 'cfn-full', Key: 'index.html' })
    await bucketType.delete('cfn-full', {}, h.rc('Full'))
    expect((await error(call('HeadBucket', { Bucket: 'cfn-full' }))).code).toBe('NoSuchBucket')
    // Deleting what is already gone succeeds, as CloudFormation expects.
    await bucketType.delete('cfn-full', {}, h.rc('Full'))
  })

  it('accepts the fixed ownership and encryption every bucket has, and fails others naming them', async () => {
    const fixed = {
      BucketName: 'cfn-fixed',
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    }
    expect((await bucketType.create(fixed, h.rc('Fixed'))).physicalId).toBe('cfn-fixed')
    const acl = await error(bucketType.create({ BucketName: 'cfn-acl', OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] } }, h.rc('Acl')))
    expect(acl.message).toContain('ObjectOwnership ObjectWriter')
    const kms = await error(
      bucketType.create(
        { BucketName: 'cfn-kms', BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] } },
        h.rc('Kms'),
      ),
    )
    expect(kms.message).toContain('SSEAlgorithm aws:kms')
    expect((await error(call('HeadBucket', { Bucket: 'cfn-kms' }))).code).toBe('NoSuchBucket')
  })

  it('lists only the properties it honours', () => {
    expect(bucketType.properties.sort()).toEqual([
      'BucketEncryption',
      'BucketName',
      'CorsConfiguration',
      'OwnershipControls',
      'PublicAccessBlockConfiguration',
      'Tags',
      'VersioningConfiguration',
      'WebsiteConfiguration',
    ])
    expect(policyType.required).toEqual(['Bucket', 'PolicyDocument'])
  })
})
