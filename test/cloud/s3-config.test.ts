import {
  CreateBucketCommand,
  DeleteBucketPolicyCommand,
  DeleteBucketTaggingCommand,
  DeleteBucketWebsiteCommand,
  DeletePublicAccessBlockCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketTaggingCommand,
  GetBucketWebsiteCommand,
  GetPublicAccessBlockCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketWebsiteCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { failure as expectFailure } from '../helpers/failure.js'
import { markedFetch, signAs } from '../helpers/signed-fetch.js'

const fetch = (url: string, init?: Parameters<typeof markedFetch>[2]) => markedFetch(cloud, url, init)

let cloud: TestCloud
let s3: S3Client

useTestCloud((c) => {
  cloud = c
  s3 = new S3Client(cloud.sdk)
})

const failure = (p: Promise<unknown>) => expectFailure<S3ServiceException>(p)

/** Marks a raw request for signing with the install's credentials. */
const signed = signAs('s3')

const publicRead = (bucket: string, resource = `arn:aws:s3:::${bucket}/*`) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: resource }],
  })

async function openBucket(Bucket: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket }))
  await s3.send(new DeletePublicAccessBlockCommand({ Bucket }))
}

describe('public access block', () => {
  it('starts all-blocked on a new bucket, as AWS does since April 2023', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'pab-default' }))
    const out = await s3.send(new GetPublicAccessBlockCommand({ Bucket: 'pab-default' }))
    expect(out.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    })
  })

  it('is replaced by PutPublicAccessBlock and removed by DeletePublicAccessBlock', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'pab-change' }))
    await s3.send(
      new PutPublicAccessBlockCommand({ Bucket: 'pab-change', PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: false } }),
    )
    const out = await s3.send(new GetPublicAccessBlockCommand({ Bucket: 'pab-change' }))
    expect(out.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: false,
      BlockPublicPolicy: false,
      RestrictPublicBuckets: false,
    })
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: 'pab-change' }))
    const err = await failure(s3.send(new GetPublicAccessBlockCommand({ Bucket: 'pab-change' })))
    expect(err.name).toBe('NoSuchPublicAccessBlockConfiguration')
    expect(err.$metadata.httpStatusCode).toBe(404)
  })

  it('rejects garbage XML with MalformedXML', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'pab-garbage' }))
    const res = await fetch(`${cloud.endpoint}/pab-garbage?publicAccessBlock`, { method: 'PUT', headers: signed, body: '<PublicAccessBlockConfiguration><Block' })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('<Code>MalformedXML</Code>')
  })
})

