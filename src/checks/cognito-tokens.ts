/**
 * @module Tokens of a Cognito user pool's user for checks that call a method with `COGNITO_USER_POOLS`
 * authorization: `InitiateAuth` (USER_PASSWORD_AUTH) with the password the lab declares; when the user has
 * no such password yet (a new user, or the learner changed it), `AdminSetUserPassword` sets it first with the
 * target's credentials (the learner's own, as for deploying). Raw JSON 1.1 calls, as any SDK sends them.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminSetUserPassword.html
 */
import { signRequest, type CredentialSource } from './sigv4-sign.js'

export interface CognitoLogin {
  userPoolId: string
  clientId: string
  username: string
  password: string
}

export interface CognitoAccess {
  region: string
  /** The local cloud or another endpoint; undefined for AWS. */
  endpoint?: string
  credentials: CredentialSource
  fetch: typeof fetch
}

export interface UserPoolTokens {
  idToken: string
  accessToken: string
}

/** An error answer from Cognito, in its own words (`NotAuthorizedException: Incorrect username or password.`). */
export class CognitoCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`)
  }
}

function cognitoUrl(access: CognitoAccess): URL {
  return new URL(access.endpoint ?? `https://cognito-idp.${access.region}.amazonaws.com/`)
}

async function call(access: CognitoAccess, operation: string, input: object, signed: boolean): Promise<any> {
  const url = cognitoUrl(access)
  const body = JSON.stringify(input)
  const headers: [string, string][] = [
    ['content-type', 'application/x-amz-json-1.1'],
    ['x-amz-target', `AWSCognitoIdentityProviderService.${operation}`],
  ]
  const sent = signed
    ? (await signRequest({ url, method: 'POST', headers, body, region: access.region, service: 'cognito-idp', credentials: access.credentials })).headers
    : Object.fromEntries(headers)
  const response = await access.fetch(url, { method: 'POST', headers: sent, body })
  const text = await response.text()
  let data: any
  try {
    data = text ? JSON.parse(text) : {}
  } catch {
    throw new CognitoCallError(`HTTP ${response.status}`, text.slice(0, 200))
  }
  if (!response.ok) {
    const code = String(data.__type ?? `HTTP ${response.status}`).split('#').pop()!
    throw new CognitoCallError(code, String(data.message ?? data.Message ?? ''))
  }
  return data
}

async function initiateAuth(access: CognitoAccess, login: CognitoLogin): Promise<any> {
  return call(access, 'InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: login.clientId, AuthParameters: { USERNAME: login.username, PASSWORD: login.password } }, false)
}

/** Sign the user in with the declared password (setting it first if it is not the user's password yet). */
export async function userPoolTokens(access: CognitoAccess, login: CognitoLogin): Promise<UserPoolTokens> {
  let result: any
  try {
    result = await initiateAuth(access, login)
  } catch (error) {
    // A user made by CloudFormation has a temporary password nobody knows; a changed password is not ours.
    if (!(error instanceof CognitoCallError) || !['NotAuthorizedException', 'PasswordResetRequiredException', 'UserNotConfirmedException'].includes(error.code)) throw error
    await call(access, 'AdminSetUserPassword', { UserPoolId: login.userPoolId, Username: login.username, Password: login.password, Permanent: true }, true)
    result = await initiateAuth(access, login)
  }
  const tokens = result?.AuthenticationResult
  if (!tokens?.IdToken || !tokens?.AccessToken) {
    throw new CognitoCallError(String(result?.ChallengeName ?? 'NoTokens'), 'the sign-in did not return tokens')
  }
  return { idToken: tokens.IdToken, accessToken: tokens.AccessToken }
}
