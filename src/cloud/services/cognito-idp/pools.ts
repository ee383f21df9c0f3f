/**
 * @module User pools in AWS's shapes (CreateUserPool, UpdateUserPool, tags, …), plus the internal operations other
 * services use: `_publicJwks`, `_userPoolClientIds` (the token verifier), `_listTaggedResources` (tagging).
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPool.html
 */
import { AwsError } from '../../core/aws-error.js'
import type { ApiOperation, CloudContext } from '../../core/types.js'
import type { PoolKeys } from './keys.js'
import { isPrototypeName } from '../../core/safe-names.js'
import { randomId } from './clients.js'
import { DEFAULT_PASSWORD_POLICY, type CognitoState, type PasswordPolicy, type StoredPool } from './model.js'
import { epochSeconds, invalidParameter, poolOf, refuseUnsupported, required } from './validate.js'

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

const POOL_NOT_IMPLEMENTED = [
  'LambdaConfig', 'SmsConfiguration', 'EmailConfiguration', 'DeviceConfiguration', 'UserPoolAddOns', 'AliasAttributes',
  'VerificationMessageTemplate', 'SmsAuthenticationMessage', 'UserAttributeUpdateSettings', 'AccountRecoverySetting',
  'EmailVerificationMessage', 'EmailVerificationSubject', 'SmsVerificationMessage', 'UserPoolTier',
] as const
function passwordPolicy(policies: any): PasswordPolicy {
  const given = policies?.PasswordPolicy ?? {}
  const policy = { ...DEFAULT_PASSWORD_POLICY }
  for (const key of ['RequireUppercase', 'RequireLowercase', 'RequireNumbers', 'RequireSymbols'] as const) if (given[key] !== undefined) policy[key] = given[key] === true || given[key] === 'true'
  if (given.MinimumLength !== undefined) policy.MinimumLength = Number(given.MinimumLength)
  if (given.TemporaryPasswordValidityDays !== undefined) policy.TemporaryPasswordValidityDays = Number(given.TemporaryPasswordValidityDays)
  if (!Number.isInteger(policy.MinimumLength) || policy.MinimumLength < 6 || policy.MinimumLength > 99) {
    throw invalidParameter(`1 validation error detected: Value '${given.MinimumLength}' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: Member must have value between 6 and 99`)
  }
  if (!Number.isInteger(policy.TemporaryPasswordValidityDays) || policy.TemporaryPasswordValidityDays < 0 || policy.TemporaryPasswordValidityDays > 365) {
    throw invalidParameter(`1 validation error detected: Value '${given.TemporaryPasswordValidityDays}' at 'policies.passwordPolicy.temporaryPasswordValidityDays' failed to satisfy constraint: Member must have value between 0 and 365`)
  }
  // Not implemented: PasswordHistorySize (refused when set).
  refuseUnsupported(given, ['PasswordHistorySize'])
  return policy
}

function attributeNames(value: unknown, member: string, allowed: string[]): string[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value) || value.some((v) => !allowed.includes(v))) {
    throw invalidParameter(`1 validation error detected: Value '${JSON.stringify(value)}' at '${member}' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${allowed.join(', ')}]]`)
  }
  return [...new Set(value as string[])]
}

function schemaOf(value: unknown): StoredPool['SchemaAttributes'] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) throw invalidParameter('Schema must be a list of attributes')
  return value.map((attribute: any) => {
    refuseUnsupported(attribute ?? {}, ['StringAttributeConstraints', 'NumberAttributeConstraints', 'DeveloperOnlyAttribute'])
    const name = String(attribute?.Name ?? '')
    if (!/^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,20}$/u.test(name)) throw invalidParameter(`Invalid attribute name: ${name}`)
    const type = String(attribute.AttributeDataType ?? 'String')
    if (!['String', 'Number', 'DateTime', 'Boolean'].includes(type)) throw invalidParameter(`Invalid AttributeDataType ${type} for attribute ${name}`)
    const standard = STANDARD_ATTRIBUTES.has(name)
    const required = attribute.Required === true || attribute.Required === 'true'
    if (required && !standard) throw invalidParameter('Required custom attributes are not supported currently.')
    return { Name: standard ? name : `custom:${name}`, AttributeDataType: type, Required: required, Mutable: attribute.Mutable !== false && attribute.Mutable !== 'false' }
  })
}

