/**
 * @module Users of a pool: AdminCreateUser (temporary password → FORCE_CHANGE_PASSWORD), AdminSetUserPassword,
 * SignUp/ConfirmSignUp/AdminConfirmSignUp, AdminGetUser, ListUsers, AdminDeleteUser.
 * No email or SMS leaves the local cloud: what Cognito would deliver (SignUp's confirmation code, a generated
 * temporary password) is written to the cloud's log instead, one line per message: the terminal of `lab cloud start`,
 * or `LAB_HOME/cloud/cloud.log` for a detached cloud (`grep 'confirmation code' ~/.apigw-labs/cloud/cloud.log`).
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminCreateUser.html
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignUp.html
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { AwsError } from '../../core/aws-error.js'
import { setOwn } from '../../core/safe-names.js'
import type { ApiOperation, CloudContext } from '../../core/types.js'
import type { CognitoState, StoredPool, StoredUser } from './model.js'
import { checkPassword, confirmationCode, hashSecret, secretMatches } from './passwords.js'
import { SignInLockout, unknownUserKey } from './lockout.js'
import { STANDARD_ATTRIBUTES } from './pools.js'
import { attributeList, checkSecretHash, epochSeconds, findClient, invalidParameter, notAuthorized, optionalString, poolOf, refuseUnsupported, required } from './validate.js'

const CODE_VALIDITY_MS = 24 * 3600 * 1000
const EMAIL = /^[^\s@]+@[^\s@]+$/
const PHONE = /^\+[0-9]{4,15}$/

/**
 * The most users the local cloud keeps in one pool. AWS's quota is 40,000,000 (adjustable); SignUp is public, so
 * locally a lower one bounds what any web page can make a pool hold (a learner's pool holds a handful).
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html#resource-quotas
 */
export const MAX_USERS_PER_POOL = 1000

export const userNotFound = () => new AwsError('UserNotFoundException', 400, 'User does not exist.')

/** The user a sign-in names: by username, or by email/phone when the pool signs in with them. */
export function findUser(pool: StoredPool, name: string): StoredUser | undefined {
  const same = (a: string | undefined, b: string) => a !== undefined && (pool.CaseSensitive ? a === b : a.toLowerCase() === b.toLowerCase())
  if (pool.CaseSensitive && Object.hasOwn(pool.Users, name)) return pool.Users[name]
  for (const user of Object.values(pool.Users)) {
    if (same(user.Username, name)) return user
    if (pool.UsernameAttributes.some((attribute) => same(user.Attributes[attribute], name))) return user
  }
  return undefined
}

export function attributesOut(user: StoredUser): { Name: string; Value: string }[] {
  return Object.entries(user.Attributes).map(([Name, Value]) => ({ Name, Value }))
}

function userOut(user: StoredUser) {
  return {
    Username: user.Username,
    Attributes: attributesOut(user),
    UserCreateDate: epochSeconds(user.UserCreateDate),
    UserLastModifiedDate: epochSeconds(user.UserLastModifiedDate),
    Enabled: user.Enabled,
    UserStatus: user.UserStatus,
  }
}

/** `l***@e***`: how Cognito shows where it sent a message. */
const mask = (value: string) => value.replace(/^(.)[^@]*@(.).*$/, '$1***@$2***').replace(/^(\+\d)\d+(\d{4})$/, '$1******$2')

