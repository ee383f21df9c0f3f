/**
 * The AWS CLI v2 against the local cloud, unchanged but for --endpoint-url: real clients are the point.
 * Uses /usr/bin/aws (Debian's awscli, v2) because a pip-installed v1 may shadow `aws` on PATH.
 */
import { execa } from 'execa'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { labCloudEnv, type TestCloud, useTestCloud } from '../helpers/cloud.js'

/** The first AWS CLI v2 found: $LAB_AWS_CLI, Debian's /usr/bin/aws, then `aws` on PATH. */
async function findAwsCliV2(): Promise<string | undefined> {
  for (const candidate of [process.env.LAB_AWS_CLI, '/usr/bin/aws', 'aws']) {
    if (!candidate) continue
    const version = await execa(candidate, ['--version'], { reject: false })
    if (version.exitCode === 0 && /^aws-cli\/2\./.test(version.stdout.trim())) return candidate
  }
  return undefined
}

let cloud: TestCloud
let aws: string | undefined
let home: string
let labEnv: Record<string, string>
useTestCloud(async (c) => {
  cloud = c
  aws = await findAwsCliV2()
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-awscli-'))
  labEnv = await labCloudEnv(cloud)
})

/** Runs `aws …`; JSON output is parsed, anything else (the high-level `aws s3` commands print text) returned as is. */
async function cli(...args: string[]): Promise<any> {
  if (!aws) throw new Error('AWS CLI v2 is not installed (Debian package awscli, /usr/bin/aws). Run .ci/run to install what the tests need.')
  const result = await execa(aws, ['--endpoint-url', cloud.endpoint, '--output', 'json', ...args], {
    reject: false,
    extendEnv: false,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      // What `lab cloud env` prints (AWS_ENDPOINT_URL aside: the CLI here predates v2.13, hence --endpoint-url).
      AWS_ACCESS_KEY_ID: labEnv.AWS_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: labEnv.AWS_SECRET_ACCESS_KEY,
      AWS_DEFAULT_REGION: labEnv.AWS_REGION,
      AWS_CONFIG_FILE: path.join(home, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'no-credentials'),
      AWS_PAGER: '',
    },
  })
  if (result.exitCode !== 0) throw Object.assign(new Error(`aws ${args.join(' ')} failed (${result.exitCode}): ${result.stderr}`), { stderr: result.stderr, exitCode: result.exitCode })
  const out = result.stdout.trim()
  if (!out) return undefined
  try {
    return JSON.parse(out)
  } catch {
    return out
  }
}

