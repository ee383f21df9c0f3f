/**
 * @module Input rules S3 enforces: bucket names, object keys, tags, website configurations.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
import { invalidArgument, invalidBucketName, invalidTag, keyTooLong } from './errors.js'
import type { Tag, WebsiteConfiguration } from './model.js'

const NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/
const IP = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-']
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3']

/** General purpose bucket naming rules. */
export function checkBucketName(name: string): void {
  const ok =
    NAME.test(name) &&
    !name.includes('..') &&
    !name.includes('.-') &&
    !name.includes('-.') &&
    !IP.test(name) &&
    !RESERVED_PREFIXES.some((p) => name.startsWith(p)) &&
    !RESERVED_SUFFIXES.some((s) => name.endsWith(s))
  if (!ok) throw invalidBucketName(name)
}

/** Keys are 1–1024 bytes of UTF-8. */
export function checkKey(key: string): void {
  if (key.length === 0) throw invalidArgument('Key must not be empty', 'key', '')
  if (Buffer.byteLength(key, 'utf8') > 1024) throw keyTooLong()
}

/**
 * Bucket tags: at most 50, keys 1–128 and values 0–256 characters, keys unique. `aws:` keys are reserved
 * for AWS itself (CloudFormation's stack tags), so requests from outside may not set them.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketTagging.html
 */
export function checkTags(tags: Tag[], external: boolean): void {
  if (tags.length > 50) throw invalidTag('Bucket tag count cannot be greater than 50')
  const seen = new Set<string>()
  for (const tag of tags) {
    if (typeof tag.Key !== 'string' || tag.Key.length < 1 || tag.Key.length > 128) throw invalidTag('The TagKey you have provided is invalid')
    if (typeof tag.Value !== 'string' || tag.Value.length > 256) throw invalidTag('The TagValue you have provided is invalid')
    if (external && tag.Key.toLowerCase().startsWith('aws:')) throw invalidTag('System tags cannot be added/updated by requester')
    if (seen.has(tag.Key)) throw invalidTag('Cannot provide multiple Tags with the same key')
    seen.add(tag.Key)
  }
}

/** @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_WebsiteConfiguration.html */
export function checkWebsite(c: WebsiteConfiguration): void {
  if (c.RedirectAllRequestsTo) {
    if (c.IndexDocument || c.ErrorDocument || c.RoutingRules?.length) {
      throw invalidArgument('RedirectAllRequestsTo cannot be provided in conjunction with other Routing Rules.', 'RedirectAllRequestsTo', 'not null')
    }
    if (!c.RedirectAllRequestsTo.HostName) throw invalidArgument('Host name must not be empty', 'HostName', '')
    return
  }
  if (!c.IndexDocument) {
    throw invalidArgument('A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty', 'IndexDocument', 'null')
  }
  const suffix = c.IndexDocument.Suffix
  if (!suffix || suffix.includes('/')) throw invalidArgument('The IndexDocument Suffix is not well formed', 'IndexDocument', suffix ?? '')
  if (c.ErrorDocument && !c.ErrorDocument.Key) throw invalidArgument('The ErrorDocument Key is not well formed', 'ErrorDocument', '')
  for (const rule of c.RoutingRules ?? []) {
    if (!rule.Redirect) throw invalidArgument('Invalid routing rule: a Redirect is required', 'RoutingRules', '')
    if (rule.Redirect.ReplaceKeyPrefixWith !== undefined && rule.Redirect.ReplaceKeyWith !== undefined) {
      throw invalidArgument('You can only define ReplaceKeyPrefix or ReplaceKey but not both.', 'ReplaceKeyWith', rule.Redirect.ReplaceKeyWith)
    }
  }
}
