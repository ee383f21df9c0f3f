/**
 * @module What other parts of the cloud ask IAM about identities, without importing it: the policies of a principal
 * (`_identityPolicies`, for the API gate, execute-api `AWS_IAM` and STS AssumeRole) and when they change
 * (`_policyGeneration`), a role's trust policy (`_roleTrust`), and the
 * access keys of users (`userKeySource`, registered with the credential authority so the edge accepts them).
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import type { SigningSecret } from '../../edge/sigv4.js'
import type { ApiOperation } from '../../core/types.js'
import { defaultDocument } from './api-policies.js'
import { awsManagedDocument } from './managed-policies.js'
import { roleKey, userKey, type IamState, type IamStore } from './model.js'

/** `_identityPolicies` output: every identity policy document of the principal (JSON texts), or `root`. */
export interface IdentityPolicies {
  /** The principal is the account's root user: every action on the account's resources is allowed. */
  root: boolean
  /** False when no such user or role exists (any more): its requests are not authorized. */
  found: boolean
  policies: string[]
  /** Policies attached that the local cloud cannot read (AWS managed ones it has no document for). */
  unknownPolicyArns: string[]
}

export function identityApi(store: () => IamStore, accountId: () => string, generation: () => number = () => 0): Record<string, ApiOperation> {
  const documents = (inline: Record<string, string>, attached: string[]) => {
    const policies = Object.values(inline)
    const unknownPolicyArns: string[] = []
    for (const arn of attached) {
      const doc = defaultDocument(store(), arn) ?? awsManagedDocument(arn)
      if (doc === undefined) unknownPolicyArns.push(arn)
      else policies.push(doc)
    }
    return { policies, unknownPolicyArns }
  }
  return {
    /** `{principalArn}` → `IdentityPolicies`: users, roles, and assumed-role sessions (their role's policies). */
    async _identityPolicies(input: { principalArn: string }): Promise<IdentityPolicies> {
      const arn = String(input?.principalArn ?? '')
      const none: IdentityPolicies = { root: false, found: false, policies: [], unknownPolicyArns: [] }
      if (arn === `arn:aws:iam::${accountId()}:root`) return { ...none, root: true, found: true }
      const user = /^arn:aws:iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/.exec(arn)
      const role = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn) ?? /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(arn)
      const { users, roles } = store().data
      if (user && user[1] === accountId() && Object.hasOwn(users, userKey(user[2]))) {
        const u = users[userKey(user[2])]
        if (u.Arn !== arn) return none
        return { ...none, found: true, ...documents(u.InlinePolicies, u.AttachedPolicyArns) }
      }
      if (role && role[1] === accountId() && Object.hasOwn(roles, roleKey(role[2]))) {
        const r = roles[roleKey(role[2])]
        // A role ARN names the role only with its own path; a session's ARN carries no path.
        if (arn.startsWith('arn:aws:iam:') && r.Arn !== arn) return none
        return { ...none, found: true, ...documents(r.InlinePolicies, r.AttachedPolicyArns) }
      }
      return none
    },

    /**
     * A number that changes whenever anything in IAM changes (a policy, an attachment, a user, a role): callers that
     * keep parsed policies (the API gate's per-principal cache) drop them when it moves.
     */
    async _policyGeneration(): Promise<number> {
      return generation()
    },

    /** `{RoleArn}` → the role's trust policy and session limit, or `NoSuchEntity` as STS words it. */
    async _roleTrust(input: { RoleArn: string }) {
      const arn = String(input?.RoleArn ?? '')
      const match = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn)
      const r = match && match[1] === accountId() && Object.hasOwn(store().data.roles, roleKey(match[2])) ? store().data.roles[roleKey(match[2])] : undefined
      if (!r || r.Arn !== arn) return { found: false }
      return { found: true, AssumeRolePolicyDocument: r.AssumeRolePolicyDocument, MaxSessionDuration: r.MaxSessionDuration, RoleId: r.RoleId, RoleName: r.RoleName }
    },
  }
}

/**
 * The ARN, path included, of the role or user an operation names (`RoleName`, else `UserName`): the stored one, or
 * for CreateRole/CreateUser the one it will have. Undefined when the input names none or one that does not exist.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
 */
export function entityArn(data: IamState, accountId: string, operation: string, input: Record<string, unknown>): string | undefined {
  const named = (key: string) => (typeof input[key] === 'string' && input[key] !== '' ? (input[key] as string) : undefined)
  const [kind, name] = named('RoleName') ? ['role', named('RoleName')!] : named('UserName') ? ['user', named('UserName')!] : []
  if (!kind || !name) return undefined
  if (operation === (kind === 'role' ? 'CreateRole' : 'CreateUser')) return `arn:aws:iam::${accountId}:${kind}${named('Path') ?? '/'}${name}`
  const stored = kind === 'role' ? data.roles : data.users
  return Object.hasOwn(stored, roleKey(name)) ? stored[roleKey(name)].Arn : undefined
}

/** The secret and identity behind a user's active access key (inactive and deleted keys are unknown). */
export function userKeySource(store: () => IamStore | undefined, accountId: () => string) {
  return (accessKeyId: string): SigningSecret | undefined => {
    const data = store()?.data
    if (!data || !accessKeyId.startsWith('AKIA')) return undefined
    for (const user of Object.values(data.users)) {
      const key = user.AccessKeys.find((k) => k.AccessKeyId === accessKeyId)
      if (!key) continue
      if (key.Status !== 'Active') return undefined
      return { secretAccessKey: key.SecretAccessKey, identity: { accessKeyId, arn: user.Arn, userId: user.UserId, account: accountId() } }
    }
    return undefined
  }
}
