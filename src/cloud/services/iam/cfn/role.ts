/**
 * @module CloudFormation `AWS::IAM::Role` over the IAM api.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html
 */
import { AwsError } from '../../../core/aws-error.js'
import { physicalName } from '../../../core/ids.js'
import type { ResourceContext, ResourceProvider } from '../../../core/types.js'

type Tag = { Key: string; Value: string }
interface RoleProps {
  RoleName?: string
  AssumeRolePolicyDocument: unknown
  ManagedPolicyArns?: string[]
  Policies?: { PolicyName: string; PolicyDocument: unknown }[]
  Path?: string
  Description?: string
  MaxSessionDuration?: number | string
  Tags?: Tag[]
}

/** CloudFormation converts YAML/JSON policy objects to JSON text before calling IAM. */
const json = (doc: unknown): string => (typeof doc === 'string' ? doc : JSON.stringify(doc))
const tagsOf = (props: RoleProps, rc: ResourceContext): Tag[] => [...rc.tags, ...(props.Tags ?? []).map((t) => ({ Key: String(t.Key), Value: String(t.Value) }))]

async function attributes(rc: ResourceContext, name: string) {
  const { Role } = await rc.call('iam', 'GetRole', { RoleName: name })
  return { physicalId: Role.RoleName as string, attributes: { Arn: Role.Arn, RoleId: Role.RoleId } }
}

async function syncPolicies(rc: ResourceContext, name: string, props: RoleProps, previous?: RoleProps): Promise<void> {
  const wanted = new Set(props.ManagedPolicyArns ?? [])
  for (const arn of previous?.ManagedPolicyArns ?? []) {
    if (!wanted.has(arn)) await rc.call('iam', 'DetachRolePolicy', { RoleName: name, PolicyArn: arn })
  }
  for (const arn of wanted) await rc.call('iam', 'AttachRolePolicy', { RoleName: name, PolicyArn: arn })
  const inline = new Set((props.Policies ?? []).map((p) => p.PolicyName))
  for (const p of previous?.Policies ?? []) {
    if (!inline.has(p.PolicyName)) await rc.call('iam', 'DeleteRolePolicy', { RoleName: name, PolicyName: p.PolicyName })
  }
  for (const p of props.Policies ?? []) {
    await rc.call('iam', 'PutRolePolicy', { RoleName: name, PolicyName: p.PolicyName, PolicyDocument: json(p.PolicyDocument) })
  }
}

export const roleProvider: ResourceProvider<RoleProps> = {
  properties: ['RoleName', 'AssumeRolePolicyDocument', 'ManagedPolicyArns', 'Policies', 'Path', 'Description', 'MaxSessionDuration', 'Tags'],
  required: ['AssumeRolePolicyDocument'],
  createOnly: ['RoleName', 'Path'],

  async create(props, rc) {
    const name = props.RoleName ?? physicalName(rc.stackName, rc.logicalId, 64)
    await rc.call('iam', 'CreateRole', {
      RoleName: name,
      AssumeRolePolicyDocument: json(props.AssumeRolePolicyDocument),
      Path: props.Path,
      Description: props.Description,
      MaxSessionDuration: props.MaxSessionDuration,
      Tags: tagsOf(props, rc),
    })
    try {
      await syncPolicies(rc, name, props)
    } catch (err) {
      // A role CloudFormation could not finish is rolled back by CloudFormation, which knows only a
      // physical id once create succeeds: clean up here so nothing is left behind.
      await roleProvider.delete(name, props, rc).catch(() => {})
      throw err
    }
    return attributes(rc, name)
  },

  async update(name, props, previous, rc) {
    if (json(props.AssumeRolePolicyDocument) !== json(previous.AssumeRolePolicyDocument)) {
      await rc.call('iam', 'UpdateAssumeRolePolicy', { RoleName: name, PolicyDocument: json(props.AssumeRolePolicyDocument) })
    }
    await rc.call('iam', 'UpdateRole', { RoleName: name, Description: props.Description ?? '', MaxSessionDuration: props.MaxSessionDuration ?? 3600 })
    await syncPolicies(rc, name, props, previous)
    const keys = new Set(tagsOf(props, rc).map((t) => t.Key))
    const removed = tagsOf(previous, rc).map((t) => t.Key).filter((k) => !keys.has(k))
    if (removed.length) await rc.call('iam', 'UntagRole', { RoleName: name, TagKeys: removed })
    await rc.call('iam', 'TagRole', { RoleName: name, Tags: tagsOf(props, rc) })
    return attributes(rc, name)
  },

  /** Like CloudFormation: remove the policies this resource declared, then the role (DeleteConflict if others remain). */
  async delete(name, props, rc) {
    try {
      for (const p of props.Policies ?? []) {
        await rc.call('iam', 'DeleteRolePolicy', { RoleName: name, PolicyName: p.PolicyName }).catch(ignoreMissing)
      }
      for (const arn of props.ManagedPolicyArns ?? []) {
        await rc.call('iam', 'DetachRolePolicy', { RoleName: name, PolicyArn: arn }).catch(ignoreMissing)
      }
      await rc.call('iam', 'DeleteRole', { RoleName: name })
    } catch (err) {
      ignoreMissing(err)
    }
  },
}

function ignoreMissing(err: unknown): void {
  if ((err as AwsError)?.code !== 'NoSuchEntity') throw err
}
