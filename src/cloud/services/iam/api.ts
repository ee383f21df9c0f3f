/**
 * @module IAM operations on roles and their policies, in AWS's own input/output shapes.
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_Operations.html
 */
import { AwsError } from '../../core/aws-error.js'
import { randomString } from '../../core/ids.js'
import type { ApiOperation } from '../../core/types.js'
import { roleKey, type IamStore, type StoredRole } from './model.js'
import { requireString, validMaxSessionDuration, validName, validPath, validPolicyArn, validPolicyDocument, validTags } from './validate.js'

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

/**
 * AWS quirk: IAM returns policy documents URL-encoded (RFC 3986) in GetRole, ListRoles and GetRolePolicy.
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_Role.html
 */
const urlEncoded = (doc: string): string => encodeURIComponent(doc)

const noSuchRole = (name: string) => new AwsError('NoSuchEntity', 404, `The role with name ${name} cannot be found.`)

/** The `Role` structure as GetRole returns it. */
function roleShape(role: StoredRole, withDetails = true): Record<string, unknown> {
  return {
    Path: role.Path,
    RoleName: role.RoleName,
    RoleId: role.RoleId,
    Arn: role.Arn,
    CreateDate: new Date(role.CreateDate),
    AssumeRolePolicyDocument: urlEncoded(role.AssumeRolePolicyDocument),
    Description: role.Description,
    MaxSessionDuration: role.MaxSessionDuration,
    // AWS quirk: ListRoles leaves out Tags and RoleLastUsed; GetRole includes them.
    ...(withDetails ? { Tags: role.Tags.length ? role.Tags : undefined, RoleLastUsed: {} } : {}),
  }
}

function mergeTags(current: { Key: string; Value: string }[], added: { Key: string; Value: string }[]) {
  const byKey = new Map(current.map((t) => [t.Key, t]))
  for (const t of added) byKey.set(t.Key, t)
  if (byKey.size > 50) throw new AwsError('LimitExceeded', 409, 'Cannot exceed quota for TagsPerRole: 50.')
  return [...byKey.values()]
}

