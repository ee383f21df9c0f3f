/**
 * @module S3 XML bodies: parse request documents into AWS shapes (garbage → `MalformedXML`) and render
 * response documents in S3's namespace.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketWebsite.html
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { AwsError } from '../../core/aws-error.js'
import { xmlDepth } from '../../core/nesting.js'
import type { CloudResponse } from '../../core/types.js'
import { escapeXml, toXml, XML_DECLARATION } from '../../protocols/xml.js'
import { malformedXml } from './errors.js'
import type { CorsRule } from './cors.js'
import type { PublicAccessBlock, Tag, WebsiteConfiguration } from './model.js'

export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/'

const LISTS = new Set(['Tag', 'Object', 'RoutingRule', 'Part', 'CORSRule', 'AllowedHeader', 'AllowedMethod', 'AllowedOrigin', 'ExposeHeader'])
const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) => LISTS.has(name),
})

/**
 * Limits on S3's XML request documents, checked on the text before a parser sees it: no configuration or
 * DeleteObjects/CompleteMultipartUpload document needs more than 2 MB or 32 levels, and none has a DTD
 * (entity expansion).
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
 */
export const MAX_XML_BYTES = 2 * 1024 * 1024
export const MAX_XML_DEPTH = 32

/** Parse a body whose root element must be `root`; anything else is `MalformedXML`. */
export function parseXml(body: Buffer, root: string): any {
  if (body.length > MAX_XML_BYTES) throw new AwsError('MaxMessageLengthExceeded', 400, 'Your request was too big.')
  const text = body.toString('utf8').trim()
  if (!text || /<!DOCTYPE/i.test(text) || xmlDepth(text, MAX_XML_DEPTH) > MAX_XML_DEPTH) throw malformedXml()
  if (XMLValidator.validate(text) !== true) throw malformedXml()
  let doc: any
  try {
    doc = parser.parse(text)
  } catch {
    throw malformedXml()
  }
  const node = doc?.[root]
  if (node === undefined) throw malformedXml()
  return node === '' ? {} : node
}

/** Render `<Root xmlns=…>…</Root>` with S3's flat lists. */
export function xmlResponse(root: string, value: Record<string, unknown>, headers: Record<string, string> = {}, text?: string): CloudResponse {
  const inner =
    text !== undefined
      ? escapeXml(text)
      : Object.entries(value)
          .map(([k, v]) => toXml(k, v, true))
          .join('')
  return { status: 200, headers: { 'content-type': 'application/xml', ...headers }, body: `${XML_DECLARATION}<${root} xmlns="${S3_XMLNS}">${inner}</${root}>` }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : v === undefined || v === null ? undefined : malformed())
const obj = (v: unknown): any => (v === undefined || v === '' ? {} : typeof v === 'object' && !Array.isArray(v) ? v : malformed())
function malformed(): never {
  throw malformedXml()
}

export function parseTagging(body: Buffer): Tag[] {
  const tagging = obj(parseXml(body, 'Tagging'))
  const tagSet = obj(tagging.TagSet)
  return ((tagSet.Tag ?? []) as unknown[]).map((t) => {
    const tag = obj(t)
    const key = str(tag.Key)
    if (key === undefined) malformed()
    return { Key: key, Value: str(tag.Value) ?? '' }
  })
}

export function parsePublicAccessBlock(body: Buffer): PublicAccessBlock {
  const c = obj(parseXml(body, 'PublicAccessBlockConfiguration'))
  const flag = (v: unknown) => {
    const s = str(v)
    if (s === undefined) return false
    if (s.toLowerCase() !== 'true' && s.toLowerCase() !== 'false') malformed()
    return s.toLowerCase() === 'true'
  }
  return {
    BlockPublicAcls: flag(c.BlockPublicAcls),
    IgnorePublicAcls: flag(c.IgnorePublicAcls),
    BlockPublicPolicy: flag(c.BlockPublicPolicy),
    RestrictPublicBuckets: flag(c.RestrictPublicBuckets),
  }
}