export const STANDARD_ATTRIBUTES = new Set([
  'address', 'birthdate', 'email', 'email_verified', 'family_name', 'gender', 'given_name', 'locale', 'middle_name', 'name', 'nickname',
  'phone_number', 'phone_number_verified', 'picture', 'preferred_username', 'profile', 'updated_at', 'website', 'zoneinfo',
])

const DAY = 86400
export function describePool(pool: StoredPool) {
  return {
    Id: pool.Id,
    Name: pool.Name,
    Arn: pool.Arn,
    Policies: { PasswordPolicy: pool.PasswordPolicy },
    CreationDate: epochSeconds(pool.CreationDate),
    LastModifiedDate: epochSeconds(pool.LastModifiedDate),
    AutoVerifiedAttributes: pool.AutoVerifiedAttributes,
    UsernameAttributes: pool.UsernameAttributes.length ? pool.UsernameAttributes : undefined,
    SchemaAttributes: pool.SchemaAttributes,
    EstimatedNumberOfUsers: Object.keys(pool.Users).length,
    MfaConfiguration: 'OFF',
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: pool.AllowAdminCreateUserOnly },
    UserPoolTags: pool.Tags,
    DeletionProtection: pool.DeletionProtection,
    UsernameConfiguration: { CaseSensitive: pool.CaseSensitive },
  }
}

/** Tags as a prototype-free map of strings (at most 50, as on AWS). */
function tagMap(value: unknown): Record<string, string> {
  const tags: Record<string, string> = Object.create(null)
  if (value === undefined || value === null) return tags
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidParameter('Tags must be a map of strings')
  const entries = Object.entries(value)
  if (entries.length > 50) throw invalidParameter('1 validation error detected: Value at \'tags\' failed to satisfy constraint: Member must have length less than or equal to 50')
  for (const [k, v] of entries) {
    if (isPrototypeName(k)) throw invalidParameter(`Invalid tag key: ${k}`)
    tags[k] = String(v)
  }
  return tags
}

