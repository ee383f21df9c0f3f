import { describe, expect, it } from 'vitest'
import { checksOf, IAM_ENTITY_ARN, type GateTarget } from './api-resources.js'
import { s3Operation } from './api-resources-s3.js'

const t = (method = 'POST', path = '/'): GateTarget => ({
  region: 'us-east-1',
  account: '000000000000',
  caller: { arn: 'arn:aws:iam::000000000000:user/u', account: '000000000000', userId: 'AIDA', accessKeyId: 'AKIA' },
  method,
  path,
})
const pairs = (service: string, op: string, input: Record<string, unknown>, target = t()) => checksOf(service, op, input, target).map((c) => [c.action, c.resource])

describe('the IAM action and resource of each operation', () => {
  it('S3: operation names from the request, and the actions that differ from them', () => {
    const req = (method: string, query = '', headers: Record<string, string> = {}) => ({ method, query: new URLSearchParams(query), headers })
    expect(s3Operation(req('GET', 'list-type=2'), 'b', '')).toBe('ListObjectsV2')
    expect(s3Operation(req('HEAD'), 'b', 'k')).toBe('HeadObject')
    expect(s3Operation(req('DELETE', 'cors'), 'b', '')).toBe('DeleteBucketCors')
    expect(s3Operation(req('PUT', '', { 'x-amz-copy-source': '/src/a%20b' }), 'b', 'k')).toBe('CopyObject')
    expect(s3Operation(req('GET'), '', '')).toBe('ListBuckets')
    expect(pairs('s3', 'ListObjectsV2', { Bucket: 'b' })).toEqual([['s3:ListBucket', 'arn:aws:s3:::b']])
    expect(pairs('s3', 'HeadObject', { Bucket: 'b', Key: 'k/1' })).toEqual([['s3:GetObject', 'arn:aws:s3:::b/k/1']])
    expect(pairs('s3', 'GetObject', { Bucket: 'b', Key: 'k', VersionId: 'v1' })).toEqual([['s3:GetObjectVersion', 'arn:aws:s3:::b/k']])
    expect(pairs('s3', 'DeleteBucketCors', { Bucket: 'b' })).toEqual([['s3:PutBucketCORS', 'arn:aws:s3:::b']])
    expect(pairs('s3', 'CopyObject', { Bucket: 'b', Key: 'k', CopySource: '/src/a%20b' })).toEqual([['s3:PutObject', 'arn:aws:s3:::b/k'], ['s3:GetObject', 'arn:aws:s3:::src/a b']])
    expect(pairs('s3', 'ListBuckets', {})).toEqual([['s3:ListAllMyBuckets', '*']])
    expect(pairs('s3', 'PreflightRequest', {})).toEqual([])
  })

  it('Lambda: InvokeFunction, qualified ARNs from any form of the name, PassRole for a function given a role', () => {
    const fn = 'arn:aws:lambda:us-east-1:000000000000:function:f'
    expect(pairs('lambda', 'Invoke', { FunctionName: 'f' })).toEqual([['lambda:InvokeFunction', fn]])
    expect(pairs('lambda', 'GetFunction', { FunctionName: 'f:prod' })).toEqual([['lambda:GetFunction', `${fn}:prod`]])
    expect(pairs('lambda', 'GetFunction', { FunctionName: '000000000000:function:f', Qualifier: '1' })).toEqual([['lambda:GetFunction', `${fn}:1`]])
    expect(pairs('lambda', 'GetFunctionConfiguration', { FunctionName: fn })).toEqual([['lambda:GetFunctionConfiguration', fn]])
    expect(pairs('lambda', 'CreateFunction', { FunctionName: 'f', Role: 'arn:aws:iam::000000000000:role/r' })).toEqual([
      ['lambda:CreateFunction', fn],
      ['iam:PassRole', 'arn:aws:iam::000000000000:role/r'],
    ])
    expect(pairs('lambda', 'ListFunctions', {})).toEqual([['lambda:ListFunctions', '*']])
  })

  it('DynamoDB: tables, indexes and each table of a batch or transaction with its own action', () => {
    const table = (n: string) => `arn:aws:dynamodb:us-east-1:000000000000:table/${n}`
    expect(pairs('dynamodb', 'Query', { TableName: 'a', IndexName: 'i' })).toEqual([['dynamodb:Query', `${table('a')}/index/i`]])
    expect(pairs('dynamodb', 'TransactWriteItems', { TransactItems: [{ Put: { TableName: 'a' } }, { ConditionCheck: { TableName: 'b' } }] })).toEqual([
      ['dynamodb:PutItem', table('a')],
      ['dynamodb:ConditionCheckItem', table('b')],
    ])
    expect(pairs('dynamodb', 'ListTables', {})).toEqual([['dynamodb:ListTables', '*']])
  })

  it('Logs, CloudFormation, IAM, API Gateway (verbs on paths, v1 and v2), Cognito and the tagging API', () => {
    expect(pairs('logs', 'PutLogEvents', { logGroupName: '/aws/lambda/f', logStreamName: 's' })).toEqual([['logs:PutLogEvents', 'arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/f:log-stream:s']])
    expect(pairs('cloudformation', 'CreateStack', { StackName: 's' })).toEqual([['cloudformation:CreateStack', 'arn:aws:cloudformation:us-east-1:000000000000:stack/s/*']])
    expect(pairs('cloudformation', 'ListStacks', {})).toEqual([['cloudformation:ListStacks', 'arn:aws:cloudformation:us-east-1:000000000000:stack/*/*']])
    expect(pairs('iam', 'ListAccessKeys', {})).toEqual([['iam:ListAccessKeys', 'arn:aws:iam::000000000000:user/u']])
    expect(pairs('iam', 'AttachRolePolicy', { RoleName: 'r', PolicyArn: 'p' })).toEqual([['iam:AttachRolePolicy', 'arn:aws:iam::000000000000:role/r']])
    // The role's path comes only from IAM's wire (a symbol), never from a member a caller could send.
    const pathed = 'arn:aws:iam::000000000000:role/service-role/r'
    expect(pairs('iam', 'GetRole', { RoleName: 'r', [IAM_ENTITY_ARN]: pathed } as Record<string, unknown>)).toEqual([['iam:GetRole', pathed]])
    expect(pairs('iam', 'GetRole', { RoleName: 'r', IAM_ENTITY_ARN: pathed, RoleArn: pathed })).toEqual([['iam:GetRole', 'arn:aws:iam::000000000000:role/r']])
    expect(pairs('apigateway', 'GetRestApis', {}, t('GET', '/restapis'))).toEqual([['apigateway:GET', 'arn:aws:apigateway:us-east-1::/restapis']])
    expect(pairs('apigatewayv2', 'CreateRoute', {}, t('POST', '/v2/apis/a1/routes'))).toEqual([['apigateway:POST', 'arn:aws:apigateway:us-east-1::/apis/a1/routes']])
    expect(pairs('cognito-idp', 'AdminCreateUser', { UserPoolId: 'us-east-1_x' })).toEqual([['cognito-idp:AdminCreateUser', 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_x']])
    expect(pairs('cognito-idp', 'InitiateAuth', { ClientId: 'c' })).toEqual([])
    expect(pairs('tagging', 'GetResources', {})).toEqual([['tag:GetResources', '*']])
  })

  it('fails closed for a service it has no map for', () => {
    expect(() => checksOf('sqs', 'SendMessage', {}, t())).toThrow('no IAM resource map')
  })
})
