import { describe, expect, it } from 'vitest'
import { dependencyMap, findCycle, topologicalOrder } from '../../src/cloud/services/cloudformation/engine/graph.js'
import { NO_VALUE, resolveValue } from '../../src/cloud/services/cloudformation/engine/intrinsics.js'
import { stackResolver } from '../../src/cloud/services/cloudformation/engine/resolver.js'
import { parseTemplate, type Template } from '../../src/cloud/services/cloudformation/engine/template.js'

function resolverFor(template: Template, parameters: Record<string, string> = {}, types: Record<string, string> = {}) {
  return stackResolver({
    template,
    stackId: 'arn:aws:cloudformation:eu-west-1:000000000000:stack/s/1',
    stackName: 's',
    region: 'eu-west-1',
    accountId: '000000000000',
    notificationARNs: [],
    parameters,
    parameterTypes: types,
    physicalId: (id) => (id === 'Bucket' ? 'my-bucket' : undefined),
    attributes: (id) => (id === 'Bucket' ? { Arn: 'arn:aws:s3:::my-bucket', 'Website.URL': 'http://w' } : undefined),
    exportValue: (name) => (name === 'vpc' ? 'vpc-123' : undefined),
  })
}

const template = parseTemplate(`
Parameters:
  Env: { Type: String }
  Subnets: { Type: CommaDelimitedList }
Mappings:
  Sizes:
    dev: { Memory: 128 }
Conditions:
  IsDev: !Equals [!Ref Env, dev]
  NotDev: !Not [!Condition IsDev]
  Both: !And [!Condition IsDev, !Equals [a, a]]
Resources:
  Bucket: { Type: AWS::S3::Bucket }
`)
const r = resolverFor(template, { Env: 'dev', Subnets: 'a, b,c' }, { Env: 'String', Subnets: 'CommaDelimitedList' })

