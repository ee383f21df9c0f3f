/**
 * Cognito in CloudFormation (UserPool, UserPoolClient, UserPoolUser: GetAtt, FORCE_CHANGE_PASSWORD, properties it
 * does not emulate failing by name), and the token verifier of COGNITO_USER_POOLS authorizers against tokens the
 * service really issued.
 */
import {
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand, waitUntilStackCreateComplete } from '@aws-sdk/client-cloudformation'
import { describe, expect, it } from 'vitest'
import { verifyCognitoToken } from '../../src/cloud/authz/cognito-token.js'
import { cognitoIdpService } from '../../src/cloud/services/cognito-idp/index.js'
import { useTestCloud } from '../helpers/cloud.js'
import { startHarness } from '../helpers/service-harness.js'

let cfn: CloudFormationClient
let idp: CognitoIdentityProviderClient
useTestCloud((c) => {
  cfn = new CloudFormationClient(c.sdk)
  idp = new CognitoIdentityProviderClient(c.sdk)
})

const template = (poolProps: object = {}) => ({
  Resources: {
    Pool: { Type: 'AWS::Cognito::UserPool', Properties: { Policies: { PasswordPolicy: { MinimumLength: 10, RequireSymbols: false } }, AutoVerifiedAttributes: ['email'], ...poolProps } },
    Client: {
      Type: 'AWS::Cognito::UserPoolClient',
      Properties: { UserPoolId: { Ref: 'Pool' }, GenerateSecret: true, ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
    },
    Learner: { Type: 'AWS::Cognito::UserPoolUser', Properties: { UserPoolId: { Ref: 'Pool' }, Username: 'learner', UserAttributes: [{ Name: 'email', Value: 'learner@example.com' }] } },
  },
  Outputs: Object.fromEntries(
    [['PoolId', { Ref: 'Pool' }], ['Arn', { 'Fn::GetAtt': ['Pool', 'Arn'] }], ['ProviderName', { 'Fn::GetAtt': ['Pool', 'ProviderName'] }], ['ProviderURL', { 'Fn::GetAtt': ['Pool', 'ProviderURL'] }],
      ['UserPoolId', { 'Fn::GetAtt': ['Pool', 'UserPoolId'] }], ['ClientId', { Ref: 'Client' }], ['ClientSecret', { 'Fn::GetAtt': ['Client', 'ClientSecret'] }], ['User', { Ref: 'Learner' }]]
      .map(([k, v]) => [k, { Value: v }]),
  ),
})

async function deploy(name: string, body: object): Promise<{ status: string; reason?: string; outputs: Record<string, string> }> {
  await cfn.send(new CreateStackCommand({ StackName: name, TemplateBody: JSON.stringify(body) }))
  await waitUntilStackCreateComplete({ client: cfn, maxWaitTime: 60, minDelay: 0.1, maxDelay: 0.5 }, { StackName: name }).catch(() => {})
  const stack = (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks![0]
  return { status: stack.StackStatus!, reason: stack.StackStatusReason, outputs: Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue!])) }
}

describe('Cognito in CloudFormation', () => {
  it('creates the pool, a client with a secret and a user in FORCE_CHANGE_PASSWORD, with AWS GetAtt values', async () => {
    const { status, outputs } = await deploy('cognito-stack', template())
    expect(status).toBe('CREATE_COMPLETE')
    const poolId = outputs.PoolId
    expect(poolId).toMatch(/^us-east-1_/)
    expect(outputs).toMatchObject({
      Arn: `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${poolId}`,
      ProviderName: `cognito-idp.us-east-1.amazonaws.com/${poolId}`,
      ProviderURL: `https://cognito-idp.us-east-1.amazonaws.com/${poolId}`,
      UserPoolId: poolId,
      User: 'learner',
    })
    const { UserPoolClient } = await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: outputs.ClientId }))
    expect(outputs.ClientSecret).toBe(UserPoolClient!.ClientSecret)
    const user = await idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'learner' }))
    expect(user.UserStatus).toBe('FORCE_CHANGE_PASSWORD')
    // The template's password policy is the pool's.
    const weak = idp.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'learner', Password: 'Short1a', Permanent: true }))
    await expect(weak).rejects.toMatchObject({ name: 'InvalidPasswordException' })
    await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'learner', Password: 'longenough1A', Permanent: true }))
  })

  it('fails a property it does not emulate by name, never skipping it', async () => {
    const { status, reason } = await deploy('cognito-lambda', template({ LambdaConfig: { PreSignUp: 'arn:aws:lambda:us-east-1:000000000000:function:f' } }))
    expect(status).toMatch(/ROLLBACK_COMPLETE|CREATE_FAILED/)
    const { StackEvents } = await cfn.send(new (await import('@aws-sdk/client-cloudformation')).DescribeStackEventsCommand({ StackName: 'cognito-lambda' }))
    const failed = StackEvents!.find((e) => e.LogicalResourceId === 'Pool' && e.ResourceStatus === 'CREATE_FAILED')
    expect(`${reason} ${failed?.ResourceStatusReason}`).toMatch(/LambdaConfig/)
  })
})

