/**
 * @module CloudFormation `AWS::IAM::Policy`: one inline policy put on each listed role.
 * Not implemented: `Groups` and `Users` (the local IAM has roles only) — not in `properties`, so they fail.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-policy.html
 */
import { AwsError } from '../../../core/aws-error.js'
import { physicalName } from '../../../core/ids.js'
import type { ResourceContext, ResourceProvider } from '../../../core/types.js'

interface PolicyProps {
  PolicyName: string
  PolicyDocument: unknown
  Roles?: string[]
}

const json = (doc: unknown): string => (typeof doc === 'string' ? doc : JSON.stringify(doc))

async function put(props: PolicyProps, rc: ResourceContext): Promise<void> {
  for (const role of props.Roles ?? []) {
    await rc.call('iam', 'PutRolePolicy', { RoleName: role, PolicyName: props.PolicyName, PolicyDocument: json(props.PolicyDocument) })
  }
}

async function remove(props: PolicyProps, rc: ResourceContext, keepRoles: string[] = []): Promise<void> {
  for (const role of props.Roles ?? []) {
    if (keepRoles.includes(role)) continue
    await rc.call('iam', 'DeleteRolePolicy', { RoleName: role, PolicyName: props.PolicyName }).catch((err) => {
      if ((err as AwsError).code !== 'NoSuchEntity') throw err
    })
  }
}

export const policyProvider: ResourceProvider<PolicyProps> = {
  properties: ['PolicyName', 'PolicyDocument', 'Roles'],
  required: ['PolicyName', 'PolicyDocument'],

  async create(props, rc) {
    if (!props.Roles?.length) {
      throw new AwsError('ValidationError', 400, 'At least one of [Groups, Roles, Users] must be non-empty (the local cloud supports Roles only).')
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
    await remove(previous, rc, renamed ? [] : props.Roles)
    await put(props, rc)
    return { physicalId: id }
  },

  async delete(_id, props, rc) {
    await remove(props, rc)
  },
}