export function parseWebsite(body: Buffer): WebsiteConfiguration {
  const c = obj(parseXml(body, 'WebsiteConfiguration'))
  const config: WebsiteConfiguration = {}
  if (c.IndexDocument !== undefined) config.IndexDocument = { Suffix: str(obj(c.IndexDocument).Suffix) ?? '' }
  if (c.ErrorDocument !== undefined) config.ErrorDocument = { Key: str(obj(c.ErrorDocument).Key) ?? '' }
  if (c.RedirectAllRequestsTo !== undefined) {
    const r = obj(c.RedirectAllRequestsTo)
    config.RedirectAllRequestsTo = { HostName: str(r.HostName) ?? '', ...(r.Protocol !== undefined ? { Protocol: str(r.Protocol) } : {}) }
  }
  if (c.RoutingRules !== undefined) {
    config.RoutingRules = ((obj(c.RoutingRules).RoutingRule ?? []) as unknown[]).map((rule) => {
      const r = obj(rule)
      return { ...(r.Condition !== undefined ? { Condition: strings(r.Condition) } : {}), Redirect: strings(r.Redirect) }
    })
  }
  return config
}

function strings(v: unknown): any {
  const o = obj(v)
  const out: Record<string, string> = {}
  for (const [k, value] of Object.entries(o)) out[k] = str(value) ?? ''
  return out
}

/** `WebsiteConfiguration` as S3 returns it (element order as in the API reference). */
export function websiteXml(c: WebsiteConfiguration): Record<string, unknown> {
  return {
    ...(c.RedirectAllRequestsTo ? { RedirectAllRequestsTo: c.RedirectAllRequestsTo } : {}),
    ...(c.IndexDocument ? { IndexDocument: c.IndexDocument } : {}),
    ...(c.ErrorDocument ? { ErrorDocument: c.ErrorDocument } : {}),
    ...(c.RoutingRules?.length ? { RoutingRules: { RoutingRule: c.RoutingRules } } : {}),
  }
}

export function parseDelete(body: Buffer): { Quiet: boolean; Objects: { Key: string; VersionId?: string }[] } {
  const d = obj(parseXml(body, 'Delete'))
  const objects = ((d.Object ?? []) as unknown[]).map((o) => {
    const key = str(obj(o).Key)
    if (key === undefined) malformed()
    const versionId = str(obj(o).VersionId)
    return versionId === undefined ? { Key: key } : { Key: key, VersionId: versionId }
  })
  return { Quiet: (str(d.Quiet) ?? 'false').toLowerCase() === 'true', Objects: objects }
}

/** The optional `CreateBucketConfiguration` body: its LocationConstraint, if any. */
export function parseCreateBucket(body: Buffer): string | undefined {
  if (body.toString('utf8').trim() === '') return undefined
  const c = obj(parseXml(body, 'CreateBucketConfiguration'))
  return str(c.LocationConstraint) || undefined
}

export function parseCors(body: Buffer): CorsRule[] {
  const c = obj(parseXml(body, 'CORSConfiguration'))
  const texts = (v: unknown) => ((v ?? []) as unknown[]).map((x) => str(x) ?? '')
  return ((c.CORSRule ?? []) as unknown[]).map((raw) => {
    const r = obj(raw)
    const rule: CorsRule = { AllowedMethods: texts(r.AllowedMethod), AllowedOrigins: texts(r.AllowedOrigin) }
    if (r.ID !== undefined) rule.ID = str(r.ID)
    if (r.AllowedHeader !== undefined) rule.AllowedHeaders = texts(r.AllowedHeader)
    if (r.ExposeHeader !== undefined) rule.ExposeHeaders = texts(r.ExposeHeader)
    if (r.MaxAgeSeconds !== undefined) {
      const age = Number(str(r.MaxAgeSeconds))
      if (!Number.isInteger(age)) malformed()
      rule.MaxAgeSeconds = age
    }
    return rule
  })
}

export function corsXml(rules: CorsRule[]): Record<string, unknown> {
  return {
    CORSRule: rules.map((r) => ({
      ...(r.ID !== undefined ? { ID: r.ID } : {}),
      AllowedHeader: r.AllowedHeaders ?? [],
      AllowedMethod: r.AllowedMethods,
      AllowedOrigin: r.AllowedOrigins,
      ExposeHeader: r.ExposeHeaders ?? [],
      ...(r.MaxAgeSeconds !== undefined ? { MaxAgeSeconds: r.MaxAgeSeconds } : {}),
    })),
  }
}

/** The `VersioningConfiguration` body of PutBucketVersioning. */
export function parseVersioning(body: Buffer): { Status?: string; MFADelete?: string } {
  const v = obj(parseXml(body, 'VersioningConfiguration'))
  return { Status: str(v.Status), MFADelete: str(v.MfaDelete) }
}
