/**
 * @module IAM users, their access keys and their policies (inline and attached), in AWS's input/output shapes.
 * An active key of a user signs requests the cloud accepts as that user (`arn:aws:iam::ACCOUNT:user/NAME`);
 * a deleted or inactive key is refused like an unknown one.
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html
 */
import { randomBytes } from 'node:crypto'
import { AwsError } from '../../core/aws-error.js'
import { randomString } from '../../core/ids.js'
import type { ApiOperation, CloudRequest } from '../../core/types.js'
import { isoNow, userKey, type IamStore, type StoredUser } from './model.js'
import { requireString, validName, validPath, validPolicyArn, validPolicyDocument, validTags } from './validate.js'

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
/** @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html */
const KEYS_PER_USER = 2
const MANAGED_POLICIES_PER_USER = 20

const urlEncoded = (doc: string): string => encodeURIComponent(doc)

function userShape(user: StoredUser, withTags = true) {
  return {
    Path: user.Path,
    UserName: user.UserName,
    UserId: user.UserId,
    Arn: user.Arn,
    CreateDate: new Date(user.CreateDate),
    ...(withTags && user.Tags.length ? { Tags: user.Tags } : {}),
  }
}

export interface UserOpsDeps {
  store: () => IamStore
  accountId: () => string
  /** Whether a managed policy ARN can be attached (AWS managed and known, or customer managed and existing). */
  attachable: (arn: string) => boolean
}

