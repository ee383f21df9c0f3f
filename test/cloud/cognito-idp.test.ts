/**
 * Cognito user pools through SDK v3, against the running local cloud: every operation and its errors, in
 * Cognito's codes and words.
 */
import { createHmac } from 'node:crypto'
import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolClientCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { useTestCloud } from '../helpers/cloud.js'
import { failure as failed } from '../helpers/failure.js'

let idp: CognitoIdentityProviderClient
const logLines: string[] = []
let poolId: string
let clientId: string
const PASSWORD = 'Correct-Horse-1'

useTestCloud(
  async (cloud) => {
    idp = new CognitoIdentityProviderClient(cloud.sdk)
    const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: 'lab-pool', AutoVerifiedAttributes: ['email'] }))
    poolId = UserPool!.Id!
    const { UserPoolClient } = await idp.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
    )
    clientId = UserPoolClient!.ClientId!
  },
  undefined,
  { log: (line) => logLines.push(line) },
)

/** The AWS error an SDK call fails with: its code, message and HTTP status. */
async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  const err = await failed(promise)
  return { name: err.name, message: err.message, status: err.$metadata.httpStatusCode }
}

const signIn = (username: string, password: string, client = clientId) =>
  idp.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: client, AuthParameters: { USERNAME: username, PASSWORD: password } }))

describe('user pools and app clients', () => {
  it('CreateUserPool gives a region-prefixed id, an ARN and the default password policy; Describe returns them', async () => {
    expect(poolId).toMatch(/^us-east-1_[0-9A-Za-z]{9}$/)
    const { UserPool } = await idp.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))
    expect(UserPool).toMatchObject({ Id: poolId, Name: 'lab-pool', Arn: `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${poolId}` })
    expect(UserPool!.Policies!.PasswordPolicy).toMatchObject({ MinimumLength: 8, RequireSymbols: true, TemporaryPasswordValidityDays: 7 })
    expect(UserPool!.CreationDate).toBeInstanceOf(Date)
  })

  it('refuses what it does not emulate, by name', async () => {
    const err = await failure(idp.send(new CreateUserPoolCommand({ PoolName: 'p', LambdaConfig: { PreSignUp: 'arn:aws:lambda:us-east-1:000000000000:function:f' } })))
    expect(err).toMatchObject({ name: 'InvalidParameterException', message: expect.stringMatching(/LambdaConfig is not implemented/) })
  })

  it('app clients: default flows and validity, a secret when asked, ResourceNotFoundException when gone', async () => {
    const { UserPoolClient } = await idp.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'plain' }))
    expect(UserPoolClient).toMatchObject({ ExplicitAuthFlows: expect.arrayContaining(['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH']), RefreshTokenValidity: 30 })
    expect(UserPoolClient!.ClientSecret).toBeUndefined()
    const secret = await idp.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'server', GenerateSecret: true, AccessTokenValidity: 10, TokenValidityUnits: { AccessToken: 'minutes' } }))
    expect(secret.UserPoolClient!.ClientSecret).toMatch(/^[a-z0-9]{51}$/)
    const described = await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: secret.UserPoolClient!.ClientId }))
    expect(described.UserPoolClient).toMatchObject({ AccessTokenValidity: 10, TokenValidityUnits: { AccessToken: 'minutes' } })
    await idp.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: UserPoolClient!.ClientId }))
    expect(await failure(idp.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: UserPoolClient!.ClientId })))).toMatchObject({
      name: 'ResourceNotFoundException',
      message: `User pool client ${UserPoolClient!.ClientId} does not exist.`,
    })
    const tooLong = await failure(idp.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'x', IdTokenValidity: 2, TokenValidityUnits: { IdToken: 'days' } })))
    expect(tooLong.name).toBe('InvalidParameterException')
  })

  it('DeleteUserPool, then the pool is gone', async () => {
    const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: 'short-lived' }))
    await idp.send(new DeleteUserPoolCommand({ UserPoolId: UserPool!.Id }))
    expect(await failure(idp.send(new DescribeUserPoolCommand({ UserPoolId: UserPool!.Id })))).toMatchObject({ name: 'ResourceNotFoundException', message: `User pool ${UserPool!.Id} does not exist.` })
  })
})

