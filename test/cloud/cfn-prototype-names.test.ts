/**
 * CloudFormation names that are also JavaScript's (`constructor`, `toString`, `__proto__`) are template names, never
 * lookups into Object.prototype. Before the fix a parameter named `constructor` resolved, inside `Fn::Sub`, to the
 * Object function (the stack failed), ValidateTemplate accepted `!Ref __proto__` and `!GetAtt toString.Arn`, and
 * creating that stack failed its resource with a JavaScript error (`type.startsWith is not a function`).
 */
import { CloudFormationClient, CreateStackCommand, DescribeStackEventsCommand, DescribeStacksCommand, ValidateTemplateCommand, waitUntilStackCreateComplete } from '@aws-sdk/client-cloudformation'
import { describe, expect, it } from 'vitest'
import { useTestCloud } from '../helpers/cloud.js'

let cfn: CloudFormationClient
useTestCloud((c) => {
  cfn = new CloudFormationClient(c.sdk)
})

const NAMED_LIKE_JS = `
Parameters:
  constructor:
    Type: String
    Default: built
Mappings:
  M:
    constructor:
      toString: from-map
Resources:
  Group:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub "group-\${constructor}"
Outputs:
  Mapped:
    Value: !FindInMap [M, constructor, toString]
  Name:
    Value: !Ref Group
`

describe('prototype names in templates', () => {
  it('a parameter and mapping keys named like Object.prototype members are plain names', async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'js-names', TemplateBody: NAMED_LIKE_JS }))
    await waitUntilStackCreateComplete({ client: cfn, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { StackName: 'js-names' })
    const outputs = (await cfn.send(new DescribeStacksCommand({ StackName: 'js-names' }))).Stacks![0].Outputs!
    expect(Object.fromEntries(outputs.map((o) => [o.OutputKey, o.OutputValue]))).toEqual({ Mapped: 'from-map', Name: 'group-built' })
  })

  it.each([
    ['!Ref __proto__', 'LogGroupName: !Ref __proto__', 'Unresolved resource dependencies [__proto__]'],
    ['!Ref toString', 'LogGroupName: !Ref toString', 'Unresolved resource dependencies [toString]'],
    ['!GetAtt toString.Arn', 'LogGroupName: !GetAtt toString.Arn', 'references undefined resource toString'],
    ['!Sub ${hasOwnProperty}', 'LogGroupName: !Sub "${hasOwnProperty}"', 'Unresolved resource dependencies [hasOwnProperty]'],
    ['DependsOn: constructor', 'LogGroupName: g\n    DependsOn: constructor', 'Unresolved resource dependencies [constructor]'],
  ])('%s is an unresolved name, refused before anything is created', async (_label, property, message) => {
    const body = `Resources:\n  Group:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      ${property}\n`
    await expect(cfn.send(new ValidateTemplateCommand({ TemplateBody: body }))).rejects.toThrow(message)
    await expect(cfn.send(new CreateStackCommand({ StackName: 'js-bad', TemplateBody: body }))).rejects.toThrow(message)
    const events = await cfn.send(new DescribeStackEventsCommand({ StackName: 'js-bad' })).catch(() => ({ StackEvents: [] }))
    expect(JSON.stringify(events.StackEvents)).not.toContain('is not a function')
  })
})
