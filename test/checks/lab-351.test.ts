/** Lab 351's content: lab.yaml validates, the templates carry the four mistakes (starter) and their fixes (solution), the authorizer behaves. */
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parse, type Tags } from 'yaml'
import { describe, expect, it } from 'vitest'
import { validateCheckSpecs } from '../../src/checks/index.js'
import { loadLab, localizeManifest, manifestErrors } from '../../src/runner/lab-manifest.js'

const root = path.resolve(import.meta.dirname, '../..')
const labFile = path.join(root, 'labs/351-authorization/lab.yaml')
const templates = path.join(root, 'templates/351-authorization')

const cfnTags: Tags = ['Ref', 'Sub', 'GetAtt', 'Join', 'Select', 'Split'].map((name) => ({
  tag: `!${name}`,
  resolve: (value: unknown) => ({ [name === 'Ref' ? 'Ref' : `Fn::${name}`]: value }),
}))
function loadTemplate(which: 'starter' | 'solution'): any {
  return parse(fs.readFileSync(path.join(templates, which, 'template.yaml'), 'utf8'), { customTags: cfnTags })
}

async function authorizer(which: 'starter' | 'solution') {
  const file = path.join(templates, which, 'functions/authorizer/index.mjs')
  // A fresh module per call: the file keeps an invocation counter.
  return (await import(`${pathToFileURL(file).href}?v=${Math.random()}`)).handler as (event: object) => Promise<any>
}
const methodArn = 'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/lambda/cart'