export function userApi({ store, accountId, attachable }: UserOpsDeps): Record<string, ApiOperation> {
  const find = (name: string): StoredUser => {
    const user = Object.hasOwn(store().data.users, userKey(name)) ? store().data.users[userKey(name)] : undefined
    if (!user) throw new AwsError('NoSuchEntity', 404, `The user with name ${name} cannot be found.`)
    return user
  }
  const save = () => store().save()
  const keyOwner = (accessKeyId: string, userName?: string): { user: StoredUser; index: number } => {
    const users = userName ? [find(userName)] : Object.values(store().data.users)
    for (const user of users) {
      const index = user.AccessKeys.findIndex((k) => k.AccessKeyId === accessKeyId)
      if (index !== -1) return { user, index }
    }
    throw new AwsError('NoSuchEntity', 404, `The Access Key with id ${accessKeyId} cannot be found.`)
  }

  return {
    async CreateUser(input) {
      const name = validName(requireString(input, 'UserName'), 'userName', 64)
      const path = validPath(input.Path)
      if (Object.hasOwn(store().data.users, userKey(name))) throw new AwsError('EntityAlreadyExists', 409, `User with name ${name} already exists.`)
      // Not implemented: permissions boundaries.
      if (input.PermissionsBoundary) throw new AwsError('InvalidInput', 400, 'PermissionsBoundary is not supported by the local cloud')
      const user: StoredUser = {
        UserName: name,
        UserId: `AIDA${randomString(17, UPPER)}`,
        Path: path,
        Arn: `arn:aws:iam::${accountId()}:user${path}${name}`,
        CreateDate: isoNow(),
        Tags: validTags(input.Tags),
        InlinePolicies: {},
        AttachedPolicyArns: [],
        AccessKeys: [],
      }
      store().data.users[userKey(name)] = user
      save()
      return { User: userShape(user) }
    },

    /** Without UserName: the caller (an IAM user; the root user gets the account's own shape). */
    async GetUser(input, _ctx, req?: CloudRequest) {
      if (input.UserName === undefined && req?.identity) {
        const caller = req.identity
        const user = /^arn:aws:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(caller.arn)
        if (user) return { User: userShape(find(user[1])) }
        if (/:root$/.test(caller.arn)) return { User: { UserId: caller.account, Arn: caller.arn, CreateDate: new Date(0) } }
        throw new AwsError('ValidationError', 400, 'Must specify userName when calling with non-User credentials')
      }
      return { User: userShape(find(requireString(input, 'UserName'))) }
    },

    async ListUsers(input) {
      const prefix = input.PathPrefix ? String(input.PathPrefix) : '/'
      const users = Object.values(store().data.users).filter((u) => u.Path.startsWith(prefix)).sort((a, b) => a.UserName.localeCompare(b.UserName))
      return { Users: users.map((u) => userShape(u, false)), IsTruncated: false }
    },

    /** @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUser.html */
    async DeleteUser(input) {
      const user = find(requireString(input, 'UserName'))
      if (user.AccessKeys.length) throw new AwsError('DeleteConflict', 409, 'Cannot delete entity, must delete access keys first.')
      if (Object.keys(user.InlinePolicies).length) throw new AwsError('DeleteConflict', 409, 'Cannot delete entity, must delete policies first.')
      if (user.AttachedPolicyArns.length) throw new AwsError('DeleteConflict', 409, 'Cannot delete entity, must detach all policies first.')
      delete store().data.users[userKey(user.UserName)]
      save()
      return {}
    },

    async CreateAccessKey(input) {
      const user = find(requireString(input, 'UserName'))
      if (user.AccessKeys.length >= KEYS_PER_USER) throw new AwsError('LimitExceeded', 409, `Cannot exceed quota for AccessKeysPerUser: ${KEYS_PER_USER}`)
      const key = {
        AccessKeyId: `AKIA${Array.from(randomBytes(16), (b) => BASE32[b & 31]).join('')}`,
        SecretAccessKey: randomBytes(30).toString('base64'),
        Status: 'Active' as const,
        CreateDate: isoNow(),
      }
      user.AccessKeys.push(key)
      save()
      return { AccessKey: { UserName: user.UserName, ...key, CreateDate: new Date(key.CreateDate) } }
    },

    async ListAccessKeys(input) {
      const user = find(requireString(input, 'UserName'))
      return {
        UserName: user.UserName,
        AccessKeyMetadata: user.AccessKeys.map((k) => ({ UserName: user.UserName, AccessKeyId: k.AccessKeyId, Status: k.Status, CreateDate: new Date(k.CreateDate) })),
        IsTruncated: false,
      }
    },

    async UpdateAccessKey(input) {
      const status = requireString(input, 'Status')
      if (status !== 'Active' && status !== 'Inactive') {
        throw new AwsError('ValidationError', 400, `1 validation error detected: Value '${status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`)
      }
      const { user, index } = keyOwner(requireString(input, 'AccessKeyId'), input.UserName)
      user.AccessKeys[index].Status = status
      save()
      return {}
    },

    async DeleteAccessKey(input) {
      const { user, index } = keyOwner(requireString(input, 'AccessKeyId'), input.UserName)
      user.AccessKeys.splice(index, 1)
      save()
      return {}
    },

    async PutUserPolicy(input) {
      const user = find(requireString(input, 'UserName'))
      const name = validName(requireString(input, 'PolicyName'), 'policyName', 128)
      user.InlinePolicies[name] = validPolicyDocument(requireString(input, 'PolicyDocument'))
      save()
      return {}
    },

    async GetUserPolicy(input) {
      const user = find(requireString(input, 'UserName'))
      const name = requireString(input, 'PolicyName')
      if (!Object.hasOwn(user.InlinePolicies, name)) throw new AwsError('NoSuchEntity', 404, `The user policy with name ${name} cannot be found.`)
      return { UserName: user.UserName, PolicyName: name, PolicyDocument: urlEncoded(user.InlinePolicies[name]) }
    },

    async DeleteUserPolicy(input) {
      const user = find(requireString(input, 'UserName'))
      const name = requireString(input, 'PolicyName')
      if (!Object.hasOwn(user.InlinePolicies, name)) throw new AwsError('NoSuchEntity', 404, `The user policy with name ${name} cannot be found.`)
      delete user.InlinePolicies[name]
      save()
      return {}
    },

    async ListUserPolicies(input) {
      return { PolicyNames: Object.keys(find(requireString(input, 'UserName')).InlinePolicies).sort(), IsTruncated: false }
    },

    async AttachUserPolicy(input) {
      const user = find(requireString(input, 'UserName'))
      const policyArn = validPolicyArn(requireString(input, 'PolicyArn'))
      if (!attachable(policyArn)) throw new AwsError('NoSuchEntity', 404, `Policy ${policyArn} does not exist or is not attachable.`)
      if (!user.AttachedPolicyArns.includes(policyArn)) {
        if (user.AttachedPolicyArns.length >= MANAGED_POLICIES_PER_USER) throw new AwsError('LimitExceeded', 409, `Cannot exceed quota for PoliciesPerUser: ${MANAGED_POLICIES_PER_USER}`)
        user.AttachedPolicyArns.push(policyArn)
        save()
      }
      return {}
    },

    async DetachUserPolicy(input) {
      const user = find(requireString(input, 'UserName'))
      const policyArn = validPolicyArn(requireString(input, 'PolicyArn'))
      if (!user.AttachedPolicyArns.includes(policyArn)) throw new AwsError('NoSuchEntity', 404, `Policy ${policyArn} was not found.`)
      user.AttachedPolicyArns = user.AttachedPolicyArns.filter((a) => a !== policyArn)
      save()
      return {}
    },

    async ListAttachedUserPolicies(input) {
      const user = find(requireString(input, 'UserName'))
      return { AttachedPolicies: user.AttachedPolicyArns.map((a) => ({ PolicyName: a.slice(a.lastIndexOf('/') + 1), PolicyArn: a })), IsTruncated: false }
    },
  }
}