export function poolsApi(state: () => CognitoState, save: () => void, keys: PoolKeys): Record<string, ApiOperation> {
  const pools = () => state().pools
  const poolOfArn = (arn: string) => {
    const pool = Object.values(pools()).find((p) => p.Arn === arn)
    if (!pool) throw new AwsError('ResourceNotFoundException', 400, `User pool ${arn.split('/').pop()} does not exist.`)
    return pool
  }
  return {
    async CreateUserPool(input, ctx: CloudContext) {
      const name = required(input, 'PoolName')
      if (!/^[\w\s+=,.@-]{1,128}$/.test(name)) throw invalidParameter(`1 validation error detected: Value '${name}' at 'poolName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+`)
      refuseUnsupported(input, POOL_NOT_IMPLEMENTED)
      if (input.MfaConfiguration !== undefined && input.MfaConfiguration !== 'OFF') throw invalidParameter('MfaConfiguration other than OFF is not implemented by the local cloud (see docs/coverage.md).')
      refuseUnsupported(input.AdminCreateUserConfig ?? {}, ['InviteMessageTemplate', 'UnusedAccountValidityDays'])
      const region = ctx.defaultRegion
      let id: string
      do id = `${region}_${randomId(9, ALPHANUMERIC)}`
      while (pools()[id])
      const now = Date.now()
      const pool: StoredPool = {
        Id: id,
        Name: name,
        Arn: `arn:aws:cognito-idp:${region}:${ctx.accountId}:userpool/${id}`,
        CreationDate: now,
        LastModifiedDate: now,
        PasswordPolicy: passwordPolicy(input.Policies),
        AutoVerifiedAttributes: attributeNames(input.AutoVerifiedAttributes, 'autoVerifiedAttributes', ['phone_number', 'email']),
        UsernameAttributes: attributeNames(input.UsernameAttributes, 'usernameAttributes', ['phone_number', 'email']),
        SchemaAttributes: schemaOf(input.Schema),
        AllowAdminCreateUserOnly: input.AdminCreateUserConfig?.AllowAdminCreateUserOnly === true,
        DeletionProtection: input.DeletionProtection === 'ACTIVE' ? 'ACTIVE' : 'INACTIVE',
        // API default: case-sensitive usernames, unless UsernameConfiguration says otherwise.
        CaseSensitive: input.UsernameConfiguration?.CaseSensitive !== false,
        Tags: tagMap(input.UserPoolTags),
        Clients: {},
        Users: {},
      }
      await keys.create(id)
      pools()[id] = pool
      save()
      return { UserPool: describePool(pool) }
    },

    async DescribeUserPool(input) {
      return { UserPool: describePool(poolOf(pools(), required(input, 'UserPoolId'))) }
    },

    async DeleteUserPool(input) {
      const pool = poolOf(pools(), required(input, 'UserPoolId'))
      if (pool.DeletionProtection === 'ACTIVE') {
        throw invalidParameter('The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.')
      }
      delete pools()[pool.Id]
      for (const [hash, token] of Object.entries(state().refreshTokens)) if (token.UserPoolId === pool.Id) delete state().refreshTokens[hash]
      keys.remove(pool.Id)
      save()
      return {}
    },

    // AWS quirk: UpdateUserPool puts every setting the request leaves out back to its default.
    async UpdateUserPool(input) {
      const pool = poolOf(pools(), required(input, 'UserPoolId'))
      refuseUnsupported(input, POOL_NOT_IMPLEMENTED)
      if (input.MfaConfiguration !== undefined && input.MfaConfiguration !== 'OFF') throw invalidParameter('MfaConfiguration other than OFF is not implemented by the local cloud (see docs/coverage.md).')
      refuseUnsupported(input.AdminCreateUserConfig ?? {}, ['InviteMessageTemplate', 'UnusedAccountValidityDays'])
      pool.PasswordPolicy = passwordPolicy(input.Policies)
      pool.AutoVerifiedAttributes = attributeNames(input.AutoVerifiedAttributes, 'autoVerifiedAttributes', ['phone_number', 'email'])
      pool.AllowAdminCreateUserOnly = input.AdminCreateUserConfig?.AllowAdminCreateUserOnly === true
      pool.DeletionProtection = input.DeletionProtection === 'ACTIVE' ? 'ACTIVE' : 'INACTIVE'
      if (input.UserPoolTags !== undefined) pool.Tags = tagMap(input.UserPoolTags)
      pool.LastModifiedDate = Date.now()
      save()
      return {}
    },

    async TagResource(input) {
      const pool = poolOfArn(required(input, 'ResourceArn'))
      Object.assign(pool.Tags, tagMap(input.Tags))
      save()
      return {}
    },

    async UntagResource(input) {
      const pool = poolOfArn(required(input, 'ResourceArn'))
      for (const key of Array.isArray(input.TagKeys) ? input.TagKeys : []) delete pool.Tags[String(key)]
      save()
      return {}
    },

    async ListTagsForResource(input) {
      return { Tags: poolOfArn(required(input, 'ResourceArn')).Tags }
    },

    async _publicJwks(input) {
      return keys.jwks(poolOf(pools(), input.UserPoolId).Id)
    },

    async _userPoolClientIds(input) {
      return { ClientIds: Object.keys(poolOf(pools(), input.UserPoolId).Clients) }
    },

    async _listTaggedResources() {
      return Object.values(pools()).map((p) => ({ ResourceARN: p.Arn, Tags: Object.entries(p.Tags).map(([Key, Value]) => ({ Key, Value })) }))
    },

    async ListUserPools(input) {
      const max = Number(input.MaxResults)
      if (!Number.isInteger(max) || max < 1 || max > 60) throw invalidParameter(`1 validation error detected: Value '${input.MaxResults}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 60`)
      const all = Object.values(pools()).sort((a, b) => a.CreationDate - b.CreationDate)
      const start = input.NextToken ? Number(Buffer.from(String(input.NextToken), 'base64url').toString()) || 0 : 0
      const page = all.slice(start, start + max)
      return {
        UserPools: page.map((p) => ({ Id: p.Id, Name: p.Name, CreationDate: epochSeconds(p.CreationDate), LastModifiedDate: epochSeconds(p.LastModifiedDate) })),
        NextToken: start + max < all.length ? Buffer.from(String(start + max)).toString('base64url') : undefined,
      }
    },
  }
}

export const notRunning = () => new AwsError('ServiceUnavailable', 503, 'Cognito user pools are not running')
