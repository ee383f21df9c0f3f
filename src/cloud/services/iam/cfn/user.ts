/**
 * @module CloudFormation `AWS::IAM::User`: Ref is the user name, GetAtt Arn. Inline `Policies` and `ManagedPolicyArns`
 * are kept in step on update. Not implemented: `Groups`, `LoginProfile`, `PermissionsBoundary` (not in `properties`,
 * so a template using them fails with a reason rather than deploying without them).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-user.html
 */
import type { AwsError } from '../../../core/aws-error.js'
import { physicalName } from '../../../core/ids.js'
import type { ResourceContext, ResourceProvider } from '../../../core/types.js'

type Tag = { Key: string; Value: string }
interface UserProps {
  UserName?: string
  Path?: string
  Policies?: { PolicyName: string; PolicyDocument: unknown }[]
  ManagedPolicyArns?: string[]
  Tags?: Tag[]
}

const json = (doc: unknown): string => (typeof doc === 'string' ? doc : JSON.stringify(doc))
const ignoreMissing = (err: unknown) => {
  if ((err as AwsError)?.code !== 'NoSuchEntity') throw err
}

async function syncPolicies(rc: ResourceContext, name: string, props: UserProps, previous?: UserProps): Promise<void> {
  const wanted = new Set(props.ManagedPolicyArns ?? [])
  for (const arn of previous?.ManagedPolicyArns ?? []) {
    if (!wanted.has(arn)) await rc.call('iam', 'DetachUserPolicy', { UserName: name, PolicyArn: arn }).catch(ignoreMissing)
  }
  for (const arn of wanted) await rc.call('iam', 'AttachUserPolicy', { UserName: name, PolicyArn: arn })
  const inline = new Set((props.Policies ?? []).map((p) => p.PolicyName))
  for (const p of previous?.Policies ?? []) {
    if (!inline.has(p.PolicyName)) await rc.call('iam', 'DeleteUserPolicy', { UserName: name, PolicyName: p.PolicyName }).catch(ignoreMissing)
  }
  for (const p of props.Policies ?? []) await rc.call('iam', 'PutUserPolicy', { UserName: name, PolicyName: p.PolicyName, PolicyDocument: json(p.PolicyDocument) })
}

async function attributes(rc: ResourceContext, name: string) {
  const { User } = await rc.call('iam', 'GetUser', { UserName: name })
  return { physicalId: User.UserName as string, attributes: { Arn: User.Arn } }
}

export const userProvider: ResourceProvider<UserProps> = {
  properties: ['UserName', 'Path', 'Policies', 'ManagedPolicyArns', 'Tags'],
  createOnly: ['UserName', 'Path'],

  async create(props, rc) {
    const name = props.UserName ?? physicalName(rc.stackName, rc.logicalId, 64)
    await rc.call('iam', 'CreateUser', { UserName: name, Path: props.Path, Tags: [...rc.tags, ...(props.Tags ?? [])] })
    try {
      await syncPolicies(rc, name, props)
    } catch (err) {
      await userProvider.delete(name, props, rc).catch(() => {})
      throw err
    }
    return attributes(rc, name)
  },

  async update(name, props, previous, rc) {
    await syncPolicies(rc, name, props, previous)
    return attributes(rc, name)
  },

  /** Like CloudFormation: the policies this resource declared go first; keys or policies others added keep the user (DeleteConflict). */
  async delete(name, props, rc) {
    try {
      for (const p of props.Policies ?? []) await rc.call('iam', 'DeleteUserPolicy', { UserName: name, PolicyName: p.PolicyName }).catch(ignoreMissing)
      for (const arn of props.ManagedPolicyArns ?? []) await rc.call('iam', 'DetachUserPolicy', { UserName: name, PolicyArn: arn }).catch(ignoreMissing)
      await rc.call('iam', 'DeleteUser', { UserName: name })
    } catch (err) {
      ignoreMissing(err)
    }
  },
}
