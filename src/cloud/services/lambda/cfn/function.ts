/**
 * @module AWS::Lambda::Function over the Lambda api: inline `Code.ZipFile` becomes an `index.js`/`index.py` zip,
 * S3 code is read from the local S3, and a changed Code (e.g. a new S3Key) updates the code.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html
 */
import { AwsError } from '../../../core/aws-error.js'
import { physicalName } from '../../../core/ids.js'
import type { ResourceContext, ResourceProvider } from '../../../core/types.js'
import { inlineZip } from '../code.js'
import { functionArn } from '../names.js'
import { runtimeFamily } from '../validate.js'

interface FunctionProps {
  FunctionName?: string
  Runtime?: string
  Handler?: string
  Role: string
  Code: { ZipFile?: string; S3Bucket?: string; S3Key?: string; S3ObjectVersion?: string; ImageUri?: string }
  Environment?: { Variables?: Record<string, string> }
  Timeout?: number
  MemorySize?: number
  Description?: string
  Tags?: { Key: string; Value: string }[]
  Architectures?: string[]
}

function codeInput(props: FunctionProps) {
  const code = props.Code ?? {}
  if (code.ZipFile !== undefined) {
    return { ZipFile: inlineZip(runtimeFamily(props.Runtime ?? '') ?? 'nodejs', String(code.ZipFile)) }
  }
  return { S3Bucket: code.S3Bucket, S3Key: code.S3Key, S3ObjectVersion: code.S3ObjectVersion, ImageUri: code.ImageUri }
}

function tagMap(props: FunctionProps, rc: ResourceContext): Record<string, string> {
  const tags: Record<string, string> = {}
  for (const t of [...rc.tags, ...(props.Tags ?? [])]) tags[t.Key] = String(t.Value)
  return tags
}

function configuration(props: FunctionProps) {
  return {
    Runtime: props.Runtime,
    Handler: props.Handler,
    Role: props.Role,
    Description: props.Description ?? '',
    Timeout: props.Timeout ?? 3,
    MemorySize: props.MemorySize ?? 128,
    Environment: { Variables: props.Environment?.Variables ?? {} },
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

export const functionProvider: ResourceProvider<FunctionProps> = {
  properties: ['FunctionName', 'Runtime', 'Handler', 'Role', 'Code', 'Environment', 'Timeout', 'MemorySize', 'Description', 'Tags', 'Architectures'],
  required: ['Role', 'Code'],
  createOnly: ['FunctionName', 'Architectures'],

  async create(props, rc) {
    const name = props.FunctionName ?? physicalName(rc.stackName, rc.logicalId, 64)
    const arn = functionArn(rc.region, rc.accountId, name)
    await rc.call('lambda', 'CreateFunction', {
      FunctionName: arn,
      ...configuration(props),
      Code: codeInput(props),
      Architectures: props.Architectures,
      Tags: tagMap(props, rc),
    })
    return { physicalId: name, attributes: { Arn: arn } }
  },

  async update(physicalId, props, previous, rc) {
    const arn = functionArn(rc.region, rc.accountId, physicalId)
    if (!same(configuration(props), configuration(previous))) {
      await rc.call('lambda', 'UpdateFunctionConfiguration', { FunctionName: arn, ...configuration(props) })
    }
    // Inline code's file name depends on the runtime family, so a runtime change rewrites it too.
    if (!same(props.Code, previous.Code) || (props.Code?.ZipFile !== undefined && runtimeFamily(props.Runtime ?? '') !== runtimeFamily(previous.Runtime ?? ''))) {
      await rc.call('lambda', 'UpdateFunctionCode', { FunctionName: arn, ...codeInput(props) })
    }
    const tags = tagMap(props, rc)
    const old = tagMap(previous, rc)
    const removed = Object.keys(old).filter((k) => !(k in tags))
    if (removed.length) await rc.call('lambda', 'UntagResource', { Resource: arn, TagKeys: removed })
    if (!same(tags, old)) await rc.call('lambda', 'TagResource', { Resource: arn, Tags: tags })
    return { physicalId, attributes: { Arn: arn } }
  },

  async delete(physicalId, _props, rc) {
    try {
      await rc.call('lambda', 'DeleteFunction', { FunctionName: functionArn(rc.region, rc.accountId, physicalId) })
    } catch (err) {
      if (!(err instanceof AwsError && err.code === 'ResourceNotFoundException')) throw err
    }
  },
}
