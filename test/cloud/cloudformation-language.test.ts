/**
 * The template language on templates written the way users bring them: unknown YAML tags, parameter types the
 * local cloud cannot resolve, Rules, `Version` on custom resources, the AWS::LanguageExtensions transform and
 * the schema types CloudFormation converts property values to.
 */
import {
  CloudFormationClient, CreateStackCommand, DescribeStackResourcesCommand, GetTemplateCommand, DescribeStacksCommand, ValidateTemplateCommand,
  waitUntilStackCreateComplete,
} from '@aws-sdk/client-cloudformation'
import { describe, expect, it } from 'vitest'
import { typedProperties } from '../../src/cloud/services/cloudformation/engine/property-types.js'
import { type CfnHarness, STACK_WAIT, useCfnHarness } from '../fixtures/cfn/harness.js'

let h: CfnHarness
let cfn: CloudFormationClient

useCfnHarness((harness) => {
  h = harness
  cfn = new CloudFormationClient(h.sdk)
})

const AUTO = { Capabilities: ['CAPABILITY_AUTO_EXPAND'] }
const name = () => `l${Math.random().toString(36).slice(2, 8)}`
const create = (TemplateBody: string, extra: Record<string, unknown> = {}) =>
  cfn.send(new CreateStackCommand({ StackName: name(), TemplateBody, ...extra }))

async function deployed(TemplateBody: string, extra: Record<string, unknown> = {}) {
  const StackName = name()
  await cfn.send(new CreateStackCommand({ StackName, TemplateBody, ...extra }))
  await waitUntilStackCreateComplete({ client: cfn, ...STACK_WAIT }, { StackName })
  const resources = (await cfn.send(new DescribeStackResourcesCommand({ StackName }))).StackResources!
  const stack = (await cfn.send(new DescribeStacksCommand({ StackName }))).Stacks![0]
  return { resources, outputs: Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue])) }
}

describe('YAML tags', () => {
  // @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html (only the documented short forms)
  it('refuses an unknown tag instead of keeping its scalar', async () => {
    for (const body of ['Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Bogus x\n',
      'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Rain::Embed file.py\n']) {
      await expect(create(body)).rejects.toMatchObject({ name: 'ValidationError', message: 'Template format error: YAML not well-formed. (line 5, column 18)' })
    }
    expect(h.world.live.size).toBe(0)
  })
})

describe('parameter types', () => {
  // @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-supplied-parameter-types.html
  it('refuses AWS-specific and SSM types as not emulated, never passing the text through', async () => {
    for (const type of ['AWS::EC2::VPC::Id', 'AWS::SSM::Parameter::Value<String>', 'List<AWS::EC2::Subnet::Id>']) {
      const body = JSON.stringify({ Parameters: { P: { Type: type, Default: 'vpc-123' } }, Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { Ref: 'P' } } } } })
      await expect(create(body)).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringContaining(`Parameter 'P' is of type ${type}, which the local cloud does not emulate`) })
    }
    const bogus = JSON.stringify({ Parameters: { P: { Type: 'AWS::EC2::Bogus::Id' } }, Resources: { Q: { Type: 'AWS::SQS::Queue' } } })
    await expect(create(bogus)).rejects.toMatchObject({ message: 'Template format error: Unrecognized parameter type: AWS::EC2::Bogus::Id' })
  })
})

