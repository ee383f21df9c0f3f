/**
 * @module Sign a user in to a lab stack's Cognito user pool with the user pool API (USER_PASSWORD_AUTH), the way an
 * app's sign-in form does: InitiateAuth, then RespondToAuthChallenge when Cognito asks for a new password
 * (NEW_PASSWORD_REQUIRED: a user an administrator created). Works on real AWS and on the local cloud alike.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
 */
import { createHmac } from 'node:crypto'
import { LabError } from '../runner/errors.js'
import { t } from '../ui/i18n.js'
import { withLabErrors } from './errors.js'
import type { Target } from './types.js'

export interface UserPoolIds {
  userPoolId: string
  clientId: string
  /** Only for app clients with a secret: every call then carries SECRET_HASH. */
  clientSecret?: string
}

export interface SignInRequest extends UserPoolIds {
  username: string
  password: string
  /** Asked only when Cognito answers NEW_PASSWORD_REQUIRED. */
  newPassword(): Promise<string>
}

export interface SignedInTokens {
  idToken: string
  accessToken: string
  refreshToken?: string
  /** seconds */
  expiresIn: number
  /** The user had to choose a new password on the way. */
  changedPassword: boolean
}

/** The stack outputs naming the pool and its app client: `UserPoolId` and `UserPoolClientId` (or one output ending so). */
export function userPoolIdsFrom(outputs: Record<string, string>): UserPoolIds | undefined {
  const pick = (exact: string, suffix: RegExp) => {
    if (outputs[exact]) return outputs[exact]
    const keys = Object.keys(outputs).filter((k) => suffix.test(k))
    return keys.length === 1 ? outputs[keys[0]] : undefined
  }
  const userPoolId = pick('UserPoolId', /UserPoolId$/)
  const clientId = pick('UserPoolClientId', /ClientId$/)
  if (!userPoolId || !clientId) return undefined
  return { userPoolId, clientId, clientSecret: pick('UserPoolClientSecret', /ClientSecret$/) }
}

const secretHash = (ids: UserPoolIds, username: string) =>
  ids.clientSecret ? createHmac('sha256', ids.clientSecret).update(username + ids.clientId).digest('base64') : undefined

export async function signInToUserPool(target: Target, request: SignInRequest): Promise<SignedInTokens> {
  const sdk = await import('@aws-sdk/client-cognito-identity-provider')
  const client = new sdk.CognitoIdentityProviderClient(target.clientConfig)
  return withLabErrors(target, async () => {
    let answer
    try {
      answer = await client.send(
        new sdk.InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: request.clientId,
          AuthParameters: { USERNAME: request.username, PASSWORD: request.password, ...(request.clientSecret ? { SECRET_HASH: secretHash(request, request.username)! } : {}) },
        }),
      )
    } catch (err) {
      // The lesson is AWS's own message; this says what to change in the template.
      if ((err as Error).name === 'InvalidParameterException' && /flow not enabled/.test((err as Error).message)) {
        throw new LabError(t('deploy.serviceError', { code: (err as Error).name, message: (err as Error).message }), [t('login.flowHint')])
      }
      throw err
    }
    let changedPassword = false
    if (answer.ChallengeName === 'NEW_PASSWORD_REQUIRED') {
      const username = answer.ChallengeParameters?.USER_ID_FOR_SRP ?? request.username
      const newPassword = await request.newPassword()
      answer = await client.send(
        new sdk.RespondToAuthChallengeCommand({
          ClientId: request.clientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: answer.Session,
          ChallengeResponses: { USERNAME: username, NEW_PASSWORD: newPassword, ...(request.clientSecret ? { SECRET_HASH: secretHash(request, username)! } : {}) },
        }),
      )
      changedPassword = true
    }
    if (answer.ChallengeName) throw new LabError(t('login.unsupportedChallenge', { challenge: answer.ChallengeName }))
    const result = answer.AuthenticationResult
    if (!result?.IdToken || !result.AccessToken) throw new LabError(t('login.noTokens'))
    return { idToken: result.IdToken, accessToken: result.AccessToken, refreshToken: result.RefreshToken, expiresIn: result.ExpiresIn ?? 3600, changedPassword }
  })
}
