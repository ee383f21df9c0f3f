/**
 * @module S3's error codes and messages, as the REST API returns them (`<Error><Code>…<BucketName>…`).
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
 */
import { AwsError } from '../../core/aws-error.js'

export const noSuchBucket = (bucket: string) =>
  new AwsError('NoSuchBucket', 404, 'The specified bucket does not exist', { BucketName: bucket })

export const noSuchKey = (key: string) => new AwsError('NoSuchKey', 404, 'The specified key does not exist.', { Key: key })

export const bucketNotEmpty = (bucket: string) =>
  new AwsError('BucketNotEmpty', 409, 'The bucket you tried to delete is not empty', { BucketName: bucket })

export const bucketAlreadyOwnedByYou = (bucket: string) =>
  new AwsError('BucketAlreadyOwnedByYou', 409, 'Your previous request to create the named bucket succeeded and you already own it.', {
    BucketName: bucket,
  })

export const invalidBucketName = (bucket: string) =>
  new AwsError('InvalidBucketName', 400, 'The specified bucket is not valid.', { BucketName: bucket })

export const malformedXml = () =>
  new AwsError('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema')

export const malformedPolicy = (message: string) => new AwsError('MalformedPolicy', 400, message)

export const noSuchBucketPolicy = (bucket: string) =>
  new AwsError('NoSuchBucketPolicy', 404, 'The bucket policy does not exist', { BucketName: bucket })

export const noSuchWebsite = (bucket: string) =>
  new AwsError('NoSuchWebsiteConfiguration', 404, 'The specified bucket does not have a website configuration', { BucketName: bucket })

export const noSuchPublicAccessBlock = (bucket: string) =>
  new AwsError('NoSuchPublicAccessBlockConfiguration', 404, 'The public access block configuration was not found', { BucketName: bucket })

export const noSuchTagSet = (bucket: string) => new AwsError('NoSuchTagSet', 404, 'The TagSet does not exist', { BucketName: bucket })

export const invalidTag = (message: string) => new AwsError('InvalidTag', 400, message)

export const invalidArgument = (message: string, name?: string, value?: string) =>
  new AwsError('InvalidArgument', 400, message, name === undefined ? {} : { ArgumentName: name, ArgumentValue: value ?? '' })

export const invalidRequest = (message: string) => new AwsError('InvalidRequest', 400, message)

export const accessDenied = (message = 'Access Denied') => new AwsError('AccessDenied', 403, message)

export const badDigest = () => new AwsError('BadDigest', 400, 'The Content-MD5 you specified did not match what we received.')

export const invalidDigest = () => new AwsError('InvalidDigest', 400, 'The Content-MD5 you specified is not valid.')

export const keyTooLong = () => new AwsError('KeyTooLongError', 400, 'Your key is too long')

export const notImplemented = (what: string) =>
  new AwsError('NotImplemented', 501, `A header or query you provided implies functionality that is not implemented (local cloud: ${what})`)

export const aclNotSupported = () => new AwsError('AccessControlListNotSupported', 400, 'The bucket does not allow ACLs')