describe('AWS CLI v2 against the local cloud', { timeout: 180_000 }, () => {
  it('is installed as v2', () => {
    expect(aws, 'AWS CLI v2 is not installed (Debian package awscli, /usr/bin/aws). Run .ci/run to install what the tests need.').toBeTruthy()
  })

  it('sts get-caller-identity', async () => {
    expect(await cli('sts', 'get-caller-identity')).toMatchObject({ Account: '000000000000' })
  })

  it('dynamodb create-table, put-item, get-item, and an error with its code', async () => {
    const created = await cli('dynamodb', 'create-table', '--table-name', 'CliNotes',
      '--attribute-definitions', 'AttributeName=id,AttributeType=S', '--key-schema', 'AttributeName=id,KeyType=HASH',
      '--billing-mode', 'PAY_PER_REQUEST')
    expect(created.TableDescription.TableArn).toBe('arn:aws:dynamodb:us-east-1:000000000000:table/CliNotes')
    await cli('dynamodb', 'wait', 'table-exists', '--table-name', 'CliNotes')
    await cli('dynamodb', 'put-item', '--table-name', 'CliNotes', '--item', JSON.stringify({ id: { S: 'n1' }, body: { S: 'from the CLI' } }))
    const got = await cli('dynamodb', 'get-item', '--table-name', 'CliNotes', '--key', JSON.stringify({ id: { S: 'n1' } }))
    expect(got.Item).toEqual({ id: { S: 'n1' }, body: { S: 'from the CLI' } })
    const err = await cli('dynamodb', 'describe-table', '--table-name', 'Missing').catch((e) => e)
    expect(err.stderr).toContain('ResourceNotFoundException')
  })

  it('iam create-role and get-role (policy document decoded by the CLI)', async () => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }
    const created = await cli('iam', 'create-role', '--role-name', 'cli-role', '--assume-role-policy-document', JSON.stringify(trust))
    expect(created.Role.Arn).toBe('arn:aws:iam::000000000000:role/cli-role')
    const got = await cli('iam', 'get-role', '--role-name', 'cli-role')
    // The CLI URL-decodes IAM's policy documents and prints them as JSON.
    expect(got.Role.AssumeRolePolicyDocument).toEqual(trust)
    const dup = await cli('iam', 'create-role', '--role-name', 'cli-role', '--assume-role-policy-document', JSON.stringify(trust)).catch((e) => e)
    expect(dup.stderr).toContain('EntityAlreadyExists')
  })

  it('logs create-log-group and describe-log-groups', async () => {
    await cli('logs', 'create-log-group', '--log-group-name', '/cli/group')
    await cli('logs', 'put-retention-policy', '--log-group-name', '/cli/group', '--retention-in-days', '5')
    const described = await cli('logs', 'describe-log-groups', '--log-group-name-prefix', '/cli/')
    expect(described.logGroups.map((g: any) => [g.logGroupName, g.retentionInDays])).toEqual([['/cli/group', 5]])
    await cli('logs', 'create-log-stream', '--log-group-name', '/cli/group', '--log-stream-name', 's1')
    const events = JSON.stringify([{ timestamp: Date.now() - 1000, message: 'first line' }, { timestamp: Date.now(), message: 'second line' }])
    await cli('logs', 'put-log-events', '--log-group-name', '/cli/group', '--log-stream-name', 's1', '--log-events', events)
    // What learners run to see a function's logs.
    const tail = await cli('logs', 'tail', '/cli/group', '--since', '1h', '--format', 'short')
    expect(tail).toMatch(/first line\n.*second line$/)
  })

  it('resourcegroupstaggingapi get-resources', async () => {
    await cli('logs', 'create-log-group', '--log-group-name', '/cli/tagged', '--tags', 'lab=cli')
    const found = await cli('resourcegroupstaggingapi', 'get-resources', '--tag-filters', 'Key=lab,Values=cli')
    expect(found.ResourceTagMappingList.map((m: any) => m.ResourceARN)).toEqual(['arn:aws:logs:us-east-1:000000000000:log-group:/cli/tagged'])
  })

  it('apigatewayv2 create-api, get-apis, create-route, and an error with its code [apigatewayv2]', async () => {
    const api = await cli('apigatewayv2', 'create-api', '--name', 'cli-ws', '--protocol-type', 'WEBSOCKET', '--route-selection-expression', '$request.body.action')
    expect(api.ApiEndpoint).toBe(`wss://${api.ApiId}.execute-api.us-east-1.amazonaws.com`)
    const apis = await cli('apigatewayv2', 'get-apis')
    expect(apis.Items.map((a: { ApiId: string }) => a.ApiId)).toContain(api.ApiId)
    const route = await cli('apigatewayv2', 'create-route', '--api-id', api.ApiId, '--route-key', 'sendmessage')
    expect(route.RouteKey).toBe('sendmessage')
    const err = await cli('apigatewayv2', 'get-api', '--api-id', 'nosuchapi1').catch((e) => e)
    expect(err.stderr).toContain('NotFoundException')
    // The v1 REST service still answers its own paths on the same signing name.
    expect(Array.isArray((await cli('apigateway', 'get-rest-apis')).items)).toBe(true)
  })

  it('s3 mb, cp up and down, ls [s3]', async () => {
    const file = path.join(home, 'hello.txt')
    fs.writeFileSync(file, 'hello from the AWS CLI\n')
    expect(await cli('s3', 'mb', 's3://cli-bucket')).toBe('make_bucket: cli-bucket')
    expect(await cli('s3', 'cp', file, 's3://cli-bucket/docs/hello.txt')).toMatch(/upload: .*hello\.txt to s3:\/\/cli-bucket\/docs\/hello\.txt/)
    const back = path.join(home, 'back.txt')
    await cli('s3', 'cp', 's3://cli-bucket/docs/hello.txt', back)
    expect(await cli('s3', 'ls', 's3://cli-bucket/docs/')).toMatch(/\s23 hello\.txt$/)
    expect(fs.readFileSync(back, 'utf8')).toBe('hello from the AWS CLI\n')
    const listed = await cli('s3api', 'list-objects-v2', '--bucket', 'cli-bucket')
    expect(listed.Contents.map((o: any) => o.Key)).toEqual(['docs/hello.txt'])
  })

  it('cloudformation deploy, describe-stacks, delete-stack [cloudformation]', async () => {
    const file = path.join(home, 'template.yaml')
    fs.writeFileSync(file, [
      'Parameters:',
      '  Retention:',
      '    Type: Number',
      '    Default: 7',
      'Resources:',
      '  Table:',
      '    Type: AWS::DynamoDB::Table',
      '    Properties:',
      '      BillingMode: PAY_PER_REQUEST',
      '      KeySchema: [{ AttributeName: id, KeyType: HASH }]',
      '      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]',
      '  Logs:',
      '    Type: AWS::Logs::LogGroup',
      '    Properties:',
      '      RetentionInDays: !Ref Retention',
      'Outputs:',
      '  TableName:',
      '    Value: !Ref Table',
      '',
    ].join('\n'))
    const deployed = await cli('cloudformation', 'deploy', '--template-file', file, '--stack-name', 'cli-stack', '--parameter-overrides', 'Retention=14', '--tags', 'lab=cli')
    expect(deployed).toMatch(/Successfully created\/updated stack - cli-stack/)
    const { Stacks } = await cli('cloudformation', 'describe-stacks', '--stack-name', 'cli-stack')
    expect(Stacks[0].StackStatus).toBe('CREATE_COMPLETE')
    const tableName = Stacks[0].Outputs.find((o: any) => o.OutputKey === 'TableName').OutputValue
    expect((await cli('dynamodb', 'describe-table', '--table-name', tableName)).Table.TableStatus).toBe('ACTIVE')
    const again = await cli('cloudformation', 'deploy', '--template-file', file, '--stack-name', 'cli-stack', '--parameter-overrides', 'Retention=14', '--tags', 'lab=cli')
    expect(again).toMatch(/No changes to deploy/)
    await cli('cloudformation', 'delete-stack', '--stack-name', 'cli-stack')
    // (The CLI's stack-delete-complete waiter sleeps 30 s between polls; poll describe-stacks instead.)
    for (let attempt = 0; attempt < 30; attempt++) {
      const polled = await cli('cloudformation', 'describe-stacks', '--stack-name', 'cli-stack').catch((e) => e)
      if (polled instanceof Error) {
        expect(polled.stderr).toMatch(/does not exist/)
        break
      }
      if (polled.Stacks[0].StackStatus === 'DELETE_COMPLETE') break
      expect(polled.Stacks[0].StackStatus).toBe('DELETE_IN_PROGRESS')
    }
    const left = await cli('resourcegroupstaggingapi', 'get-resources', '--tag-filters', 'Key=aws:cloudformation:stack-name,Values=cli-stack')
    expect(left.ResourceTagMappingList).toEqual([])
  })
  it('cognito-idp: a pool, a client, admin-create-user, admin-set-user-password, initiate-auth (unsigned, as the CLI sends it)', async () => {
    const pool = (await cli('cognito-idp', 'create-user-pool', '--pool-name', 'cli-pool')).UserPool.Id
    const client = (await cli('cognito-idp', 'create-user-pool-client', '--user-pool-id', pool, '--client-name', 'cli', '--explicit-auth-flows', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH')).UserPoolClient.ClientId
    await cli('cognito-idp', 'admin-create-user', '--user-pool-id', pool, '--username', 'cli-user', '--message-action', 'SUPPRESS')
    await cli('cognito-idp', 'admin-set-user-password', '--user-pool-id', pool, '--username', 'cli-user', '--password', 'Correct-Horse-1', '--permanent')
    const signedIn = await cli('cognito-idp', 'initiate-auth', '--client-id', client, '--auth-flow', 'USER_PASSWORD_AUTH', '--auth-parameters', 'USERNAME=cli-user,PASSWORD=Correct-Horse-1')
    expect(signedIn.AuthenticationResult.TokenType).toBe('Bearer')
    const err = await cli('cognito-idp', 'initiate-auth', '--client-id', client, '--auth-flow', 'USER_PASSWORD_AUTH', '--auth-parameters', 'USERNAME=cli-user,PASSWORD=Wrong-Horse-1').catch((e) => e)
    expect(err.stderr).toContain('(NotAuthorizedException) when calling the InitiateAuth operation: Incorrect username or password.')
  })
})
