/** Fuzz: the Query protocol (CloudFormation, IAM, STS) with requests the SDK serialized, then mutated. */
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand, ValidateTemplateCommand } from '@aws-sdk/client-cloudformation'
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand, TagRoleCommand } from '@aws-sdk/client-iam'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { capture, damageBytes, expectHealthy, fire, FuzzReport, fuzzSeed, mutateForm, mutatePath, pick, prototypeNames, rng, type SeedRequest } from '../helpers/fuzz.js'

let cloud: TestCloud
useTestCloud((c) => {
  cloud = c
})

const TEMPLATE = '{"Parameters":{"P":{"Type":"String","NoEcho":true}},"Resources":{"Q":{"Type":"AWS::SQS::Queue"}}}'

async function seeds(): Promise<[string, SeedRequest][]> {
  const config = (requestHandler: unknown) => ({ ...cloud.sdk, maxAttempts: 1, requestHandler: requestHandler as never })
  const cfn = (h: unknown) => new CloudFormationClient(config(h))
  const iam = (h: unknown) => new IAMClient(config(h))
  const sts = (h: unknown) => new STSClient(config(h))
  return [
    ['cloudformation', await capture(cfn, new ValidateTemplateCommand({ TemplateBody: TEMPLATE }))],
    ['cloudformation', await capture(cfn, new CreateStackCommand({ StackName: 'fz', TemplateBody: TEMPLATE, Parameters: [{ ParameterKey: 'P', ParameterValue: 'secret' }], Tags: [{ Key: 'k', Value: 'v' }], Capabilities: ['CAPABILITY_IAM'] }))],
    ['cloudformation', await capture(cfn, new DescribeStacksCommand({ StackName: 'fz' }))],
    ['iam', await capture(iam, new CreateRoleCommand({ RoleName: 'fz', AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}', Tags: [{ Key: 'k', Value: 'v' }] }))],
    ['iam', await capture(iam, new PutRolePolicyCommand({ RoleName: 'fz', PolicyName: 'p', PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}' }))],
    ['iam', await capture(iam, new TagRoleCommand({ RoleName: 'fz', Tags: [{ Key: 'a', Value: 'b' }] }))],
    ['sts', await capture(sts, new GetCallerIdentityCommand({}))],
  ]
}

it('answers 500 mutated Query requests without a crash, a hang, internal text or a polluted prototype', async () => {
  const seed = fuzzSeed(350)
  const random = rng(seed)
  const report = new FuzzReport('query', seed)
  const before = prototypeNames()
  const corpus = await seeds()
  for (let i = 0; i < 500; i++) {
    const [service, base] = pick(random, corpus)
    let body = base.body.toString('utf8')
    let path = base.path
    const roll = random()
    if (roll < 0.6) body = mutateForm(random, body)
    else if (roll < 0.7) body = mutateForm(random, mutateForm(random, body))
    else if (roll < 0.8) path = mutatePath(random, path)
    const bytes = random() < 0.1 ? damageBytes(random, Buffer.from(body)) : Buffer.from(body)
    await fire(cloud, report, random, service, { method: base.method, path, headers: base.headers, body: bytes })
  }
  report.assertClean()
  await expectHealthy(cloud, before)
  const known = await new STSClient(cloud.sdk).send(new GetCallerIdentityCommand({}))
  expect(known.Account).toMatch(/^\d{12}$/)
}, 120_000)