describe('bucket policy', () => {
  it('stores and returns a policy, and deletes it', async () => {
    await openBucket('policy-roundtrip')
    const Policy = publicRead('policy-roundtrip')
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'policy-roundtrip', Policy }))
    const out = await s3.send(new GetBucketPolicyCommand({ Bucket: 'policy-roundtrip' }))
    expect(JSON.parse(out.Policy!)).toEqual(JSON.parse(Policy))
    const status = await s3.send(new GetBucketPolicyStatusCommand({ Bucket: 'policy-roundtrip' }))
    expect(status.PolicyStatus?.IsPublic).toBe(true)
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: 'policy-roundtrip' }))
    const err = await failure(s3.send(new GetBucketPolicyCommand({ Bucket: 'policy-roundtrip' })))
    expect(err.name).toBe('NoSuchBucketPolicy')
    expect(err.$metadata.httpStatusCode).toBe(404)
  })

  it('refuses a public policy while BlockPublicPolicy is on (the default), with 403 AccessDenied', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'policy-blocked' }))
    const err = await failure(s3.send(new PutBucketPolicyCommand({ Bucket: 'policy-blocked', Policy: publicRead('policy-blocked') })))
    expect(err.name).toBe('AccessDenied')
    expect(err.$metadata.httpStatusCode).toBe(403)
    expect(err.message).toContain('BlockPublicPolicy')
    // A policy for a named principal is not public, so it is allowed.
    const named = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::policy-blocked/*' }],
    })
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'policy-blocked', Policy: named }))
  })

  it('validates policies like S3 (MalformedPolicy)', async () => {
    await openBucket('policy-invalid')
    const cases: [string, string][] = [
      ['not json', "Policies must be valid JSON and the first byte must be '{'"],
      ['{"Version":"2012-10-17"}', 'Missing required field Statement'],
      [JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::policy-invalid/*' }] }), 'Missing required field Principal'],
      [JSON.stringify({ Statement: [{ Effect: 'Maybe', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::policy-invalid/*' }] }), 'Invalid effect: Maybe'],
      [JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'GetObject', Resource: 'arn:aws:s3:::policy-invalid/*' }] }), 'Policy has invalid action'],
      [JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::other-bucket/*' }] }), 'Policy has invalid resource'],
      [publicRead('policy-invalid', 'arn:aws:s3:::policy-invalid'), 'Action does not apply to any resource(s) in statement'],
      [JSON.stringify({ Version: '2020-01-01', Statement: [] }), 'The policy must contain a valid version string'],
      [
        JSON.stringify({
          Statement: [
            { Sid: 'Same', Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::policy-invalid/*' },
            { Sid: 'Same', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::policy-invalid/*' },
          ],
        }),
        'Statement IDs (SID) in a single policy must be unique.',
      ],
      [`{"Statement": [], "Id": "${'x'.repeat(21000)}"}`, 'Policy exceeds the maximum allowed document size.'],
    ]
    for (const [Policy, message] of cases) {
      const err = await failure(s3.send(new PutBucketPolicyCommand({ Bucket: 'policy-invalid', Policy })))
      expect(err.name, Policy).toBe('MalformedPolicy')
      expect(err.message, Policy).toBe(message)
      expect(err.$metadata.httpStatusCode).toBe(400)
    }
  })

  it('refuses a principal naming an IAM role that does not exist, and accepts it once the role exists', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'policy-role' }))
    const Policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:role/site-reader' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::policy-role/*' }],
    })
    const err = await failure(s3.send(new PutBucketPolicyCommand({ Bucket: 'policy-role', Policy })))
    expect(err.name).toBe('MalformedPolicy')
    expect(err.message).toBe('Invalid principal in policy')
    const { IAMClient, CreateRoleCommand } = await import('@aws-sdk/client-iam')
    await new IAMClient(cloud.sdk).send(
      new CreateRoleCommand({
        RoleName: 'site-reader',
        AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
      }),
    )
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'policy-role', Policy }))
  })

  it('needs a bucket', async () => {
    const err = await failure(s3.send(new PutBucketPolicyCommand({ Bucket: 'policy-nowhere', Policy: publicRead('policy-nowhere') })))
    expect(err.name).toBe('NoSuchBucket')
  })
})

describe('website configuration', () => {
  it('round-trips index, error document and routing rules', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'site-config' }))
    await s3.send(
      new PutBucketWebsiteCommand({
        Bucket: 'site-config',
        WebsiteConfiguration: {
          IndexDocument: { Suffix: 'index.html' },
          ErrorDocument: { Key: 'error.html' },
          RoutingRules: [{ Condition: { KeyPrefixEquals: 'old/' }, Redirect: { ReplaceKeyPrefixWith: 'new/' } }],
        },
      }),
    )
    const out = await s3.send(new GetBucketWebsiteCommand({ Bucket: 'site-config' }))
    expect(out.IndexDocument).toEqual({ Suffix: 'index.html' })
    expect(out.ErrorDocument).toEqual({ Key: 'error.html' })
    expect(out.RoutingRules).toEqual([{ Condition: { KeyPrefixEquals: 'old/' }, Redirect: { ReplaceKeyPrefixWith: 'new/' } }])
    await s3.send(new DeleteBucketWebsiteCommand({ Bucket: 'site-config' }))
    const err = await failure(s3.send(new GetBucketWebsiteCommand({ Bucket: 'site-config' })))
    expect(err.name).toBe('NoSuchWebsiteConfiguration')
    expect(err.$metadata.httpStatusCode).toBe(404)
  })

  it('rejects garbage bodies with MalformedXML and incomplete configurations with InvalidArgument', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'site-garbage' }))
    for (const body of ['this is not xml', '<WebsiteConfiguration><IndexDocument>', '<Other/>', '']) {
      const res = await fetch(`${cloud.endpoint}/site-garbage?website`, { method: 'PUT', headers: signed, body })
      expect(res.status, body).toBe(400)
      expect(await res.text(), body).toContain('<Code>MalformedXML</Code>')
    }
    const err = await failure(
      s3.send(new PutBucketWebsiteCommand({ Bucket: 'site-garbage', WebsiteConfiguration: { ErrorDocument: { Key: 'e.html' } } })),
    )
    expect(err.name).toBe('InvalidArgument')
    const slash = await failure(
      s3.send(new PutBucketWebsiteCommand({ Bucket: 'site-garbage', WebsiteConfiguration: { IndexDocument: { Suffix: 'a/index.html' } } })),
    )
    expect(slash.name).toBe('InvalidArgument')
  })
})

describe('bucket tagging', () => {
  it('round-trips tags, and NoSuchTagSet once deleted', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'tagged-bucket' }))
    const err0 = await failure(s3.send(new GetBucketTaggingCommand({ Bucket: 'tagged-bucket' })))
    expect(err0.name).toBe('NoSuchTagSet')
    await s3.send(new PutBucketTaggingCommand({ Bucket: 'tagged-bucket', Tagging: { TagSet: [{ Key: 'lab', Value: '350' }, { Key: 'empty', Value: '' }] } }))
    const out = await s3.send(new GetBucketTaggingCommand({ Bucket: 'tagged-bucket' }))
    expect(out.TagSet).toEqual([{ Key: 'lab', Value: '350' }, { Key: 'empty', Value: '' }])
    await s3.send(new DeleteBucketTaggingCommand({ Bucket: 'tagged-bucket' }))
    const err = await failure(s3.send(new GetBucketTaggingCommand({ Bucket: 'tagged-bucket' })))
    expect(err.name).toBe('NoSuchTagSet')
    expect(err.$metadata.httpStatusCode).toBe(404)
  })

  it('rejects duplicate keys and reserved aws: keys with InvalidTag', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'bad-tags-bucket' }))
    const dup = await failure(
      s3.send(new PutBucketTaggingCommand({ Bucket: 'bad-tags-bucket', Tagging: { TagSet: [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }] } })),
    )
    expect(dup.name).toBe('InvalidTag')
    const system = await failure(s3.send(new PutBucketTaggingCommand({ Bucket: 'bad-tags-bucket', Tagging: { TagSet: [{ Key: 'aws:x', Value: '1' }] } })))
    expect(system.name).toBe('InvalidTag')
  })
})

describe('garbage input', () => {
  it('answers every XML-bodied operation given garbage with MalformedXML, and keeps serving', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'garbage-bucket' }))
    const garbage = ['\u0000\u0001binary', '<Tagging><TagSet><Tag><Key>a</Key>', '{"json": true}', '<Wrong/>']
    const targets = [
      ['PUT', '/garbage-bucket?tagging'],
      ['PUT', '/garbage-bucket?website'],
      ['PUT', '/garbage-bucket?publicAccessBlock'],
      ['POST', '/garbage-bucket?delete'],
      ['PUT', '/garbage-bucket-two'],
    ]
    for (const [method, path] of targets) {
      for (const body of garbage) {
        const res = await fetch(`${cloud.endpoint}${path}`, { method, headers: signed, body })
        expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400)
        expect(await res.text()).toContain('<Code>MalformedXML</Code>')
      }
    }
    const policy = await fetch(`${cloud.endpoint}/garbage-bucket?policy`, { method: 'PUT', headers: signed, body: '\u0000{' })
    expect(await policy.text()).toContain('<Code>MalformedPolicy</Code>')
    const health = await fetch(`${cloud.endpoint}/_lab/health`)
    expect(health.status).toBe(200)
  })

  it('rejects a malformed percent-escape in the key with InvalidURI, and a truncated aws-chunked body with IncompleteBody', async () => {
    const uri = await fetch(`${cloud.endpoint}/garbage-bucket/bad%zzkey`, { headers: signed })
    expect(uri.status).toBe(400)
    expect(await uri.text()).toContain('<Code>InvalidURI</Code>')
    const chunked = await fetch(`${cloud.endpoint}/garbage-bucket/truncated`, {
      method: 'PUT',
      headers: { ...signed, 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': '100' },
      body: '64\r\nonly a few bytes',
    })
    expect(chunked.status).toBe(400)
    expect(await chunked.text()).toContain('<Code>IncompleteBody</Code>')
  })
})
