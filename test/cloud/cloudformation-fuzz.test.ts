/** Garbage in, AWS-shaped answers out: random broken templates through the wire (fixed seed). */
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand, ValidateTemplateCommand } from '@aws-sdk/client-cloudformation'
import { it, expect } from 'vitest'
import { startCfnHarness } from '../fixtures/cfn/harness.js'
const pieces: unknown[] = [null, 1, 'x', [], {}, [1, 2], { Ref: 'X' }, { Ref: 5 }, { 'Fn::If': 'x' }, { 'Fn::Sub': 5 }, { 'Fn::Sub': ['${A}', 5] }, { 'Fn::Join': 'x' },
  { 'Fn::GetAtt': 5 }, { 'Fn::GetAtt': [] }, { 'Fn::Select': ['a', 'b'] }, { 'Fn::FindInMap': [1] }, { Condition: 5 }, { 'Fn::Equals': [1] }, { 'Fn::Cidr': ['x', 1, 1] },
  { 'Fn::ImportValue': { Ref: 'AWS::Region' } }, { 'Fn::Base64': [] }, { 'Fn::GetAZs': 5 }, { Ref: 'AWS::NoValue' }, { 'Fn::Split': [1, 2] }, { 'Fn::Length': 1 }, { 'Fn::Transform': {} }]
let seed = 42
// A fixed-seed generator: the same templates every run.
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
const pick = () => pieces[Math.floor(random() * pieces.length)]
it('answers malformed templates and intrinsics with 4xx or a failed stack, never a 500 or a stuck stack', async () => {
  const h = await startCfnHarness()
  const cfn = new CloudFormationClient({ ...h.sdk, maxAttempts: 1 })
  let n = 0
  for (let i = 0; i < 150; i++) {
    const t: any = { Resources: { A: { Type: 'AWS::SQS::Queue', Properties: { QueueName: pick(), DelaySeconds: pick() } } } }
    if (i % 3 === 0) t.Conditions = { C: pick() }
    if (i % 4 === 0) t.Outputs = { O: { Value: pick() } }
    if (i % 5 === 0) t.Resources.A.Condition = 'C'
    if (i % 7 === 0) t.Parameters = { P: pick() }
    if (i % 11 === 0) t.Mappings = pick()
    if (i % 13 === 0) t.Resources.B = pick()
    for (const body of [JSON.stringify(t), JSON.stringify(t).slice(0, 30)]) {
      try {
        await cfn.send(new ValidateTemplateCommand({ TemplateBody: body }))
        await cfn.send(new CreateStackCommand({ StackName: `f${n++}`, TemplateBody: body }))
      } catch (err: any) {
        expect(err.$metadata?.httpStatusCode, `${err.name}: ${err.message} for ${body}`).toBeLessThan(500)
      }
    }
  }
  await h.service.idle()
  const stacks = (await cfn.send(new DescribeStacksCommand({}))).Stacks!
  const bad = stacks.filter((s) => s.StackStatus!.endsWith('IN_PROGRESS'))
  expect(bad).toEqual([])
  await h.close()
})