describe('users and sign-in', () => {
  it('AdminCreateUser → FORCE_CHANGE_PASSWORD → NEW_PASSWORD_REQUIRED → tokens', async () => {
    const { User } = await idp.send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'alice', TemporaryPassword: 'Temp-Pass-1', UserAttributes: [{ Name: 'email', Value: 'alice@example.com' }], MessageAction: 'SUPPRESS' }),
    )
    expect(User).toMatchObject({ Username: 'alice', UserStatus: 'FORCE_CHANGE_PASSWORD', Enabled: true })
    const first = await signIn('alice', 'Temp-Pass-1')
    expect(first.ChallengeName).toBe('NEW_PASSWORD_REQUIRED')
    expect(JSON.parse(first.ChallengeParameters!.userAttributes)).toMatchObject({ email: 'alice@example.com' })
    const weak = await failure(idp.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: first.Session, ChallengeResponses: { USERNAME: 'alice', NEW_PASSWORD: 'short' } })))
    expect(weak).toMatchObject({ name: 'InvalidPasswordException', message: 'Password does not conform to policy: Password not long enough' })
    const answered = await idp.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: first.Session, ChallengeResponses: { USERNAME: 'alice', NEW_PASSWORD: PASSWORD } }))
    expect(answered.AuthenticationResult).toMatchObject({ TokenType: 'Bearer', ExpiresIn: 3600 })
    const again = await failure(idp.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: first.Session, ChallengeResponses: { USERNAME: 'alice', NEW_PASSWORD: PASSWORD } })))
    expect(again).toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid session for the user.' })
    expect((await idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'alice' }))).UserStatus).toBe('CONFIRMED')
  })

  it('the tokens carry Cognito’s claims', async () => {
    const { AuthenticationResult: tokens } = await signIn('alice', PASSWORD)
    const id = decodeJwt(tokens!.IdToken!)
    const access = decodeJwt(tokens!.AccessToken!)
    const iss = `https://cognito-idp.us-east-1.amazonaws.com/${poolId}`
    expect(id).toMatchObject({ token_use: 'id', aud: clientId, 'cognito:username': 'alice', email: 'alice@example.com', iss })
    for (const claim of ['sub', 'auth_time', 'exp', 'iat', 'jti', 'origin_jti', 'event_id']) expect(id[claim]).toBeDefined()
    expect(access).toMatchObject({ token_use: 'access', client_id: clientId, scope: 'aws.cognito.signin.user.admin', username: 'alice', iss, sub: id.sub })
    expect(access.aud).toBeUndefined()
    expect(tokens!.RefreshToken).toBeTruthy()
  })

  it('wrong password, unknown user (LEGACY vs PreventUserExistenceErrors), disabled flow', async () => {
    expect(await failure(signIn('alice', 'Wrong-Pass-1'))).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.', status: 400 })
    expect(await failure(signIn('nobody', PASSWORD))).toMatchObject({ name: 'UserNotFoundException', message: 'User does not exist.' })
    const { UserPoolClient } = await idp.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'prevent', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], PreventUserExistenceErrors: 'ENABLED' }))
    expect(await failure(signIn('nobody', PASSWORD, UserPoolClient!.ClientId))).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' })
    const { UserPoolClient: srpOnly } = await idp.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'srp' }))
    expect(await failure(signIn('alice', PASSWORD, srpOnly!.ClientId))).toMatchObject({ name: 'InvalidParameterException', message: 'USER_PASSWORD_AUTH flow not enabled for this client' })
    const admin = await failure(idp.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: srpOnly!.ClientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD } })))
    expect(admin).toMatchObject({ name: 'InvalidParameterException', message: 'Auth flow not enabled for this client' })
  })

  it('AdminInitiateAuth, REFRESH_TOKEN_AUTH (same sign-in, no new refresh token), GetUser with the access token', async () => {
    const { AuthenticationResult: first } = await idp.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD } }))
    const refreshed = await idp.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: first!.RefreshToken! } }))
    expect(refreshed.AuthenticationResult!.RefreshToken).toBeUndefined()
    expect(decodeJwt(refreshed.AuthenticationResult!.IdToken!).origin_jti).toBe(decodeJwt(first!.IdToken!).origin_jti)
    expect(await failure(idp.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: 'forged' } })))).toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Refresh Token' })
    const me = await idp.send(new GetUserCommand({ AccessToken: refreshed.AuthenticationResult!.AccessToken }))
    expect(me).toMatchObject({ Username: 'alice', UserAttributes: expect.arrayContaining([{ Name: 'email', Value: 'alice@example.com' }]) })
    expect(await failure(idp.send(new GetUserCommand({ AccessToken: first!.IdToken })))).toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Access Token' })
  })

  it('SignUp → UserNotConfirmedException → ConfirmSignUp with the code from the cloud log', async () => {
    const { UserConfirmed, UserSub, CodeDeliveryDetails } = await idp.send(new SignUpCommand({ ClientId: clientId, Username: 'bob', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'bob@example.com' }] }))
    expect(UserConfirmed).toBe(false)
    expect(UserSub).toMatch(/^[0-9a-f-]{36}$/)
    expect(CodeDeliveryDetails).toMatchObject({ DeliveryMedium: 'EMAIL', AttributeName: 'email', Destination: 'b***@e***' })
    expect(await failure(signIn('bob', PASSWORD))).toMatchObject({ name: 'UserNotConfirmedException', message: 'User is not confirmed.' })
    const line = logLines.find((l) => l.includes('confirmation code for user "bob"'))!
    const code = /is (\d{6})$/.exec(line)![1]
    expect(logLines.join('\n')).not.toContain(PASSWORD) // passwords never reach the log
    expect(await failure(idp.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'bob', ConfirmationCode: code === '000000' ? '111111' : '000000' })))).toMatchObject({
      name: 'CodeMismatchException',
      message: 'Invalid verification code provided, please try again.',
    })
    await idp.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'bob', ConfirmationCode: code }))
    expect(await failure(idp.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'bob', ConfirmationCode: code })))).toMatchObject({ name: 'NotAuthorizedException', message: 'User cannot be confirmed. Current status is CONFIRMED' })
    const bob = await idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'bob' }))
    expect(bob.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'true' })
    expect((await signIn('bob', PASSWORD)).AuthenticationResult).toBeDefined()
    expect(await failure(idp.send(new SignUpCommand({ ClientId: clientId, Username: 'bob', Password: PASSWORD })))).toMatchObject({ name: 'UsernameExistsException', message: 'User already exists' })
  })

  it('the password policy, in Cognito’s words for each operation', async () => {
    const cases: [string, string][] = [
      ['Abcdef1!', 'ok'],
      ['Ab1!', 'Password not long enough'],
      ['ABCDEFG1!', 'Password must have lowercase characters'],
      ['abcdefg1!', 'Password must have uppercase characters'],
      ['Abcdefgh!', 'Password must have numeric characters'],
      ['Abcdefgh1', 'Password must have symbol characters'],
    ]
    for (const [password, rule] of cases) {
      const signUp = idp.send(new SignUpCommand({ ClientId: clientId, Username: `p-${password}`, Password: password }))
      if (rule === 'ok') {
        await signUp
        continue
      }
      expect(await failure(signUp)).toMatchObject({ name: 'InvalidPasswordException', message: `Password did not conform with policy: ${rule}` })
      const create = idp.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: `c-${password}`, TemporaryPassword: password, MessageAction: 'SUPPRESS' }))
      expect(await failure(create)).toMatchObject({ name: 'InvalidPasswordException', message: `Password did not conform with password policy: ${rule}` })
      const set = idp.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'alice', Password: password, Permanent: true }))
      expect(await failure(set)).toMatchObject({ name: 'InvalidPasswordException', message: `Password does not conform to policy: ${rule}` })
    }
  })

  it('AdminSetUserPassword Permanent and AdminConfirmSignUp confirm; ListUsers filters', async () => {
    await idp.send(new SignUpCommand({ ClientId: clientId, Username: 'carol', Password: PASSWORD }))
    await idp.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'carol' }))
    expect((await signIn('carol', PASSWORD)).AuthenticationResult).toBeDefined()
    await idp.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'dave', TemporaryPassword: 'Temp-Pass-1', MessageAction: 'SUPPRESS' }))
    await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'dave', Password: PASSWORD, Permanent: true }))
    expect((await signIn('dave', PASSWORD)).AuthenticationResult).toBeDefined()
    const { Users } = await idp.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'username = "dave"' }))
    expect(Users!.map((u) => [u.Username, u.UserStatus])).toEqual([['dave', 'CONFIRMED']])
    expect(await failure(idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ghost' })))).toMatchObject({ name: 'UserNotFoundException', message: 'User does not exist.' })
  })

  it('AdminCreateUser without a temporary password: the invitation is in the cloud log, and its password signs in', async () => {
    await idp.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'invited', UserAttributes: [{ Name: 'email', Value: 'invited@example.com' }] }))
    const line = logLines.find((l) => l.includes('invitation for user "invited"'))!
    expect(line).toContain('(to i***@e***)')
    const temporary = /temporary password (\S+)$/.exec(line)![1]
    expect((await signIn('invited', temporary)).ChallengeName).toBe('NEW_PASSWORD_REQUIRED')
  })

  it('a client with a secret wants SECRET_HASH', async () => {
    const { UserPoolClient } = await idp.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'secret', GenerateSecret: true, ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))
    const { ClientId, ClientSecret } = UserPoolClient!
    expect(await failure(signIn('alice', PASSWORD, ClientId))).toMatchObject({ name: 'NotAuthorizedException', message: `Client ${ClientId} is configured with secret but SECRET_HASH was not received` })
    const hash = (secret: string) => createHmac('sha256', secret).update(`alice${ClientId}`).digest('base64')
    const wrong = idp.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId, AuthParameters: { USERNAME: 'alice', PASSWORD, SECRET_HASH: hash('not-the-secret') } }))
    expect(await failure(wrong)).toMatchObject({ name: 'NotAuthorizedException', message: `Unable to verify secret hash for client ${ClientId}` })
    const right = await idp.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId, AuthParameters: { USERNAME: 'alice', PASSWORD, SECRET_HASH: hash(ClientSecret!) } }))
    expect(right.AuthenticationResult?.IdToken).toBeTruthy()
  })
})
