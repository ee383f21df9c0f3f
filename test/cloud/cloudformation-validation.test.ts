import {
  CloudFormationClient, CreateStackCommand, DescribeStacksCommand, GetTemplateSummaryCommand, ValidateTemplateCommand,
  waitUntilStackCreateComplete,
} from '@aws-sdk/client-cloudformation'
import { describe, expect, it } from 'vitest'
import { type CfnHarness, STACK_WAIT, useCfnHarness } from '../fixtures/cfn/harness.js'

let h: CfnHarness
let cfn: CloudFormationClient

useCfnHarness((harness) => {
  h = harness
  cfn = new CloudFormationClient(h.sdk)
})

const create = (TemplateBody: string, extra: Record<string, unknown> = {}) =>
  cfn.send(new CreateStackCommand({ StackName: `v${Math.random().toString(36).slice(2, 8)}`, TemplateBody, ...extra }))

describe('CloudFormation template validation', () => {
  it('rejects malformed YAML and JSON with the position', async () => {
    await expect(create('Resources:\n  A:\n    Type: [unclosed\n')).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringMatching(/^Template format error: YAML not well-formed\. \(line \d+, column \d+\)$/),
    })
    // The line of the mistake (an indentation slip on line 6), not line 1: it is the learner's only clue.
    const slip = 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: x\n     Tags: 1\n'
    await expect(create(slip)).rejects.toMatchObject({ message: expect.stringMatching(/YAML not well-formed\. \(line 6, column \d+\)$/) })
    await expect(create('{"Resources": {"A": }}')).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringMatching(/^Template format error: JSON not well-formed\. \(line 1, column \d+\)$/),
    })
  })

  it('rejects unresolved references, circular dependencies and unknown types', async () => {
    await expect(create(JSON.stringify({ Resources: { A: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { Ref: 'Nope' } } } } })))
      .rejects.toMatchObject({ message: 'Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template' })
    await expect(create(JSON.stringify({
      Resources: {
        A: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::GetAtt': ['B', 'Arn'] } } },
        B: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::Sub': '${A}' } } },
        C: { Type: 'AWS::SQS::Queue' },
      },
    }))).rejects.toMatchObject({ name: 'ValidationError', message: 'Circular dependency between resources: [A, B]' })
    await expect(create('Resources:\n  A:\n    Type: AWS::S3::Bukket\n')).rejects.toMatchObject({
      message: 'Template format error: Unrecognized resource types: [AWS::S3::Bukket]',
    })
    await expect(create(JSON.stringify({ Resources: { A: { Type: 'AWS::SQS::Queue' } }, Outputs: { O: { Description: 'x' } } })))
      .rejects.toMatchObject({ message: 'Template format error: Every Outputs member must contain a Value object, the element O is missing the Value property' })
    await expect(create('Resources: {}\n')).rejects.toMatchObject({ message: 'Template format error: At least one Resources member must be defined.' })
    await expect(create(JSON.stringify({ Resources: { A: { Type: 'AWS::SQS::Queue' } }, Outputs: { O: { Value: { Ref: 'Ghost' } } } })))
      .rejects.toMatchObject({ message: 'Template format error: Unresolved resource dependencies [Ghost] in the Outputs block of the template' })
  })

  it('rejects references to a resource its condition leaves out, unless a false Fn::If branch holds them', async () => {
    const template = (output: unknown) => JSON.stringify({
      Parameters: { Env: { Type: 'String', Default: 'dev' } },
      Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
      Resources: {
        ProdQueue: { Type: 'AWS::SQS::Queue', Condition: 'IsProd' },
        Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::If': ['IsProd', { 'Fn::GetAtt': ['ProdQueue', 'Name'] }, 'plain'] } } },
      },
      Outputs: { O: { Value: output } },
    })
    await expect(create(template({ Ref: 'ProdQueue' })))
      .rejects.toMatchObject({ message: 'Template format error: Unresolved resource dependencies [ProdQueue] in the Outputs block of the template' })
    const { StackId } = await create(template({ 'Fn::If': ['IsProd', { Ref: 'ProdQueue' }, 'none'] }))
    await waitUntilStackCreateComplete({ client: cfn, ...STACK_WAIT }, { StackName: StackId })
  })

  it('checks conditions and intrinsic functions before creating anything, as ValidateTemplate does', async () => {
    const validate = (TemplateBody: string) => cfn.send(new ValidateTemplateCommand({ TemplateBody }))
    await expect(validate('Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !If [IsProd, a, !Ref AWS::NoValue]\n'))
      .rejects.toMatchObject({ name: 'ValidationError', message: 'Template error: unresolved condition dependency IsProd in Fn::If' })
    await expect(validate('Conditions:\n  C: !Equals [!Ref B, x]\nResources:\n  B:\n    Type: AWS::S3::Bucket\n')).rejects.toMatchObject({
      message: 'Template format error: Unresolved dependencies [B]. Cannot reference resources in the Conditions block of the template',
    })
    await expect(validate('Resources:\n  B:\n    Type: AWS::S3::Bucket\nOutputs:\n  O:\n    Value: !GetAtt [B]\n')).rejects.toMatchObject({
      message: 'Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute',
    })
    // Conditions on parameters, and Fn::GetAtt in both forms, pass.
    const fine = 'Parameters:\n  Env: {Type: String}\nConditions:\n  C: !Equals [!Ref Env, x]\nResources:\n  B:\n    Type: AWS::S3::Bucket\n' +
      'Outputs:\n  O:\n    Value: !If [C, !GetAtt B.Arn, !GetAtt [B, DomainName]]\n'
    await expect(validate(fine)).resolves.toBeDefined()
  })

  it('checks parameter values like AWS', async () => {
    const template = `
Parameters:
  Stage: { Type: String, AllowedValues: [dev, prod] }
  Size: { Type: Number, MinValue: 1, MaxValue: 5, Default: 2 }
  Code: { Type: String, AllowedPattern: '[a-z]+', Default: abc }
Resources:
  Q: { Type: AWS::SQS::Queue }
`
    await expect(create(template)).rejects.toMatchObject({ name: 'ValidationError', message: 'Parameters: [Stage] must have values' })
    await expect(create(template, { Parameters: [{ ParameterKey: 'Stage', ParameterValue: 'qa' }] }))
      .rejects.toMatchObject({ message: "Parameter 'Stage' must be one of AllowedValues" })
    await expect(create(template, { Parameters: [{ ParameterKey: 'Stage', ParameterValue: 'dev' }, { ParameterKey: 'Size', ParameterValue: '9' }] }))
      .rejects.toMatchObject({ message: "Parameter 'Size' must be a number not greater than 5" })
    await expect(create(template, { Parameters: [{ ParameterKey: 'Stage', ParameterValue: 'dev' }, { ParameterKey: 'Code', ParameterValue: 'ABC' }] }))
      .rejects.toMatchObject({ message: "Parameter 'Code' must match pattern [a-z]+" })
    await expect(create(template, { Parameters: [{ ParameterKey: 'Stage', ParameterValue: 'dev' }, { ParameterKey: 'Other', ParameterValue: 'x' }] }))
      .rejects.toMatchObject({ message: 'Parameters: [Other] do not exist in the template' })
  })

  it('requires IAM capabilities when the template has IAM resources', async () => {
    const role = (named: boolean) => JSON.stringify({
      Resources: { R: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {}, ...(named ? { RoleName: 'r' } : {}) } } },
    })
    await expect(create(role(false))).rejects.toMatchObject({ name: 'InsufficientCapabilitiesException', message: 'Requires capabilities : [CAPABILITY_IAM]' })
    await expect(create(role(true), { Capabilities: ['CAPABILITY_IAM'] }))
      .rejects.toMatchObject({ name: 'InsufficientCapabilitiesException', message: 'Requires capabilities : [CAPABILITY_NAMED_IAM]' })
    const { StackId } = await create(role(true), { Capabilities: ['CAPABILITY_NAMED_IAM'] })
    await waitUntilStackCreateComplete({ client: cfn, ...STACK_WAIT }, { StackName: StackId })
    const v = await cfn.send(new ValidateTemplateCommand({ TemplateBody: role(false) }))
    expect(v.Capabilities).toEqual(['CAPABILITY_IAM'])
    expect(v.CapabilitiesReason).toBe('The following resource(s) require capabilities: [AWS::IAM::Role]')
  })

  it('validates and summarises templates', async () => {
    const template = `
Description: summary
Parameters:
  Name: { Type: String, Default: x, Description: the name, AllowedValues: [x, y] }
  Pw: { Type: String, NoEcho: true }
Resources:
  Q: { Type: AWS::SQS::Queue }
  B: { Type: AWS::S3::Bucket }
`
    const v = await cfn.send(new ValidateTemplateCommand({ TemplateBody: template }))
    expect(v.Description).toBe('summary')
    expect(v.Parameters).toEqual([
      { ParameterKey: 'Name', DefaultValue: 'x', NoEcho: false, Description: 'the name' },
      { ParameterKey: 'Pw', NoEcho: true },
    ])
    const s = await cfn.send(new GetTemplateSummaryCommand({ TemplateBody: template }))
    expect(s.ResourceTypes).toEqual(['AWS::SQS::Queue', 'AWS::S3::Bucket'])
    expect(s.Parameters![0]).toMatchObject({ ParameterKey: 'Name', ParameterType: 'String', ParameterConstraints: { AllowedValues: ['x', 'y'] } })
    await expect(cfn.send(new ValidateTemplateCommand({ TemplateBody: 'Resources:\n  A:\n    Properties: {}\n' })))
      .rejects.toMatchObject({ message: 'Template format error: [/Resources/A] Every Resources object must contain a Type member.' })
  })

  it('reads a template from the local S3 by URL', async () => {
    h.world.s3Objects.set('deploy-bucket/stacks/t.yaml', 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n')
    const { StackId } = await cfn.send(new CreateStackCommand({ StackName: 'from-url', TemplateURL: `${h.endpoint}/deploy-bucket/stacks/t.yaml` }))
    await waitUntilStackCreateComplete({ client: cfn, ...STACK_WAIT }, { StackName: StackId })
    const { StackId: id2 } = await cfn.send(new CreateStackCommand({ StackName: 'from-aws-url', TemplateURL: 'https://deploy-bucket.s3.us-east-1.amazonaws.com/stacks/t.yaml' }))
    await waitUntilStackCreateComplete({ client: cfn, ...STACK_WAIT }, { StackName: id2 })
    await expect(cfn.send(new CreateStackCommand({ StackName: 'bad-url', TemplateURL: 'https://s3.amazonaws.com/deploy-bucket/missing.yaml' })))
      .rejects.toMatchObject({ name: 'ValidationError', message: expect.stringContaining('S3 error: The specified key does not exist.') })
    await expect(cfn.send(new CreateStackCommand({ StackName: 'no-template' })))
      .rejects.toMatchObject({ message: 'Either Template URL or Template Body must be specified.' })
  })

  it('rejects bad stack names and unknown stacks', async () => {
    await expect(create('x', {}).then(() => cfn.send(new CreateStackCommand({ StackName: '1bad', TemplateBody: '{}' })))).rejects.toMatchObject({ name: 'ValidationError' })
    await expect(cfn.send(new DescribeStacksCommand({ StackName: 'ghost' }))).rejects.toMatchObject({ name: 'ValidationError', message: 'Stack with id ghost does not exist' })
  })
})
