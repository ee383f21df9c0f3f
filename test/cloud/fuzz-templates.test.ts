/**
 * Fuzz: CloudFormation templates (JSON and YAML with short-form tags) mutated with prototype keys, deep
 * nesting, alias bombs, bad escapes, odd numbers and wrong types, through ValidateTemplate and CreateStack.
 */
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand, ValidateTemplateCommand } from '@aws-sdk/client-cloudformation'
import { expect, it } from 'vitest'
import { stringify } from 'yaml'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { expectHealthy, FuzzReport, fuzzSeed, mutateJson, pick, PROTOTYPE_NAMES, prototypeNames, rng, type Random } from '../helpers/fuzz.js'

let cloud: TestCloud
useTestCloud((c) => {
  cloud = c
})

const BASE = {
  Parameters: { Name: { Type: 'String', Default: 'fz', NoEcho: true } },
  Conditions: { Always: { 'Fn::Equals': ['a', 'a'] } },
  Resources: {
    Group: { Type: 'AWS::Logs::LogGroup', Condition: 'Always', Properties: { LogGroupName: { 'Fn::Sub': '${Name}-${AWS::StackName}' }, RetentionInDays: 7, Tags: [{ Key: 'k', Value: { Ref: 'Name' } }] } },
  },
  Outputs: { Arn: { Value: { 'Fn::GetAtt': ['Group', 'Arn'] } }, Joined: { Value: { 'Fn::Join': ['-', [{ Ref: 'AWS::Region' }, 'x']] } } },
}

/** YAML-only damage: alias bombs, deep block sequences, short-form tags on odd nodes, tabs and stray quotes. */
function yamlDamage(random: Random, yaml: string): string {
  switch (Math.floor(random() * 6)) {
    case 0: {
      const lines = ['Metadata:', '  l0: &l0 [x, x, x, x, x, x, x, x, x, x]']
      for (let i = 1; i < 3 + Math.floor(random() * 8); i++) lines.push(`  l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`)
      return `${lines.join('\n')}\n${yaml}`
    }
    case 1:
      return `${yaml}\nMetadata:\n  Deep:\n  ${'- '.repeat(50 + Math.floor(random() * 5000))}x\n`
    case 2:
      return yaml.replace('Ref: Name', `Ref: !${pick(random, ['Sub', 'GetAtt', 'Join', 'If', 'Ref', 'Base64'])} ${pick(random, ['[]', '{}', 'a.b.c', '*x', '&a'])}`)
    case 3:
      return yaml.replace('Resources:', `Resources:\n  ${pick(random, PROTOTYPE_NAMES)}:\n    Type: AWS::Logs::LogGroup`)
    case 4:
      return `${yaml}\nMetadata: {${'{a: '.repeat(50 + Math.floor(random() * 3000))}1${'}'.repeat(50)}\n`
    default:
      return yaml.slice(0, Math.floor(random() * yaml.length)) + pick(random, ['\t', '"', "'", '!', '&', '*', '%YAML 9.9', '\u0000'])
  }
}

it('answers 250 mutated templates with a 4xx or a failed stack, never a crash, a hang, a 5xx or a polluted prototype', async () => {
  const seed = fuzzSeed(355)
  const random = rng(seed)
  const report = new FuzzReport('templates', seed)
  const before = prototypeNames()
  const cfn = new CloudFormationClient({ ...cloud.sdk, maxAttempts: 1, requestHandler: { requestTimeout: 15_000 } as never })
  for (let i = 0; i < 250; i++) {
    let json = mutateJson(random, JSON.stringify(BASE))
    if (random() < 0.3) json = mutateJson(random, json)
    let body = json
    if (random() < 0.5) {
      let parsed: unknown
      try {
        parsed = JSON.parse(json)
      } catch {
        parsed = undefined
      }
      try {
        body = parsed !== undefined && json.length < 20_000 ? stringify(parsed) : json
      } catch {
        body = json // nested past what the yaml library's writer can walk: send the JSON as it is
      }
      if (random() < 0.6) body = yamlDamage(random, body)
    }
    const create = random() < 0.15
    try {
      if (create) await cfn.send(new CreateStackCommand({ StackName: `fz${i}`, TemplateBody: body, Parameters: [{ ParameterKey: 'Name', ParameterValue: `n${i}` }] }))
      else await cfn.send(new ValidateTemplateCommand({ TemplateBody: body }))
      report.judge({ method: 'POST', path: '/', body }, { status: 200, headers: {}, text: '' })
    } catch (err: any) {
      const status = err.$metadata?.httpStatusCode ?? 0
      const text = `${err.name}: ${err.message}`
      report.judge({ method: 'POST', path: create ? 'CreateStack' : 'ValidateTemplate', body }, status === 0 ? new Error(text) : { status, headers: {}, text: status >= 500 ? `We encountered an internal error ${text}` : text })
    }
  }
  report.assertClean()
  await expectHealthy(cloud, before)
  const stacks = (await cfn.send(new DescribeStacksCommand({}))).Stacks ?? []
  for (const stack of stacks) expect(JSON.stringify(stack.Parameters ?? [])).not.toMatch(/"ParameterValue":"n\d+"/)
}, 180_000)