/** A new user's name and attributes, as the pool's username settings make them (email/phone as username → sub). */
function newUser(pool: StoredPool, username: string, attributes: Record<string, string>, now: number): StoredUser | undefined {
  for (const name of Object.keys(attributes)) {
    if (name === 'sub') throw invalidParameter('Cannot modify the non-mutable attribute sub')
    if (!STANDARD_ATTRIBUTES.has(name) && !pool.SchemaAttributes.some((a) => a.Name === name)) {
      throw invalidParameter(`Attributes did not conform to the schema: Type for attribute {${name}} could not be determined`)
    }
  }
  if (username.length > 128) throw invalidParameter(`1 validation error detected: Value at 'username' failed to satisfy constraint: Member must have length less than or equal to 128`)
  const sub = randomUUID()
  let name = username
  if (pool.UsernameAttributes.length) {
    const isEmail = EMAIL.test(username)
    const isPhone = PHONE.test(username)
    const email = pool.UsernameAttributes.includes('email')
    const phone = pool.UsernameAttributes.includes('phone_number')
    if (!((email && isEmail) || (phone && isPhone))) {
      throw invalidParameter(email && phone ? 'Username should be either an email or a phone number.' : email ? 'Username should be an email.' : 'Username should be a phone number.')
    }
    attributes[isEmail ? 'email' : 'phone_number'] = username
    name = sub
  } else if (!/^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u.test(username)) {
    throw invalidParameter(`1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+`)
  }
  if (findUser(pool, username)) return undefined // the caller says it in its operation's words
  if (Object.keys(pool.Users).length >= MAX_USERS_PER_POOL) {
    // Not confirmed: AWS documents neither the answer nor its wording for a pool at its users quota (its quotas
    // answer LimitExceededException); this says what to do.
    throw new AwsError('LimitExceededException', 400, `The user pool ${pool.Id} has reached its quota of users: the local cloud keeps at most ${MAX_USERS_PER_POOL} users in a user pool (AWS: 40,000,000). Delete users you no longer need.`)
  }
  const missing = pool.SchemaAttributes.find((a) => a.Required && !attributes[a.Name])
  if (missing) throw invalidParameter(`Attributes did not conform to the schema: ${missing.Name}: The attribute is required`)
  return { Username: name, Attributes: { sub, ...attributes }, PasswordHash: '', UserStatus: 'UNCONFIRMED', Enabled: true, UserCreateDate: now, UserLastModifiedDate: now }
}

/** A temporary password that meets the pool's policy (AdminCreateUser without TemporaryPassword). */
function generatedPassword(pool: StoredPool): string {
  const pick = (chars: string) => chars[randomBytes(1)[0] % chars.length]
  const base = [pick('abcdefghijkmnopqrstuvwxyz'), pick('ABCDEFGHJKLMNPQRSTUVWXYZ'), pick('23456789'), pick('!@#%^&*')]
  while (base.length < Math.max(pool.PasswordPolicy.MinimumLength, 12)) base.push(pick('abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'))
  return base.join('')
}