export function iamApi(store: () => IamStore, accountId: () => string, isAttachable: (arn: string) => boolean): Record<string, ApiOperation> {
  const find = (name: string): StoredRole => {
    const role = store().data.roles[roleKey(name)]
    if (!role) throw noSuchRole(name)
    return role
  }
  const save = () => store().save()

  return {
    async CreateRole(input) {
      const name = validName(requireString(input, 'RoleName'), 'roleName', 64)
      const doc = validPolicyDocument(requireString(input, 'AssumeRolePolicyDocument'))
      const path = validPath(input.Path)
      if (store().data.roles[roleKey(name)]) throw new AwsError('EntityAlreadyExists', 409, `Role with name ${name} already exists.`)
      // Not implemented: permissions boundaries.
      if (input.PermissionsBoundary) throw new AwsError('InvalidInput', 400, 'PermissionsBoundary is not supported by the local cloud')
      const role: StoredRole = {
        RoleName: name,
        RoleId: `AROA${randomString(17, UPPER)}`,
        Path: path,
        Arn: `arn:aws:iam::${accountId()}:role${path}${name}`,
        CreateDate: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        AssumeRolePolicyDocument: doc,
        Description: input.Description || undefined,
        MaxSessionDuration: validMaxSessionDuration(input.MaxSessionDuration),
        Tags: mergeTags([], validTags(input.Tags)),
        InlinePolicies: {},
        AttachedPolicyArns: [],
      }
      store().data.roles[roleKey(name)] = role
      save()
      return { Role: roleShape(role) }
    },

    async GetRole(input) {
      return { Role: roleShape(find(requireString(input, 'RoleName'))) }
    },

    async DeleteRole(input) {
      const role = find(requireString(input, 'RoleName'))
      if (Object.keys(role.InlinePolicies).length) throw new AwsError('DeleteConflict', 409, 'Cannot delete entity, must delete policies first.')
      if (role.AttachedPolicyArns.length) throw new AwsError('DeleteConflict', 409, 'Cannot delete entity, must detach all policies first.')
      delete store().data.roles[roleKey(role.RoleName)]
      save()
      return {}
    },

    async ListRoles(input) {
      const prefix = input.PathPrefix ? String(input.PathPrefix) : '/'
      const max = input.MaxItems === undefined ? 100 : Number(input.MaxItems)
      if (!Number.isInteger(max) || max < 1 || max > 1000) throw new AwsError('ValidationError', 400, `1 validation error detected: Value '${input.MaxItems}' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000`)
      const all = Object.values(store().data.roles)
        .filter((r) => r.Path.startsWith(prefix))
        .sort((a, b) => a.RoleName.localeCompare(b.RoleName))
      const start = input.Marker ? Number(Buffer.from(String(input.Marker), 'base64').toString()) || 0 : 0
      const page = all.slice(start, start + max)
      const more = start + max < all.length
      return {
        Roles: page.map((r) => roleShape(r, false)),
        IsTruncated: more,
        Marker: more ? Buffer.from(String(start + max)).toString('base64') : undefined,
      }
    },

    async UpdateRole(input) {
      const role = find(requireString(input, 'RoleName'))
      if (input.Description !== undefined) role.Description = String(input.Description) || undefined
      if (input.MaxSessionDuration !== undefined) role.MaxSessionDuration = validMaxSessionDuration(input.MaxSessionDuration)
      save()
      return {}
    },

    async UpdateAssumeRolePolicy(input) {
      const role = find(requireString(input, 'RoleName'))
      role.AssumeRolePolicyDocument = validPolicyDocument(requireString(input, 'PolicyDocument'))
      save()
      return {}
    },

    async PutRolePolicy(input) {
      const role = find(requireString(input, 'RoleName'))
      const name = validName(requireString(input, 'PolicyName'), 'policyName', 128)
      role.InlinePolicies[name] = validPolicyDocument(requireString(input, 'PolicyDocument'))
      save()
      return {}
    },

    async GetRolePolicy(input) {
      const role = find(requireString(input, 'RoleName'))
      const name = requireString(input, 'PolicyName')
      const doc = role.InlinePolicies[name]
      if (doc === undefined) throw new AwsError('NoSuchEntity', 404, `The role policy with name ${name} cannot be found.`)
      return { RoleName: role.RoleName, PolicyName: name, PolicyDocument: urlEncoded(doc) }
    },

    async DeleteRolePolicy(input) {
      const role = find(requireString(input, 'RoleName'))
      const name = requireString(input, 'PolicyName')
      if (role.InlinePolicies[name] === undefined) throw new AwsError('NoSuchEntity', 404, `The role policy with name ${name} cannot be found.`)
      delete role.InlinePolicies[name]
      save()
      return {}
    },

    async ListRolePolicies(input) {
      const role = find(requireString(input, 'RoleName'))
      return { PolicyNames: Object.keys(role.InlinePolicies).sort(), IsTruncated: false }
    },

    /** @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html */
    async AttachRolePolicy(input) {
      const role = find(requireString(input, 'RoleName'))
      const policyArn = validPolicyArn(requireString(input, 'PolicyArn'))
      if (!isAttachable(policyArn)) throw new AwsError('NoSuchEntity', 404, `Policy ${policyArn} does not exist or is not attachable.`)
      if (!role.AttachedPolicyArns.includes(policyArn)) {
        if (role.AttachedPolicyArns.length >= 20) throw new AwsError('LimitExceeded', 409, 'Cannot exceed quota for PoliciesPerRole: 20')
        role.AttachedPolicyArns.push(policyArn)
        save()
      }
      return {}
    },

    async DetachRolePolicy(input) {
      const role = find(requireString(input, 'RoleName'))
      const policyArn = validPolicyArn(requireString(input, 'PolicyArn'))
      if (!role.AttachedPolicyArns.includes(policyArn)) throw new AwsError('NoSuchEntity', 404, `Policy ${policyArn} was not found.`)
      role.AttachedPolicyArns = role.AttachedPolicyArns.filter((a) => a !== policyArn)
      save()
      return {}
    },

    async ListAttachedRolePolicies(input) {
      const role = find(requireString(input, 'RoleName'))
      const prefix = input.PathPrefix ? String(input.PathPrefix) : '/'
      const attached = role.AttachedPolicyArns
        .map((a) => ({ PolicyName: a.slice(a.lastIndexOf('/') + 1), PolicyArn: a, path: a.slice(a.indexOf(':policy') + 7, a.lastIndexOf('/') + 1) }))
        .filter((p) => p.path.startsWith(prefix))
        .map(({ PolicyName, PolicyArn }) => ({ PolicyName, PolicyArn }))
      return { AttachedPolicies: attached, IsTruncated: false }
    },

    async TagRole(input) {
      const role = find(requireString(input, 'RoleName'))
      role.Tags = mergeTags(role.Tags, validTags(input.Tags))
      save()
      return {}
    },

    async UntagRole(input) {
      const role = find(requireString(input, 'RoleName'))
      const keys = new Set((input.TagKeys ?? []).map(String))
      role.Tags = role.Tags.filter((t) => !keys.has(t.Key))
      save()
      return {}
    },

    async ListRoleTags(input) {
      return { Tags: find(requireString(input, 'RoleName')).Tags, IsTruncated: false }
    },

    /** Every role, user and customer managed policy with its tags, for the Resource Groups Tagging API. */
    async _listTaggedResources() {
      const { roles, users, policies } = store().data
      return [...Object.values(roles), ...Object.values(users), ...Object.values(policies)].map((e) => ({ ResourceARN: e.Arn, Tags: e.Tags }))
    },
  }
}