describe('Rules', () => {
  // @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/rules-section-structure.html
  const template = JSON.stringify({
    Parameters: { Env: { Type: 'String' }, Size: { Type: 'String', Default: 'small' }, Zones: { Type: 'CommaDelimitedList', Default: 'a,b' } },
    Rules: {
      ProdIsLarge: {
        RuleCondition: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
        Assertions: [{ Assert: { 'Fn::Contains': [['large', 'xlarge'], { Ref: 'Size' }] }, AssertDescription: 'For a production environment, the size must be large or xlarge' }],
      },
      KnownZones: {
        Assertions: [
          { Assert: { 'Fn::EachMemberIn': [{ Ref: 'Zones' }, ['a', 'b', 'c']] }, AssertDescription: 'Zones must be a, b or c' },
          { Assert: { 'Fn::Not': [{ 'Fn::EachMemberEquals': [{ Ref: 'Zones' }, 'z'] }] } },
        ],
      },
    },
    Resources: { Q: { Type: 'AWS::SQS::Queue' } },
  })

  it('refuses the operation with the AssertDescription before anything is created', async () => {
    const StackName = name()
    await expect(cfn.send(new CreateStackCommand({ StackName, TemplateBody: template, Parameters: [{ ParameterKey: 'Env', ParameterValue: 'prod' }] })))
      .rejects.toMatchObject({ name: 'ValidationError', message: 'For a production environment, the size must be large or xlarge' })
    await expect(cfn.send(new DescribeStacksCommand({ StackName }))).rejects.toMatchObject({ message: `Stack with id ${StackName} does not exist` })
    await expect(create(template, { Parameters: [{ ParameterKey: 'Env', ParameterValue: 'dev' }, { ParameterKey: 'Zones', ParameterValue: 'a,q' }] }))
      .rejects.toMatchObject({ message: 'Zones must be a, b or c' })
    expect(h.world.live.size).toBe(0)
  })

  it('skips a rule whose RuleCondition is false and creates the stack when every assertion holds', async () => {
    const { resources } = await deployed(template, { Parameters: [{ ParameterKey: 'Env', ParameterValue: 'dev' }] })
    expect(resources.map((r) => r.LogicalResourceId)).toEqual(['Q'])
    await deployed(template, { Parameters: [{ ParameterKey: 'Env', ParameterValue: 'prod' }, { ParameterKey: 'Size', ParameterValue: 'xlarge' }] })
  })

  it('refuses functions the Rules section does not have', async () => {
    const body = JSON.stringify({ Rules: { R: { Assertions: [{ Assert: { 'Fn::Sub': 'x' } }] } }, Resources: { Q: { Type: 'AWS::SQS::Queue' } } })
    await expect(cfn.send(new ValidateTemplateCommand({ TemplateBody: body }))).rejects.toMatchObject({ message: expect.stringContaining('Fn::Sub is not a supported function in the Rules section') })
  })
})

describe('custom resources', () => {
  // @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-customresource.html
  it('accepts Version on custom resources only', async () => {
    const custom = JSON.stringify({ Resources: { C: { Type: 'Custom::Thing', Version: '1.0', Properties: { ServiceToken: 'arn:aws:lambda:us-east-1:000000000000:function:f' } } } })
    await expect(cfn.send(new ValidateTemplateCommand({ TemplateBody: custom }))).resolves.toBeDefined()
    const queue = JSON.stringify({ Resources: { Q: { Type: 'AWS::SQS::Queue', Version: '1.0' } } })
    await expect(create(queue)).rejects.toMatchObject({ message: 'Template format error: Unrecognized resource attribute(s) [Version] in resource Q' })
  })
})