describe('intrinsic functions', () => {
  it('parses every short-form tag into the long form', () => {
    const t = parseTemplate(`
Resources:
  A:
    Type: AWS::SQS::Queue
    Properties:
      A: !Ref X
      B: !GetAtt Res.Attr.Nested
      C: !GetAtt [Res, Attr]
      D: !Sub 'x-\${Y}'
      E: !Join [',', [a, b]]
      F: !Select [0, !Split [',', 'a,b']]
      G: !If [Cond, 1, 2]
      H: !FindInMap [M, k, v]
      I: !Base64 hi
      J: !GetAZs ''
      K: !ImportValue name
      L: !And [!Equals [1, 1], !Not [!Condition C], !Or [!Condition D, !Condition E]]
`)
    expect(t.Resources.A.Properties).toEqual({
      A: { Ref: 'X' },
      B: { 'Fn::GetAtt': ['Res', 'Attr.Nested'] },
      C: { 'Fn::GetAtt': ['Res', 'Attr'] },
      D: { 'Fn::Sub': 'x-${Y}' },
      E: { 'Fn::Join': [',', ['a', 'b']] },
      F: { 'Fn::Select': [0, { 'Fn::Split': [',', 'a,b'] }] },
      G: { 'Fn::If': ['Cond', 1, 2] },
      H: { 'Fn::FindInMap': ['M', 'k', 'v'] },
      I: { 'Fn::Base64': 'hi' },
      J: { 'Fn::GetAZs': '' },
      K: { 'Fn::ImportValue': 'name' },
      L: { 'Fn::And': [{ 'Fn::Equals': [1, 1] }, { 'Fn::Not': [{ Condition: 'C' }] }, { 'Fn::Or': [{ Condition: 'D' }, { Condition: 'E' }] }] },
    })
  })

  it('resolves Ref, pseudo parameters and list parameters', () => {
    expect(resolveValue({ Ref: 'Env' }, r)).toBe('dev')
    expect(resolveValue({ Ref: 'Subnets' }, r)).toEqual(['a', 'b', 'c'])
    expect(resolveValue({ Ref: 'Bucket' }, r)).toBe('my-bucket')
    expect(resolveValue(['AWS::AccountId', 'AWS::Region', 'AWS::StackName', 'AWS::Partition', 'AWS::URLSuffix'].map((Ref) => ({ Ref })), r))
      .toEqual(['000000000000', 'eu-west-1', 's', 'aws', 'amazonaws.com'])
    expect(resolveValue({ Ref: 'AWS::NoValue' }, r)).toBe(NO_VALUE)
    expect(resolveValue({ Ref: 'AWS::NotificationARNs' }, r)).toEqual([])
  })

  it('resolves Fn::Sub in both forms, with attributes and ${!Literal}', () => {
    expect(resolveValue({ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Bucket}/${Env}' }, r)).toBe('arn:aws:s3:::my-bucket/dev')
    expect(resolveValue({ 'Fn::Sub': '${Bucket.Arn} ${Bucket.Website.URL}' }, r)).toBe('arn:aws:s3:::my-bucket http://w')
    expect(resolveValue({ 'Fn::Sub': ['${Greeting}, ${!Literal} ${Env}', { Greeting: { 'Fn::Join': ['', ['he', 'llo']] } }] }, r))
      .toBe('hello, ${Literal} dev')
  })

  it('resolves the list, string and mapping functions', () => {
    expect(resolveValue({ 'Fn::Join': ['-', ['a', { Ref: 'Env' }, 3]] }, r)).toBe('a-dev-3')
    expect(resolveValue({ 'Fn::Select': ['1', { Ref: 'Subnets' }] }, r)).toBe('b')
    expect(resolveValue({ 'Fn::Split': ['|', 'x|y'] }, r)).toEqual(['x', 'y'])
    expect(resolveValue({ 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Memory'] }, r)).toBe(128)
    expect(resolveValue({ 'Fn::Base64': 'hello' }, r)).toBe('aGVsbG8=')
    expect(resolveValue({ 'Fn::GetAZs': '' }, r)).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c'])
    expect(resolveValue({ 'Fn::GetAZs': { Ref: 'AWS::Region' } }, r)).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c'])
    expect(resolveValue({ 'Fn::ImportValue': 'vpc' }, r)).toBe('vpc-123')
    expect(resolveValue({ 'Fn::GetAtt': 'Bucket.Arn' }, r)).toBe('arn:aws:s3:::my-bucket')
    expect(resolveValue({ 'Fn::Cidr': ['10.0.0.0/16', 3, 8] }, r)).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24'])
  })

  it('evaluates conditions and drops AWS::NoValue from objects and lists', () => {
    expect(r.condition('IsDev')).toBe(true)
    expect(r.condition('NotDev')).toBe(false)
    expect(r.condition('Both')).toBe(true)
    expect(resolveValue({
      A: { 'Fn::If': ['IsDev', 'yes', 'no'] },
      B: { 'Fn::If': ['NotDev', 'x', { Ref: 'AWS::NoValue' }] },
      C: ['keep', { 'Fn::If': ['NotDev', 'x', { Ref: 'AWS::NoValue' }] }],
    }, r)).toEqual({ A: 'yes', C: ['keep'] })
  })

  it('fails with AWS-worded errors', () => {
    expect(() => resolveValue({ 'Fn::GetAtt': ['Bucket', 'Nope'] }, r)).toThrow('Template error: resource Bucket does not support attribute type Nope in Fn::GetAtt')
    expect(() => resolveValue({ 'Fn::FindInMap': ['Sizes', 'prod', 'Memory'] }, r)).toThrow('Template error: Unable to get mapping for Sizes::prod::Memory')
    expect(() => resolveValue({ 'Fn::ImportValue': 'nope' }, r)).toThrow('No export named nope found')
    expect(() => resolveValue({ 'Fn::Select': [5, ['a']] }, r)).toThrow(/Fn::Select cannot select nonexistent value/)
  })
})

describe('dependency graph', () => {
  const resources = {
    Api: { Type: 'AWS::ApiGateway::RestApi' },
    Fn: { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': ['Role', 'Arn'] } } },
    Role: { Type: 'AWS::IAM::Role' },
    Perm: { Type: 'AWS::Lambda::Permission', Properties: { FunctionName: { Ref: 'Fn' }, SourceArn: { 'Fn::Sub': 'arn:${AWS::Partition}:execute-api:${Api}/*' } } },
    Stage: { Type: 'AWS::ApiGateway::Stage', DependsOn: ['Perm'], Properties: { Literal: { 'Fn::Sub': '${!Api}' } } },
  }

  it('collects edges from Ref, GetAtt, Sub and DependsOn, ignoring ${!Literal}', () => {
    const deps = dependencyMap(resources)
    expect([...deps.get('Fn')!]).toEqual(['Role'])
    expect([...deps.get('Perm')!].sort()).toEqual(['Api', 'Fn'])
    expect([...deps.get('Stage')!]).toEqual(['Perm'])
    const order = topologicalOrder(deps)
    expect(order.indexOf('Role')).toBeLessThan(order.indexOf('Fn'))
    expect(order.indexOf('Fn')).toBeLessThan(order.indexOf('Perm'))
    expect(order.indexOf('Perm')).toBeLessThan(order.indexOf('Stage'))
    expect(findCycle(deps)).toEqual([])
  })

  it('finds the resources on a cycle', () => {
    const deps = dependencyMap({
      A: { Type: 'T', DependsOn: 'C' },
      B: { Type: 'T', Properties: { X: { Ref: 'A' } } },
      C: { Type: 'T', Properties: { X: { 'Fn::GetAtt': 'B.Arn' } } },
      D: { Type: 'T' },
      E: { Type: 'T', DependsOn: 'A' },
      F: { Type: 'T', DependsOn: 'E' },
    })
    expect(findCycle(deps)).toEqual(['A', 'B', 'C'])
  })
})
