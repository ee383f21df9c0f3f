/**
 * @module Customer managed policies: CreatePolicy, versions (at most 5, one default), GetPolicy(Version),
 * ListPolicies, DeletePolicy (refused while attached, as AWS does).
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html
 */
import { AwsError } from '../../core/aws-error.js'
import { randomString } from '../../core/ids.js'
import type { ApiOperation } from '../../core/types.js'
import { isoNow, type IamStore, type StoredManagedPolicy } from './model.js'
import { requireString, validName, validPath, validPolicyArn, validPolicyDocument, validTags } from './validate.js'

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
const MAX_VERSIONS = 5

/** How many users and roles have the policy attached. */
export function attachmentCount(store: IamStore, arn: string): number {
  const { users, roles } = store.data
  return [...Object.values(users), ...Object.values(roles)].filter((e) => e.AttachedPolicyArns.includes(arn)).length
}

function policyShape(store: IamStore, p: StoredManagedPolicy) {
  return {
    PolicyName: p.PolicyName,
    PolicyId: p.PolicyId,
    Arn: p.Arn,
    Path: p.Path,
    DefaultVersionId: p.DefaultVersionId,
    AttachmentCount: attachmentCount(store, p.Arn),
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    Description: p.Description,
    CreateDate: new Date(p.CreateDate),
    UpdateDate: new Date(p.UpdateDate),
    ...(p.Tags.length ? { Tags: p.Tags } : {}),
  }
}

export function policyApi(store: () => IamStore, accountId: () => string): Record<string, ApiOperation> {
  const find = (arn: string): StoredManagedPolicy => {
    validPolicyArn(arn)
    const policy = Object.hasOwn(store().data.policies, arn) ? store().data.policies[arn] : undefined
    if (!policy) throw new AwsError('NoSuchEntity', 404, `Policy ${arn} does not exist or is not attachable.`)
    return policy
  }
  const save = () => store().save()
  const version = (p: StoredManagedPolicy, id: string) => {
    const v = p.Versions.find((x) => x.VersionId === id)
    if (!v) throw new AwsError('NoSuchEntity', 404, `Policy ${p.Arn} version ${id} does not exist or is not attachable.`)
    return v
  }

  return {
    async CreatePolicy(input) {
      const name = validName(requireString(input, 'PolicyName'), 'policyName', 128)
      const path = validPath(input.Path)
      const document = validPolicyDocument(requireString(input, 'PolicyDocument'))
      const arn = `arn:aws:iam::${accountId()}:policy${path}${name}`
      if (Object.values(store().data.policies).some((p) => p.PolicyName.toLowerCase() === name.toLowerCase())) {
        throw new AwsError('EntityAlreadyExists', 409, `A policy called ${name} already exists. Duplicate names are not allowed.`)
      }
      const now = isoNow()
      const policy: StoredManagedPolicy = {
        PolicyName: name,
        PolicyId: `ANPA${randomString(17, UPPER)}`,
        Path: path,
        Arn: arn,
        Description: input.Description || undefined,
        CreateDate: now,
        UpdateDate: now,
        DefaultVersionId: 'v1',
        Versions: [{ VersionId: 'v1', Document: document, CreateDate: now }],
        NextVersion: 2,
        Tags: validTags(input.Tags),
      }
      store().data.policies[arn] = policy
      save()
      return { Policy: policyShape(store(), policy) }
    },

    async GetPolicy(input) {
      return { Policy: policyShape(store(), find(requireString(input, 'PolicyArn'))) }
    },

    async ListPolicies(input) {
      // Not implemented: AWS managed policies in the listing (Scope=AWS lists nothing here).
      const scope = input.Scope ?? 'All'
      const local = scope === 'AWS' ? [] : Object.values(store().data.policies)
      const onlyAttached = input.OnlyAttached === 'true' || input.OnlyAttached === true
      const items = local.filter((p) => !onlyAttached || attachmentCount(store(), p.Arn) > 0).sort((a, b) => a.PolicyName.localeCompare(b.PolicyName))
      return { Policies: items.map((p) => policyShape(store(), p)), IsTruncated: false }
    },

    /** AWS quirk: the document comes back URL-encoded. */
    async GetPolicyVersion(input) {
      const p = find(requireString(input, 'PolicyArn'))
      const v = version(p, requireString(input, 'VersionId'))
      return { PolicyVersion: { Document: encodeURIComponent(v.Document), VersionId: v.VersionId, IsDefaultVersion: v.VersionId === p.DefaultVersionId, CreateDate: new Date(v.CreateDate) } }
    },

    async ListPolicyVersions(input) {
      const p = find(requireString(input, 'PolicyArn'))
      return { Versions: [...p.Versions].reverse().map((v) => ({ VersionId: v.VersionId, IsDefaultVersion: v.VersionId === p.DefaultVersionId, CreateDate: new Date(v.CreateDate) })), IsTruncated: false }
    },

    async CreatePolicyVersion(input) {
      const p = find(requireString(input, 'PolicyArn'))
      const document = validPolicyDocument(requireString(input, 'PolicyDocument'))
      if (p.Versions.length >= MAX_VERSIONS) {
        throw new AwsError('LimitExceeded', 409, `A managed policy can have up to ${MAX_VERSIONS} versions. Before you create a new version, you must delete an existing version.`)
      }
      const id = `v${p.NextVersion++}`
      const now = isoNow()
      p.Versions.push({ VersionId: id, Document: document, CreateDate: now })
      if (input.SetAsDefault === true || input.SetAsDefault === 'true') p.DefaultVersionId = id
      p.UpdateDate = now
      save()
      return { PolicyVersion: { VersionId: id, IsDefaultVersion: p.DefaultVersionId === id, CreateDate: new Date(now) } }
    },

    async DeletePolicyVersion(input) {
      const p = find(requireString(input, 'PolicyArn'))
      const v = version(p, requireString(input, 'VersionId'))
      if (v.VersionId === p.DefaultVersionId) throw new AwsError('DeleteConflict', 409, 'Cannot delete the default version of a policy.')
      p.Versions = p.Versions.filter((x) => x !== v)
      save()
      return {}
    },

    async DeletePolicy(input) {
      const p = find(requireString(input, 'PolicyArn'))
      if (attachmentCount(store(), p.Arn) > 0) throw new AwsError('DeleteConflict', 409, 'Cannot delete a policy attached to entities.')
      if (p.Versions.length > 1) throw new AwsError('DeleteConflict', 409, 'This policy has more than one version. Before you delete a policy, you must delete the policy\'s versions. The default version is deleted with the policy.')
      delete store().data.policies[p.Arn]
      save()
      return {}
    },
  }
}

/** The default version's document of a customer managed policy, for evaluation. */
export function defaultDocument(store: IamStore, arn: string): string | undefined {
  const p = Object.hasOwn(store.data.policies, arn) ? store.data.policies[arn] : undefined
  return p?.Versions.find((v) => v.VersionId === p.DefaultVersionId)?.Document
}