describe('AWS::LanguageExtensions', () => {
  // @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-foreach.html
  const yaml = `Transform: AWS::LanguageExtensions
Parameters:
  Queues:
    Type: CommaDelimitedList
    Default: orders,pay-ments
  Keep:
    Type: String
    AllowedValues: [Retain, Delete]
    Default: Retain
Conditions:
  Fn::ForEach::Flags:
    - Q
    - !Ref Queues
    - Is&{Q}:
        !Equals [!Ref Keep, Retain]
Resources:
  Fn::ForEach::Queues:
    - Name
    - !Ref Queues
    - Queue&{Name}:
        Type: AWS::SQS::Queue
        DeletionPolicy: !Ref Keep
        Properties:
          QueueName: !Sub 'app-\${Name}'
          Tags:
            - Key: count
              Value: !ToJsonString { n: !Length [a, b, c] }
      Fn::ForEach::Logs:
        - Level
        - [Info, Error]
        - Log&{Name}\${Level}:
            Type: AWS::Logs::LogGroup
            Properties:
              LogGroupName: !Sub '/app/\${Name}/\${Level}'
Outputs:
  Fn::ForEach::Names:
    - Name
    - !Ref Queues
    - Out&{Name}:
        Value: !Ref Queue&{Name}
`

  it('expands ForEach in Resources, Outputs and Conditions, nested loops, Length, ToJsonString and policies', async () => {
    // @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html (CAPABILITY_AUTO_EXPAND)
    await expect(create(yaml)).rejects.toMatchObject({ name: 'InsufficientCapabilitiesException', message: 'Requires capabilities : [CAPABILITY_AUTO_EXPAND]' })
    const { resources, outputs } = await deployed(yaml, { Capabilities: ['CAPABILITY_AUTO_EXPAND'] })
    expect(resources.map((r) => r.LogicalResourceId).sort()).toEqual([
      'LogordersError', 'LogordersInfo', 'LogpaymentsError', 'LogpaymentsInfo', 'Queueorders', 'Queuepayments',
    ])
    expect(outputs).toEqual({ Outorders: 'app-orders', Outpayments: 'app-pay-ments' })
    const queue = [...h.world.live.values()].find((r) => r.props.QueueName === 'app-orders')!
    expect(queue.props.Tags).toEqual([{ Key: 'count', Value: '{"n":3}' }])
    expect([...h.world.live.values()].some((r) => r.props.LogGroupName === '/app/pay-ments/Error')).toBe(true)
  })

  it('gives the processed template with GetTemplate TemplateStage Processed', async () => {
    const StackName = name()
    await cfn.send(new CreateStackCommand({ StackName, TemplateBody: yaml, ...AUTO, Parameters: [{ ParameterKey: 'Queues', ParameterValue: 'x,y.z' }] }))
    await waitUntilStackCreateComplete({ client: cfn, ...STACK_WAIT }, { StackName })
    const processed = JSON.parse((await cfn.send(new GetTemplateCommand({ StackName, TemplateStage: 'Processed' }))).TemplateBody!)
    expect(processed.Transform).toBeUndefined()
    expect(Object.keys(processed.Resources).sort()).toEqual(['LogxError', 'LogxInfo', 'LogyzError', 'LogyzInfo', 'Queuex', 'Queueyz'])
    expect(processed.Resources.Queueyz).toMatchObject({ DeletionPolicy: 'Retain', Properties: { QueueName: { 'Fn::Sub': 'app-y.z' } } })
    expect((await cfn.send(new GetTemplateCommand({ StackName }))).TemplateBody).toBe(yaml)
  })

  it('lists the declared transforms in ValidateTemplate', async () => {
    const out = await cfn.send(new ValidateTemplateCommand({ TemplateBody: yaml }))
    expect(out.DeclaredTransforms).toEqual(['AWS::LanguageExtensions'])
  })

  it('resolves Fn::FindInMap with a DefaultValue (keys from intrinsics), and refuses it without the transform', async () => {
    const template = (transform: boolean) => JSON.stringify({
      ...(transform ? { Transform: 'AWS::LanguageExtensions' } : {}),
      Mappings: { Sizes: { 'us-east-1': { Name: 'mapped' } } },
      Resources: {
        Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::FindInMap': ['Sizes', { Ref: 'AWS::Region' }, 'Name', { DefaultValue: 'fallback' }] } } },
        R: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::FindInMap': ['Sizes', 'eu-west-9', 'Name', { DefaultValue: { 'Fn::Sub': '${AWS::Region}-default' } }] } } },
        S: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::FindInMap': ['Sizes', 'constructor', 'name', { DefaultValue: 'not-the-prototype' }] } } },
      },
    })
    await deployed(template(true), AUTO)
    const names = [...h.world.live.values()].map((r) => r.props.QueueName)
    expect(names).toEqual(expect.arrayContaining(['mapped', 'us-east-1-default', 'not-the-prototype']))
    await expect(create(template(false))).rejects.toThrow()
  })

  it('refuses a malformed loop, extension functions without the transform and other transforms', async () => {
    const before = h.world.live.size
    const bad = JSON.stringify({ Transform: 'AWS::LanguageExtensions', Resources: { 'Fn::ForEach::X': ['N', ['a']] } })
    await expect(create(bad, AUTO)).rejects.toMatchObject({ message: expect.stringMatching(/^Transform AWS::LanguageExtensions failed with: Fn::ForEach layout is incorrect/) })
    const noKey = JSON.stringify({ Transform: 'AWS::LanguageExtensions', Resources: { 'Fn::ForEach::X': ['N', ['a'], { Fixed: { Type: 'AWS::SQS::Queue' } }] } })
    await expect(create(noKey, AUTO)).rejects.toMatchObject({ message: expect.stringContaining('must contain ${N} or &{N}') })
    const bare = JSON.stringify({ Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::Length': [1] } } } } })
    await expect(create(bare)).rejects.toMatchObject({ message: expect.stringMatching(/^Template format error: Encountered unsupported function: Fn::Length Supported functions are: \[/) })
    const sam = JSON.stringify({ Transform: 'AWS::Serverless-2016-10-31', Resources: { Q: { Type: 'AWS::SQS::Queue' } } })
    await expect(create(sam)).rejects.toMatchObject({ message: expect.stringContaining('Transform AWS::Serverless-2016-10-31 is not supported by the local cloud') })
    const policy = JSON.stringify({ Transform: 'AWS::LanguageExtensions', Resources: { Q: { Type: 'AWS::SQS::Queue', DeletionPolicy: { 'Fn::Sub': 'Keep' } } } })
    await expect(create(policy, AUTO)).rejects.toMatchObject({ message: expect.stringContaining('DeletionPolicy for resource Q must resolve to one of') })
    expect(h.world.live.size).toBe(before)
  })
})

describe('schema types of resource properties', () => {
  // @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html (a Number parameter is a string inside CloudFormation)
  it('converts numeric and boolean strings where the schema wants numbers and booleans, and refuses what does not convert', () => {
    expect(typedProperties('AWS::Lambda::Function', 'Fn', { Timeout: '10', MemorySize: 256, Code: { ZipFile: 'x' } })).toEqual({ Timeout: 10, MemorySize: 256, Code: { ZipFile: 'x' } })
    expect(() => typedProperties('AWS::Lambda::Function', 'Fn', { Timeout: 'ten' }))
      .toThrow('Properties validation failed for resource Fn with message: #/Timeout: expected type: Integer, found: String')
    expect(() => typedProperties('AWS::Lambda::Function', 'Fn', { Code: { ZipFile: { a: 1 } } }))
      .toThrow('Properties validation failed for resource Fn with message: #/Code/ZipFile: expected type: String, found: JSONObject')
    expect(typedProperties('AWS::ApiGateway::Stage', 'S', { TracingEnabled: 'false', MethodSettings: [{ ThrottlingRateLimit: '2.5', CachingEnabled: 'true' }] }))
      .toEqual({ TracingEnabled: false, MethodSettings: [{ ThrottlingRateLimit: 2.5, CachingEnabled: true }] })
    expect(typedProperties('AWS::ApiGateway::UsagePlan', 'P', { ApiStages: [{ Throttle: { '/x/GET': { BurstLimit: '5' } } }] }))
      .toEqual({ ApiStages: [{ Throttle: { '/x/GET': { BurstLimit: 5 } } }] })
    expect(() => typedProperties('AWS::ApiGateway::ApiKey', 'K', { Enabled: 'yes' })).toThrow('#/Enabled: expected type: Boolean, found: String')
  })
})
