/**
 * @module CloudFormation `AWS::Logs::LogGroup` over the Logs api.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-logs-loggroup.html
 */
import { AwsError } from '../../../core/aws-error.js'
import { physicalName } from '../../../core/ids.js'
import type { ResourceContext, ResourceProvider } from '../../../core/types.js'

type Tag = { Key: string; Value: string }
interface LogGroupProps {
  LogGroupName?: string
  RetentionInDays?: number | string
  Tags?: Tag[]
}

const arnOf = (rc: ResourceContext, name: string) => `arn:aws:logs:${rc.region}:${rc.accountId}:log-group:${name}`
const tagsOf = (props: LogGroupProps, rc: ResourceContext): Record<string, string> =>
  Object.fromEntries([...rc.tags, ...(props.Tags ?? [])].map((t) => [String(t.Key), String(t.Value)]))

export const logGroupProvider: ResourceProvider<LogGroupProps> = {
  properties: ['LogGroupName', 'RetentionInDays', 'Tags'],
  createOnly: ['LogGroupName'],

  async create(props, rc) {
    const name = props.LogGroupName ?? physicalName(rc.stackName, rc.logicalId, 512)
    await rc.call('logs', 'CreateLogGroup', { logGroupName: name, tags: tagsOf(props, rc) })
    if (props.RetentionInDays !== undefined) {
      try {
        await rc.call('logs', 'PutRetentionPolicy', { logGroupName: name, retentionInDays: Number(props.RetentionInDays) })
      } catch (err) {
        await rc.call('logs', 'DeleteLogGroup', { logGroupName: name }).catch(() => {})
        throw err
      }
    }
    // GetAtt Arn is the log group ARN with the `:*` suffix, as DescribeLogGroups' `arn` has it.
    return { physicalId: name, attributes: { Arn: `${arnOf(rc, name)}:*` } }
  },

  async update(name, props, previous, rc) {
    if (props.RetentionInDays === undefined) {
      if (previous.RetentionInDays !== undefined) await rc.call('logs', 'DeleteRetentionPolicy', { logGroupName: name })
    } else {
      await rc.call('logs', 'PutRetentionPolicy', { logGroupName: name, retentionInDays: Number(props.RetentionInDays) })
    }
    const arn = arnOf(rc, name)
    const wanted = tagsOf(props, rc)
    const removed = Object.keys(tagsOf(previous, rc)).filter((k) => !(k in wanted))
    if (removed.length) await rc.call('logs', 'UntagResource', { resourceArn: arn, tagKeys: removed })
    await rc.call('logs', 'TagResource', { resourceArn: arn, tags: wanted })
    return { physicalId: name, attributes: { Arn: `${arn}:*` } }
  },

  async delete(name, _props, rc) {
    await rc.call('logs', 'DeleteLogGroup', { logGroupName: name }).catch((err) => {
      if ((err as AwsError).code !== 'ResourceNotFoundException') throw err
    })
  },
}
