/**
 * @module CloudFormation `AWS::IAM::Policy`: one inline policy put on each listed role and user.
 * Not implemented: `Groups` (the local IAM has no groups) — not in `properties`, so it fails.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-policy.html
 */
import { AwsError } from '../../../core/aws-error.js'
import { physicalName } from '../../../core/ids.js'
import type { ResourceContext, ResourceProvider } from '../../../core/types.js'

interface PolicyProps {
  PolicyName: string
  PolicyDocument: unknown
  Roles?: string[]
  Users?: string[]
}

/** Each role and user the policy goes on, with the operations for its kind. */
const targets = (props: PolicyProps) => [
  ...(props.Roles ?? []).map((name) => ({ name, put: 'PutRolePolicy', del: 'DeleteRolePolicy', key: 'RoleName', id: `role/${name}` })),
  ...(props.Users ?? []).map((name) => ({ name, put: 'PutUserPolicy', del: 'DeleteUserPolicy', key: 'UserName', id: `user/${name}` })),
]

const json = (doc: unknown): string => (typeof doc === 'string' ? doc : JSON.stringify(doc))

async function put(props: PolicyProps, rc: ResourceContext): Promise<void> {
  for (const t of targets(props)) {
    await rc.call('iam', t.put, { [t.key]: t.name, PolicyName: props.PolicyName, PolicyDocument: json(props.PolicyDocument) })
  }
}

async function remove(props: PolicyProps, rc: ResourceContext, keep: string[] = []): Promise<void> {
  for (const t of targets(props)) {
    if (keep.includes(t.id)) continue
    await rc.call('iam', t.del, { [t.key]: t.name, PolicyName: props.PolicyName }).catch((err) => {
      if ((err as AwsError).code !== 'NoSuchEntity') throw err
    })
  }
}

export const policyProvider: ResourceProvider<PolicyProps> = {
  properties: ['PolicyName', 'PolicyDocument', 'Roles', 'Users'],
  required: ['PolicyName', 'PolicyDocument'],

  async create(props, rc) {
    if (!props.Roles?.length && !props.Users?.length) {
      throw new AwsError('ValidationError', 400, 'At least one of [Groups, Roles, Users] must be non-empty (the local cloud has no groups).')
    }
    try {
      await put(props, rc)
    } catch (err) {
      // Undo the roles already given the policy: a failed create leaves nothing behind.
      await remove(props, rc).catch(() => {})
      throw err
    }
    // Ref is the policy's id: CloudFormation generates a short `{stack}-{logical}-{RANDOM}`.
    return { physicalId: physicalName(rc.stackName, rc.logicalId, 26) }
  },

  async update(id, props, previous, rc) {
    const renamed = props.PolicyName !== previous.PolicyName
    await remove(previous, rc, renamed ? [] : targets(props).map((t) => t.id))
    await put(props, rc)
    return { physicalId: id }
  },

  async delete(_id, props, rc) {
    await remove(props, rc)
  },
}
