/**
 * @module CloudFormation `AWS::IAM::ManagedPolicy`: a customer managed policy, attached to the listed users and
 * roles. Ref is the policy ARN. A changed document becomes a new default version (the oldest non-default one goes
 * first when five exist), as CloudFormation does. Not implemented: `Groups` (no groups locally).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-managedpolicy.html
 */
import type { AwsError } from '../../../core/aws-error.js'
import { physicalName } from '../../../core/ids.js'
import type { ResourceContext, ResourceProvider } from '../../../core/types.js'

interface ManagedPolicyProps {
  ManagedPolicyName?: string
  PolicyDocument: unknown
  Path?: string
  Description?: string
  Users?: string[]
  Roles?: string[]
}

const json = (doc: unknown): string => (typeof doc === 'string' ? doc : JSON.stringify(doc))
const ignoreMissing = (err: unknown) => {
  if ((err as AwsError)?.code !== 'NoSuchEntity') throw err
}

async function attach(rc: ResourceContext, arn: string, props: ManagedPolicyProps, previous?: ManagedPolicyProps): Promise<void> {
  for (const [kind, op, detach] of [['Users', 'AttachUserPolicy', 'DetachUserPolicy'], ['Roles', 'AttachRolePolicy', 'DetachRolePolicy']] as const) {
    const key = kind === 'Users' ? 'UserName' : 'RoleName'
    const wanted = new Set(props[kind] ?? [])
    for (const name of previous?.[kind] ?? []) if (!wanted.has(name)) await rc.call('iam', detach, { [key]: name, PolicyArn: arn }).catch(ignoreMissing)
    for (const name of wanted) await rc.call('iam', op, { [key]: name, PolicyArn: arn })
  }
}

const result = (policy: any) => ({ physicalId: policy.Arn as string, attributes: { PolicyArn: policy.Arn, PolicyId: policy.PolicyId, DefaultVersionId: policy.DefaultVersionId } })

export const managedPolicyProvider: ResourceProvider<ManagedPolicyProps> = {
  properties: ['ManagedPolicyName', 'PolicyDocument', 'Path', 'Description', 'Users', 'Roles'],
  required: ['PolicyDocument'],
  createOnly: ['ManagedPolicyName', 'Path', 'Description'],

  async create(props, rc) {
    const { Policy } = await rc.call('iam', 'CreatePolicy', {
      PolicyName: props.ManagedPolicyName ?? physicalName(rc.stackName, rc.logicalId, 128),
      PolicyDocument: json(props.PolicyDocument),
      Path: props.Path,
      Description: props.Description,
    })
    try {
      await attach(rc, Policy.Arn, props)
    } catch (err) {
      await managedPolicyProvider.delete(Policy.Arn, props, rc).catch(() => {})
      throw err
    }
    return result(Policy)
  },

  async update(arn, props, previous, rc) {
    if (json(props.PolicyDocument) !== json(previous.PolicyDocument)) {
      const { Versions } = await rc.call('iam', 'ListPolicyVersions', { PolicyArn: arn })
      const old = (Versions as { VersionId: string; IsDefaultVersion: boolean }[]).filter((v) => !v.IsDefaultVersion)
      if (Versions.length >= 5) await rc.call('iam', 'DeletePolicyVersion', { PolicyArn: arn, VersionId: old[old.length - 1].VersionId })
      await rc.call('iam', 'CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: json(props.PolicyDocument), SetAsDefault: true })
    }
    await attach(rc, arn, props, previous)
    return result((await rc.call('iam', 'GetPolicy', { PolicyArn: arn })).Policy)
  },

  /** Detach from the declared users and roles, drop old versions, then the policy. */
  async delete(arn, props, rc) {
    try {
      for (const name of props.Users ?? []) await rc.call('iam', 'DetachUserPolicy', { UserName: name, PolicyArn: arn }).catch(ignoreMissing)
      for (const name of props.Roles ?? []) await rc.call('iam', 'DetachRolePolicy', { RoleName: name, PolicyArn: arn }).catch(ignoreMissing)
      const { Versions } = await rc.call('iam', 'ListPolicyVersions', { PolicyArn: arn })
      for (const v of Versions as { VersionId: string; IsDefaultVersion: boolean }[]) {
        if (!v.IsDefaultVersion) await rc.call('iam', 'DeletePolicyVersion', { PolicyArn: arn, VersionId: v.VersionId })
      }
      await rc.call('iam', 'DeletePolicy', { PolicyArn: arn })
    } catch (err) {
      ignoreMissing(err)
    }
  },
}