describe('verifyCognitoToken against tokens the service issued', () => {
  it('accepts the ID token without scopes and refuses the access token there (and the reverse with scopes)', async () => {
    const harness = await startHarness([cognitoIdpService()])
    try {
      const { call } = harness.ctx
      const { UserPool } = await call('cognito-idp', 'CreateUserPool', { PoolName: 'verify' })
      const { UserPoolClient } = await call('cognito-idp', 'CreateUserPoolClient', { UserPoolId: UserPool.Id, ClientName: 'c', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })
      await call('cognito-idp', 'AdminCreateUser', { UserPoolId: UserPool.Id, Username: 'gina', MessageAction: 'SUPPRESS' })
      await call('cognito-idp', 'AdminSetUserPassword', { UserPoolId: UserPool.Id, Username: 'gina', Password: 'Correct-Horse-1', Permanent: true })
      const { AuthenticationResult: tokens } = await call('cognito-idp', 'AdminInitiateAuth', {
        UserPoolId: UserPool.Id, ClientId: UserPoolClient.ClientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'gina', PASSWORD: 'Correct-Horse-1' },
      })
      const userPoolArns = [UserPool.Arn]
      expect(await verifyCognitoToken(harness.ctx, { token: tokens.IdToken, userPoolArns })).toMatchObject({ tokenUse: 'id', claims: { 'cognito:username': 'gina' } })
      expect(await verifyCognitoToken(harness.ctx, { token: tokens.AccessToken, userPoolArns })).toMatchObject({ failure: expect.stringMatching(/ID token is required/) })
      const scopes = ['aws.cognito.signin.user.admin']
      expect(await verifyCognitoToken(harness.ctx, { token: tokens.AccessToken, userPoolArns, requiredScopes: scopes })).toMatchObject({ tokenUse: 'access' })
      expect(await verifyCognitoToken(harness.ctx, { token: tokens.IdToken, userPoolArns, requiredScopes: scopes })).toMatchObject({ failure: expect.stringMatching(/access token is required/) })
      // Deleting the app client makes its tokens unacceptable; deleting the pool, all of them.
      await call('cognito-idp', 'DeleteUserPoolClient', { UserPoolId: UserPool.Id, ClientId: UserPoolClient.ClientId })
      expect(await verifyCognitoToken(harness.ctx, { token: tokens.IdToken, userPoolArns })).toMatchObject({ failure: expect.stringMatching(/aud/) })
      await call('cognito-idp', 'DeleteUserPool', { UserPoolId: UserPool.Id })
      expect(await verifyCognitoToken(harness.ctx, { token: tokens.IdToken, userPoolArns })).toMatchObject({ failure: expect.stringMatching(/does not exist/) })
    } finally {
      await harness.stop()
    }
  })

  it('AdminInitiateAuth works against the stack’s client only with its SECRET_HASH', async () => {
    const { outputs } = await deploy('cognito-secret', template())
    const attempt = idp.send(new AdminInitiateAuthCommand({ UserPoolId: outputs.PoolId, ClientId: outputs.ClientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'learner', PASSWORD: 'whatever-1A' } }))
    await expect(attempt).rejects.toMatchObject({ name: 'NotAuthorizedException', message: expect.stringContaining('SECRET_HASH was not received') })
  })
})