describe('lab 351', () => {
  const manifest = parse(fs.readFileSync(labFile, 'utf8'))

  it('has a valid manifest and valid checks in both languages, with hints on every step', async () => {
    expect(manifestErrors(structuredClone(manifest))).toEqual([])
    expect(validateCheckSpecs(localizeManifest(structuredClone(manifest), 'en').checks)).toEqual([])
    expect(validateCheckSpecs(localizeManifest(structuredClone(manifest), 'ko').checks)).toEqual([])
    for (const step of manifest.steps) expect(step.hints.length, step.id).toBeGreaterThan(0)
    const lab = await loadLab(root, labFile, { validateChecks: true })
    expect(lab.manifest.id).toBe('351')
  })

  it('expects the starter to fail exactly the four fixes, each with AWS words', () => {
    const failing = Object.fromEntries(manifest.checks.filter((c: any) => c.failsInStarter).map((c: any) => [c.id, c.failsInStarter]))
    expect(failing).toEqual({
      'second-user-allowed': 'is not authorized to perform: execute-api:Invoke',
      'admin-from-your-ip': 'with an explicit deny',
      'cognito-access-token': 'Unauthorized',
      'lambda-cache-other-method': 'User is not authorized to access this resource',
    })
  })

  it('uses only outputs the templates define, in both starter and solution', () => {
    for (const which of ['starter', 'solution'] as const) {
      const outputs = Object.keys(loadTemplate(which).Outputs)
      const used = JSON.stringify(manifest).match(/outputs\.([A-Za-z0-9]+)/g)!.map((m) => m.slice('outputs.'.length))
      for (const name of [...used, ...manifest.urls.map((u: any) => u.output)]) expect(outputs, `${which} output ${name}`).toContain(name)
    }
  })

  it('starter: no grant, a CIDR that is not yours, no scopes, first deployment; solution: each fixed, with a new deployment', () => {
    const starter = loadTemplate('starter')
    const solution = loadTemplate('solution')
    expect(Object.values<any>(starter.Resources).filter((r) => r.Type === 'AWS::IAM::Policy')).toHaveLength(0)
    expect(starter.Parameters.AdminCidr.Default).toBe('203.0.113.0/24')
    expect(starter.Resources.SettingsGet.Properties.AuthorizationScopes).toBeUndefined()
    expect(starter.Resources.ProdStage.Properties.DeploymentId).toEqual({ Ref: 'Deployment' })

    const grant = solution.Resources.SecondUserInvokePolicy.Properties
    expect(grant.Users).toEqual([{ Ref: 'SecondUser' }])
    expect(grant.PolicyDocument.Statement[0]).toMatchObject({ Effect: 'Allow', Action: 'execute-api:Invoke' })
    expect(solution.Parameters.AdminCidr.Default).toBe('127.0.0.1/32')
    expect(solution.Resources.SettingsGet.Properties.AuthorizationScopes).toEqual(['aws.cognito.signin.user.admin'])
    const [deploymentId, deployment] = Object.entries<any>(solution.Resources).find(([, r]) => r.Type === 'AWS::ApiGateway::Deployment')!
    expect(['Deployment', 'DeploymentV2', 'DeploymentV3']).not.toContain(deploymentId)
    const methods = Object.entries<any>(solution.Resources).filter(([, r]) => r.Type === 'AWS::ApiGateway::Method').map(([id]) => id)
    expect(deployment.DependsOn.sort()).toEqual(methods.sort())
    expect(solution.Resources.ProdStage.Properties.DeploymentId).toEqual({ Ref: deploymentId })

    // The resource policy: GET /iam is left to IAM (an Allow for '*' there would let any signed caller in).
    const [allow, deny] = solution.Resources.Api.Properties.Policy.Statement
    expect(allow.Resource).not.toContain('execute-api:/*/GET/iam')
    expect(deny).toMatchObject({ Effect: 'Deny', Condition: { NotIpAddress: { 'aws:SourceIp': { Ref: 'AdminCidr' } } } })
    for (const which of [starter, solution]) {
      for (const fn of Object.values<any>(which.Resources).filter((r) => r.Type === 'AWS::Lambda::Function')) expect(fn.Properties.Runtime).toBe('nodejs22.x')
    }
  })

  it('authorizer: allow/deny/unknown tokens; the starter scopes its policy to one method, the solution to the whole stage', async () => {
    for (const which of ['starter', 'solution'] as const) {
      const handler = await authorizer(which)
      const allowed = await handler({ type: 'TOKEN', authorizationToken: 'allow-7', methodArn })
      expect(allowed.principalId).toBe('user-allow-7')
      expect(allowed.policyDocument.Statement[0].Effect).toBe('Allow')
      expect(typeof allowed.context.authorizedAt).toBe('string')
      expect(allowed.context.invocation).toBe(1)
      const denied = await handler({ type: 'TOKEN', authorizationToken: 'deny-7', methodArn })
      expect(denied.policyDocument.Statement[0].Effect).toBe('Deny')
      await expect(handler({ type: 'TOKEN', authorizationToken: 'hello', methodArn })).rejects.toThrow(/^Unauthorized$/)
      const resource = allowed.policyDocument.Statement[0].Resource
      expect(resource).toBe(which === 'starter' ? methodArn : 'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/*/*')
      for (const value of Object.values(allowed.context)) expect(['string', 'number', 'boolean']).toContain(typeof value)
    }
  })

  it('backend: answers with the caller and the authorizer context API Gateway passed in', async () => {
    const file = path.join(templates, 'starter/functions/backend/index.mjs')
    const { handler } = await import(pathToFileURL(file).href)
    const response = await handler({
      httpMethod: 'GET',
      resource: '/lambda/cart',
      requestContext: { identity: { sourceIp: '127.0.0.1', userArn: null }, authorizer: { principalId: 'user-allow-1', authorizedAt: 'x' } },
    })
    expect(response.statusCode).toBe(200)
    expect(JSON.parse(response.body)).toMatchObject({ message: 'Hello from GET /lambda/cart', sourceIp: '127.0.0.1', authorizer: { principalId: 'user-allow-1' } })
  })
})

describe('lab 351 quiz', () => {
  it('has at least 12 exam-style questions, single and multiple choice, with the right answers spread over the keys', () => {
    const quiz = parse(fs.readFileSync(path.join(root, 'labs/351-authorization/quiz.yaml'), 'utf8'))
    expect(quiz.questions.length).toBeGreaterThanOrEqual(12)
    expect(new Set(quiz.questions.map((q: any) => q.type))).toEqual(new Set(['single', 'multiple']))
    const singles = quiz.questions.filter((q: any) => q.type === 'single').map((q: any) => q.correct)
    expect(new Set(singles).size).toBe(4)
  })
})
