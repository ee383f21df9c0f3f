/** A 5xx says only AWS's generic words and the request id; the detail (stack) is for the cloud's log. */
import { describe, expect, it } from 'vitest'
import { AwsError } from '../../src/cloud/core/aws-error.js'
import { jsonDepth, xmlDepth, yamlDepth } from '../../src/cloud/core/nesting.js'
import { asAwsError, failureDetail, renderError } from '../../src/cloud/protocols/errors.js'

const crash = new TypeError("Cannot read properties of undefined (reading 'split')")

describe('5xx answers', () => {
  const cases: [Parameters<typeof renderError>[1], string, RegExp][] = [
    ['query', 'cloudformation', /<Code>InternalFailure<\/Code><Message>We encountered an internal error. Please try again.<\/Message>.*<RequestId>req-1<\/RequestId>/],
    ['rest-xml', 's3', /<Code>InternalError<\/Code><Message>We encountered an internal error. Please try again.<\/Message><RequestId>req-1<\/RequestId>/],
    ['json', 'dynamodb', /"__type":"com.amazon.coral.service#InternalFailure","message":"We encountered an internal error. Please try again."/],
    ['rest-json', 'lambda', /"message":"We encountered an internal error. Please try again."/],
    ['execute-api', 'apigateway', /^\{"message":"Internal server error"\}$/],
  ]
  for (const [protocol, service, shape] of cases) {
    it(`[${protocol}] an unexpected exception → 500 in the protocol's generic shape, with no internal text`, () => {
      const reply = renderError(asAwsError(crash), protocol, 'req-1', service)
      expect(reply.status).toBe(500)
      expect(String(reply.body)).toMatch(shape)
      expect(String(reply.body)).not.toMatch(/Cannot read|TypeError|split|\.ts:|\.js:/)
      expect(JSON.stringify(reply.headers)).toContain('req-1')
    })
  }

  it('an AwsError a service threw on purpose keeps its own words (500, 501, 503)', () => {
    const authored = renderError(new AwsError('ServiceException', 500, 'The deployment package was changed on disk'), 'rest-json', 'r', 'lambda')
    expect(String(authored.body)).toContain('changed on disk')
    const notImplemented = renderError(new AwsError('NotImplemented', 501, 'The local cloud does not implement X'), 'rest-json', 'r', 'lambda')
    expect(String(notImplemented.body)).toContain('does not implement X')
  })

  it('the log line keeps the stack', () => {
    expect(failureDetail(crash)).toContain('TypeError: Cannot read properties')
    expect(failureDetail(crash)).toMatch(/at /)
  })
})

describe('nesting scanners (before any parser)', () => {
  it('count JSON nesting outside strings and stop past the limit', () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[{{{"}]}', 10)).toBe(3)
    expect(jsonDepth('"\\"[[["', 10)).toBe(0)
    expect(jsonDepth('['.repeat(1_000_000), 100)).toBe(101)
  })

  it('count XML element nesting, skipping comments, CDATA, declarations and self-closing tags', () => {
    expect(xmlDepth('<?xml version="1.0"?><a><!-- <b><c> --><b/><c><![CDATA[<d><e>]]></c></a>', 10)).toBe(2)
    expect(xmlDepth('<a>'.repeat(100_000), 32)).toBe(33)
  })

  it('count YAML block and flow nesting, skipping block scalars and quoted brackets', () => {
    expect(yamlDepth('a:\n  b:\n    c: [1, {d: 2}]\n', 10)).toBe(5)
    expect(yamlDepth('a: |\n  [[[[[[\n  {{{{\nb: "[[["\n', 10)).toBe(1)
    expect(yamlDepth(`x:\n${'- '.repeat(500)}1`, 100)).toBe(101)
  })
})