export function usersApi(state: () => CognitoState, save: () => void): Record<string, ApiOperation> {
  const pools = () => state().pools
  // ConfirmSignUp is public (any page may call it): without a limit its 6-digit code falls to guessing. AWS
  // answers repeated wrong codes with LimitExceededException without documenting the threshold; locally the
  // sign-in lockout's schedule (5 free failures, then a doubling wait) applies to each user's code.
  const codeLockoutRefusal = () => new AwsError('LimitExceededException', 400, 'Attempt limit exceeded, please try after some time.')
  const codeLockout = new SignInLockout(Date.now, codeLockoutRefusal)
  const unknownUserCodeLockout = new SignInLockout(Date.now, codeLockoutRefusal)
  const userOf = (pool: StoredPool, input: Record<string, unknown>) => findUser(pool, required(input, 'Username')) ?? (() => { throw userNotFound() })()
  const confirm = (user: StoredUser) => {
    user.UserStatus = 'CONFIRMED'
    user.ConfirmationCode = undefined
    user.UserLastModifiedDate = Date.now()
    save()
  }

  return {
    async AdminCreateUser(input, ctx: CloudContext) {
      const pool = poolOf(pools(), required(input, 'UserPoolId'))
      const username = required(input, 'Username')
      refuseUnsupported(input, ['ClientMetadata', 'ValidationData'])
      // Not implemented: AdminCreateUser MessageAction RESEND (refused); invitations and confirmation codes go to the
      // cloud's log instead of email or SMS.
      if (input.MessageAction !== undefined && input.MessageAction !== 'SUPPRESS') {
        throw invalidParameter('MessageAction RESEND is not implemented by the local cloud (see docs/coverage.md): delete the user and create it again.')
      }
      const given = optionalString(input, 'TemporaryPassword')
      const password = given === undefined ? generatedPassword(pool) : checkPassword(given, pool.PasswordPolicy, 'adminCreateUser', 'temporaryPassword')
      const now = Date.now()
      const user = newUser(pool, username, attributeList(input, 'UserAttributes'), now)
      if (!user) throw new AwsError('UsernameExistsException', 400, 'User account already exists')
      user.PasswordHash = await hashSecret(password)
      user.UserStatus = 'FORCE_CHANGE_PASSWORD'
      user.TemporaryPasswordSetAt = now
      setOwn(pool.Users, user.Username, user) // a username may be `__proto__`: stored as the pool's own entry
      save()
      if (given === undefined && input.MessageAction !== 'SUPPRESS') {
        const to = user.Attributes.email ?? user.Attributes.phone_number
        // The invitation AWS would email: the only way to learn a generated temporary password locally.
        ctx.log(`cognito-idp: no email leaves the local cloud; the invitation for user "${user.Username}" of pool ${pool.Id}${to ? ` (to ${mask(to)})` : ''} has the temporary password ${password}`)
      }
      return { User: userOut(user) }
    },

    async AdminSetUserPassword(input) {
      const pool = poolOf(pools(), required(input, 'UserPoolId'))
      const user = userOf(pool, input)
      const password = checkPassword(input.Password, pool.PasswordPolicy, 'setPassword')
      user.PasswordHash = await hashSecret(password)
      const permanent = input.Permanent === true
      // AWS quirk: a permanent password confirms an UNCONFIRMED user too.
      user.UserStatus = permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD'
      user.TemporaryPasswordSetAt = permanent ? undefined : Date.now()
      user.UserLastModifiedDate = Date.now()
      save()
      return {}
    },

    async SignUp(input, ctx: CloudContext) {
      const { pool, client } = findClient(pools(), required(input, 'ClientId'))
      const username = required(input, 'Username')
      refuseUnsupported(input, ['ClientMetadata', 'ValidationData', 'AnalyticsMetadata', 'UserContextData'])
      checkSecretHash(client, username, optionalString(input, 'SecretHash'))
      if (pool.AllowAdminCreateUserOnly) throw notAuthorized('SignUp is not permitted for this user pool')
      const password = checkPassword(input.Password, pool.PasswordPolicy, 'signUp')
      const attributes = attributeList(input, 'UserAttributes')
      // A sign-up page (any page: SignUp is public) cannot claim its email or phone number is verified; only the
      // confirmation code, or an administrator, verifies it.
      // @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html#user-pool-settings-attribute-permissions-and-scopes
      if (Object.keys(attributes).some((name) => name === 'email_verified' || name === 'phone_number_verified')) {
        throw notAuthorized('A client attempted to write unauthorized attribute')
      }
      const now = Date.now()
      const user = newUser(pool, username, attributes, now)
      if (!user) throw new AwsError('UsernameExistsException', 400, 'User already exists')
      user.PasswordHash = await hashSecret(password)
      const channel = pool.AutoVerifiedAttributes.find((a) => user.Attributes[a])
      let delivery: { Destination: string; DeliveryMedium: string; AttributeName: string } | undefined
      if (channel) {
        const code = confirmationCode()
        user.ConfirmationCode = { hash: await hashSecret(code), expires: now + CODE_VALIDITY_MS }
        delivery = { Destination: mask(user.Attributes[channel]), DeliveryMedium: channel === 'email' ? 'EMAIL' : 'SMS', AttributeName: channel }
        ctx.log(`cognito-idp: no email or SMS leaves the local cloud; the confirmation code for user "${user.Username}" of pool ${pool.Id} (to ${delivery.Destination}) is ${code}`)
      }
      setOwn(pool.Users, user.Username, user) // a username may be `__proto__`: stored as the pool's own entry
      save()
      return { UserConfirmed: false, UserSub: user.Attributes.sub, CodeDeliveryDetails: delivery }
    },

    async ConfirmSignUp(input) {
      const { pool, client } = findClient(pools(), required(input, 'ClientId'))
      const username = required(input, 'Username')
      const code = required(input, 'ConfirmationCode')
      refuseUnsupported(input, ['ClientMetadata', 'AnalyticsMetadata', 'UserContextData'])
      const user = findUser(pool, username)
      checkSecretHash(client, [username, user?.Username], optionalString(input, 'SecretHash'))
      const mismatch = () => new AwsError('CodeMismatchException', 400, 'Invalid verification code provided, please try again.')
      if (!user && client.PreventUserExistenceErrors !== 'ENABLED') throw new AwsError('UserNotFoundException', 400, 'Username/client id combination not found.')
      if (user && user.UserStatus !== 'UNCONFIRMED') throw notAuthorized(`User cannot be confirmed. Current status is ${user.UserStatus}`)
      // PreventUserExistenceErrors: an unknown user's wrong code costs the same work as a real user's (lockout, one
      // code check) and gets the same answers (see auth.ts).
      const attempts = user ? { lockout: codeLockout, key: user.Username } : { lockout: unknownUserCodeLockout, key: unknownUserKey(pool.CaseSensitive, username) }
      attempts.lockout.check(pool.Id, attempts.key)
      const matches = await secretMatches(code, user?.ConfirmationCode?.hash)
      if (!user?.ConfirmationCode || !matches) {
        attempts.lockout.failed(pool.Id, attempts.key)
        throw mismatch()
      }
      codeLockout.succeeded(pool.Id, user.Username)
      if (user.ConfirmationCode.expires <= Date.now()) throw new AwsError('ExpiredCodeException', 400, 'Invalid code provided, please request a code again.')
      // The code went to the auto-verified attribute: confirming it verifies that attribute.
      const channel = pool.AutoVerifiedAttributes.find((a) => user.Attributes[a])
      if (channel) user.Attributes[`${channel}_verified`] = 'true'
      confirm(user)
      return {}
    },

    async AdminConfirmSignUp(input) {
      const pool = poolOf(pools(), required(input, 'UserPoolId'))
      const user = userOf(pool, input)
      refuseUnsupported(input, ['ClientMetadata'])
      if (user.UserStatus !== 'UNCONFIRMED') throw notAuthorized(`User cannot be confirmed. Current status is ${user.UserStatus}`)
      confirm(user)
      return {}
    },

    async AdminGetUser(input) {
      const pool = poolOf(pools(), required(input, 'UserPoolId'))
      const user = userOf(pool, input)
      const out = userOut(user)
      return { Username: out.Username, UserAttributes: out.Attributes, UserCreateDate: out.UserCreateDate, UserLastModifiedDate: out.UserLastModifiedDate, Enabled: out.Enabled, UserStatus: out.UserStatus }
    },

    async AdminDeleteUser(input) {
      const pool = poolOf(pools(), required(input, 'UserPoolId'))
      const user = userOf(pool, input)
      delete pool.Users[user.Username]
      for (const [hash, token] of Object.entries(state().refreshTokens)) if (token.UserPoolId === pool.Id && token.Username === user.Username) delete state().refreshTokens[hash]
      save()
      return {}
    },

    /** Filter: `name = "value"` or `name ^= "value"` on username, sub, email, phone_number, … @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUsers.html */
    async ListUsers(input) {
      const pool = poolOf(pools(), required(input, 'UserPoolId'))
      const limit = input.Limit === undefined ? 60 : Number(input.Limit)
      if (!Number.isInteger(limit) || limit < 0 || limit > 60) throw invalidParameter(`1 validation error detected: Value '${input.Limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60`)
      const filter = optionalString(input, 'Filter')
      let match: (user: StoredUser) => boolean = () => true
      if (filter) {
        const m = /^\s*(username|email|phone_number|name|given_name|family_name|preferred_username|cognito:user_status|status|sub)\s*(\^?=)\s*"([^"]*)"\s*$/.exec(filter)
        if (!m) throw invalidParameter('Invalid search filter.')
        const [, attribute, op, value] = m
        const valueOf = (u: StoredUser) => (attribute === 'username' ? u.Username : attribute === 'cognito:user_status' ? u.UserStatus : attribute === 'status' ? (u.Enabled ? 'Enabled' : 'Disabled') : u.Attributes[attribute])
        match = (u) => {
          const v = valueOf(u)
          return v !== undefined && (op === '=' ? v === value : v.startsWith(value))
        }
      }
      const all = Object.values(pool.Users).filter(match).sort((a, b) => a.UserCreateDate - b.UserCreateDate)
      const start = input.PaginationToken ? Number(Buffer.from(String(input.PaginationToken), 'base64url').toString()) || 0 : 0
      const page = all.slice(start, start + limit)
      const wanted = Array.isArray(input.AttributesToGet) ? new Set(input.AttributesToGet as string[]) : undefined
      return {
        Users: page.map((u) => {
          const out = userOut(u)
          return wanted ? { ...out, Attributes: out.Attributes.filter((a) => wanted.has(a.Name)) } : out
        }),
        PaginationToken: start + limit < all.length ? Buffer.from(String(start + limit)).toString('base64url') : undefined,
      }
    },
  }
}
