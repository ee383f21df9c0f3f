import { describe, expect, it } from 'vitest'
import { iamAccess, notAuthorizedMessage, resourcePolicyOnly, tableA, tableB } from '../../src/cloud/authz/api-access.js'
import { evaluateIdentityPolicies, evaluateResourcePolicy, parsePolicy, PolicyParseError, principalMatches } from '../../src/cloud/authz/policy-eval.js'
import { conditionHolds } from '../../src/cloud/authz/policy-conditions.js'
import { wildcardMatch } from '../../src/cloud/authz/policy-match.js'

const ARN = 'arn:aws:execute-api:us-east-1:000000000000:abc123/prod/GET/pets/1'
const facts = (over: Partial<Parameters<typeof evaluateIdentityPolicies>[1]> = {}) => ({
  action: 'execute-api:Invoke',
  resource: ARN,
  principalArn: 'arn:aws:iam::000000000000:user/alice',
  principalAccount: '000000000000',
  context: { 'aws:SourceIp': '127.0.0.1' },
  ...over,
})
const doc = (...Statement: unknown[]) => parsePolicy({ Version: '2012-10-17', Statement })

describe('wildcards', () => {
  it('* spans any characters (slashes included), ? exactly one', () => {
    expect(wildcardMatch('arn:aws:execute-api:*:*:abc123/*', ARN)).toBe(true)
    expect(wildcardMatch('arn:aws:execute-api:us-east-1:000000000000:abc123/prod/GET/pets/?', ARN)).toBe(true)
    expect(wildcardMatch('arn:aws:execute-api:us-east-1:000000000000:abc123/prod/GET/pets/??', ARN)).toBe(false)
    expect(wildcardMatch('arn:aws:execute-api:us-east-1:000000000000:abc123/prod/POST/*', ARN)).toBe(false)
    expect(wildcardMatch('*', '')).toBe(true)
  })
  it('stays linear on hostile patterns', () => {
    expect(wildcardMatch('*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000))).toBe(false)
  })
})

describe('identity policy evaluation', () => {
  it('allows a matching action and resource, actions case-insensitively', () => {
    expect(evaluateIdentityPolicies([doc({ Effect: 'Allow', Action: 'EXECUTE-API:invoke', Resource: 'arn:aws:execute-api:*:*:abc123/*' })], facts())).toBe('Allow')
  })
  it('resources are case-sensitive', () => {
    expect(evaluateIdentityPolicies([doc({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:execute-api:*:*:ABC123/*' })], facts())).toBe('implicit')
  })
  it('explicit deny wins over an allow, in any policy and any order', () => {
    const allow = doc({ Effect: 'Allow', Action: 'execute-api:*', Resource: '*' })
    const deny = doc({ Effect: 'Deny', Action: 'execute-api:Invoke', Resource: '*/prod/GET/*'.replace(/^/, 'arn:aws:execute-api:us-east-1:000000000000:abc123') })
    expect(evaluateIdentityPolicies([allow, deny], facts())).toBe('Deny')
    expect(evaluateIdentityPolicies([deny, allow], facts())).toBe('Deny')
  })
  it('nothing matching is an implicit deny', () => {
    expect(evaluateIdentityPolicies([doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' })], facts())).toBe('implicit')
    expect(evaluateIdentityPolicies([], facts())).toBe('implicit')
  })
  it('NotAction and NotResource invert the match', () => {
    expect(evaluateIdentityPolicies([doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })], facts())).toBe('Allow')
    expect(evaluateIdentityPolicies([doc({ Effect: 'Allow', NotAction: 'execute-api:*', Resource: '*' })], facts())).toBe('implicit')
    expect(evaluateIdentityPolicies([doc({ Effect: 'Deny', Action: '*', NotResource: 'arn:aws:execute-api:*:*:abc123/*' })], facts())).toBe('implicit')
    expect(evaluateIdentityPolicies([doc({ Effect: 'Deny', Action: '*', NotResource: 'arn:aws:execute-api:*:*:other/*' })], facts())).toBe('Deny')
  })
  it('substitutes policy variables in 2012-10-17 documents only', () => {
    const withVar = (Version: string) => parsePolicy({ Version, Statement: { Effect: 'Allow', Action: '*', Resource: 'arn:aws:execute-api:*:*:abc123/prod/GET/${aws:username}' } })
    const f = facts({ resource: 'arn:aws:execute-api:us-east-1:000000000000:abc123/prod/GET/alice', context: { 'aws:username': 'alice' } })
    expect(evaluateIdentityPolicies([withVar('2012-10-17')], f)).toBe('Allow')
    expect(evaluateIdentityPolicies([withVar('2008-10-17')], f)).toBe('implicit')
    expect(evaluateIdentityPolicies([withVar('2012-10-17')], { ...f, context: {} })).toBe('implicit')
  })
})

describe('conditions', () => {
  it('IpAddress / NotIpAddress over CIDR blocks, IPv4 and IPv6', () => {
    expect(conditionHolds('IpAddress', ['127.0.0.0/8'], '127.0.0.1')).toBe(true)
    expect(conditionHolds('IpAddress', ['192.0.2.0/24', '198.51.100.0/24'], '127.0.0.1')).toBe(false)
    expect(conditionHolds('NotIpAddress', ['192.0.2.0/24'], '127.0.0.1')).toBe(true)
    expect(conditionHolds('IpAddress', ['127.0.0.1'], '::ffff:127.0.0.1')).toBe(true)
    expect(conditionHolds('IpAddress', ['::1/128'], '::1')).toBe(true)
    expect(conditionHolds('IpAddress', ['not-an-ip'], '127.0.0.1')).toBe(false)
  })
  it('a missing key: false for positive operators, true for negated ones and IfExists', () => {
    expect(conditionHolds('StringEquals', ['vpce-1'], undefined)).toBe(false)
    expect(conditionHolds('StringNotEquals', ['vpce-1'], undefined)).toBe(true)
    expect(conditionHolds('StringEqualsIfExists', ['vpce-1'], undefined)).toBe(true)
    expect(conditionHolds('Null', ['true'], undefined)).toBe(true)
    expect(conditionHolds('Null', ['false'], undefined)).toBe(false)
  })
  it('values OR, keys AND', () => {
    const p = doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpce': ['vpce-1', 'vpce-2'], 'aws:PrincipalAccount': '000000000000' } } })
    expect(evaluateIdentityPolicies([p], facts({ context: { 'aws:SourceVpce': 'vpce-2', 'aws:PrincipalAccount': '000000000000' } }))).toBe('Allow')
    expect(evaluateIdentityPolicies([p], facts({ context: { 'aws:SourceVpce': 'vpce-2', 'aws:PrincipalAccount': '111111111111' } }))).toBe('implicit')
    expect(evaluateIdentityPolicies([p], facts({ context: { 'aws:sourcevpce': 'VPCE-1', 'aws:PrincipalAccount': '000000000000' } }))).toBe('implicit')
  })
  it('StringLike and condition key names are case-insensitive', () => {
    const p = doc({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringLike: { 'AWS:SOURCEVPC': 'vpc-1*' } } })
    expect(evaluateIdentityPolicies([p], facts({ context: { 'aws:SourceVpc': 'vpc-1a2b' } }))).toBe('Deny')
  })
  it('refuses operators it does not emulate instead of skipping the statement', () => {
    expect(() => doc({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01' } } })).toThrow(PolicyParseError)
  })
})

describe('resource policies and principals', () => {
  const rp = (Principal: unknown, extra: object = {}) => doc({ Effect: 'Allow', Principal, Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:us-east-1:000000000000:abc123/*', ...extra })
  it('* names everyone, anonymous included; {AWS: *} too', () => {
    expect(evaluateResourcePolicy(rp('*'), facts({ principalArn: 'anonymous', principalAccount: undefined }))).toBe('Allow')
    expect(evaluateResourcePolicy(rp({ AWS: '*' }), facts({ principalArn: 'anonymous', principalAccount: undefined }))).toBe('Allow')
  })
  it('an account id or root ARN names every identity of that account, not others', () => {
    expect(evaluateResourcePolicy(rp({ AWS: '111111111111' }), facts({ principalArn: 'arn:aws:iam::111111111111:root', principalAccount: '111111111111' }))).toBe('Allow')
    expect(evaluateResourcePolicy(rp({ AWS: 'arn:aws:iam::111111111111:root' }), facts({ principalArn: 'arn:aws:sts::111111111111:assumed-role/dev/s', principalAccount: '111111111111' }))).toBe('Allow')
    expect(evaluateResourcePolicy(rp({ AWS: '111111111111' }), facts())).toBe('implicit')
    expect(evaluateResourcePolicy(rp({ AWS: '111111111111' }), facts({ principalArn: 'anonymous', principalAccount: undefined }))).toBe('implicit')
  })
  it('a role ARN names its sessions; a user ARN only that user', () => {
    const session = { principalArn: 'arn:aws:sts::000000000000:assumed-role/dev/alice', principalAccount: '000000000000' }
    expect(principalMatches({ aws: ['arn:aws:iam::000000000000:role/dev'], service: [], federated: [] }, session)).toBe(true)
    expect(principalMatches({ aws: ['arn:aws:iam::000000000000:role/admin'], service: [], federated: [] }, session)).toBe(false)
    expect(principalMatches({ aws: ['arn:aws:iam::000000000000:user/alice'], service: [], federated: [] }, facts())).toBe(true)
    expect(principalMatches({ aws: ['arn:aws:iam::000000000000:user/bob'], service: [], federated: [] }, facts())).toBe(false)
  })
  it('a statement without Principal never applies in a resource policy', () => {
    expect(evaluateResourcePolicy(doc({ Effect: 'Allow', Action: '*', Resource: '*' }), facts())).toBe('implicit')
  })
  it('IP deny next to an allow-all (the lab\'s lock-out)', () => {
    const p = doc(
      { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' },
      { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '127.0.0.0/8' } } },
    )
    expect(evaluateResourcePolicy(p, facts())).toBe('Deny')
    expect(evaluateResourcePolicy(p, facts({ context: { 'aws:SourceIp': '192.0.2.7' } }))).toBe('Allow')
  })
})

describe('parsing is prototype-safe and strict', () => {
  it('ignores inherited members and refuses __proto__ keys in JSON text', () => {
    expect(() => parsePolicy('{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","__proto__":{"x":1}}]}')).toThrow(PolicyParseError)
    const proto = Object.create({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] })
    expect(() => parsePolicy(proto)).toThrow(PolicyParseError)
  })
  it('refuses bad Effect, both Action and NotAction, non-string values', () => {
    expect(() => doc({ Effect: 'allow', Action: '*', Resource: '*' })).toThrow(/Effect/)
    expect(() => doc({ Effect: 'Allow', Action: '*', NotAction: 's3:*', Resource: '*' })).toThrow(/Action or NotAction/)
    expect(() => doc({ Effect: 'Allow', Action: [{}], Resource: '*' })).toThrow(/Action/)
    expect(() => parsePolicy('not json')).toThrow(/invalid Json/)
  })
})

describe('API Gateway combination tables', () => {
  it('table A (same account): either allow is enough, any deny denies', () => {
    expect(tableA('Allow', 'implicit')).toBe('Allow')
    expect(tableA('implicit', 'Allow')).toBe('Allow')
    expect(tableA('implicit', 'implicit')).toBe('ImplicitDeny')
    expect(tableA('Allow', 'Deny')).toBe('ExplicitDeny')
    expect(tableA('Deny', 'Allow')).toBe('ExplicitDeny')
  })
  it('table B (cross-account): both must allow', () => {
    expect(tableB('Allow', 'Allow')).toBe('Allow')
    expect(tableB('Allow', 'implicit')).toBe('ImplicitDeny')
    expect(tableB('implicit', 'Allow')).toBe('ImplicitDeny')
    expect(iamAccess('Allow', undefined, false)).toBe('ImplicitDeny')
    expect(iamAccess('Allow', undefined, true)).toBe('Allow')
  })
  it('a resource policy alone needs an explicit allow', () => {
    expect(resourcePolicyOnly('implicit')).toBe('ImplicitDeny')
    expect(resourcePolicyOnly('Allow')).toBe('Allow')
  })
  it('words the denial as AWS does', () => {
    expect(notAuthorizedMessage('anonymous', 'execute-api:Invoke', ARN, 'ExplicitDeny')).toBe(`User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${ARN} with an explicit deny`)
  })
})
