/** The stale-deployment trap on the local cloud, through AWS APIs only (GetResources, GetStage, GetDeployment apisummary). */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { APIGatewayClient, GetDeploymentCommand, GetStageCommand } from '@aws-sdk/client-api-gateway'
import { describe, expect, it } from 'vitest'
import { deployLab } from '../../src/deployer/index.js'
import type { Target } from '../../src/deployer/types.js'
import type { LabManifest } from '../../src/runner/lab-types.js'
import { addStaleNotes } from '../../src/runner/stale-notes.js'
import { nextDeploymentId, renderStaleStages } from '../../src/ui/stale-deployment.js'
import { useTestCloud } from '../helpers/cloud.js'

/** GET /houses (MOCK with an Access-Control-Allow-Origin of `origin`), optionally OPTIONS /houses, a deployment, a stage. */
function template(options: { origin: string; options?: boolean; deployment?: string; allowCidr?: string }): string {
  const deployment = options.deployment ?? 'Deployment'
  const mock = (method: string) => `
  ${method}Method:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Houses
      HttpMethod: ${method}
      AuthorizationType: NONE
      Integration:
        Type: MOCK
        RequestTemplates: { application/json: '{"statusCode": 200}' }
        IntegrationResponses:
          - StatusCode: "200"
            ResponseParameters: { method.response.header.Access-Control-Allow-Origin: "'${options.origin}'" }
      MethodResponses:
        - StatusCode: "200"
          ResponseParameters: { method.response.header.Access-Control-Allow-Origin: true }`
  return `
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: stale${options.allowCidr ? `
      Policy:
        Version: '2012-10-17'
        Statement:
          - { Effect: Allow, Principal: '*', Action: execute-api:Invoke, Resource: execute-api:/*, Condition: { IpAddress: { aws:SourceIp: '${options.allowCidr}' } } }` : ''}
  Houses:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: houses }
${mock('GET')}${options.options ? mock('OPTIONS') : ''}
  ${deployment}:
    Type: AWS::ApiGateway::Deployment
    DependsOn: [GETMethod${options.options ? ', OPTIONSMethod' : ''}]
    Properties: { RestApiId: !Ref Api }
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties: { RestApiId: !Ref Api, DeploymentId: !Ref ${deployment}, StageName: prod }
Outputs:
  ApiId: { Value: !Ref Api }
`
}

const lab: LabManifest = {
  formatVersion: 1, id: '971', lecture: 1, slug: 'stale', title: 'Stale', summary: '', learn: [], deploys: [], awsCost: '',
  templates: 'stale', stackName: 'apigw-lab-971', urls: [], steps: [], hints: [], checks: [],
}

let target: Target
let apigw: APIGatewayClient
useTestCloud((c) => {
  target = { kind: 'local', region: 'us-east-1', endpoint: c.endpoint, localPort: c.port, clientConfig: c.sdk, describe: 'test cloud' }
  apigw = new APIGatewayClient(c.sdk)
})

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-stale-'))
async function deploy(text: string) {
  fs.writeFileSync(path.join(dir, 'template.yaml'), text)
  return deployLab(target, { lab, workspaceDir: dir })
}
/** A deployment's createdDate has whole seconds: the next change must come in a later second to count as newer. */
const plain = new Proxy({}, { get: () => (s: string) => s }) as never
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1100))

describe('the stale-deployment trap', () => {
  it('GetDeployment embed=apisummary lists what the snapshot serves, by path and method', async () => {
    const result = await deploy(template({ origin: 'http://a.example' }))
    expect(result.staleStages).toEqual([])
    const api = result.outputs.ApiId
    const { deploymentId } = await apigw.send(new GetStageCommand({ restApiId: api, stageName: 'prod' }))
    const deployment = await apigw.send(new GetDeploymentCommand({ restApiId: api, deploymentId, embed: ['apisummary'] }))
    expect(deployment.apiSummary).toEqual({ '/houses': { GET: { authorizationType: 'NONE', apiKeyRequired: false } } })
    expect((await apigw.send(new GetDeploymentCommand({ restApiId: api, deploymentId }))).apiSummary).toBeUndefined()
  })

  it('names a method added and a CORS header changed without a new deployment, and the Deployment to rename', async () => {
    await nextSecond()
    const result = await deploy(template({ origin: 'http://b.example', options: true }))
    expect(result.status).toBe('UPDATE_COMPLETE')
    expect(result.staleStages).toEqual([
      expect.objectContaining({ apiId: result.outputs.ApiId, stage: 'prod', deploymentLogicalId: 'Deployment', added: ['OPTIONS /houses'], changed: ['GET /houses'], removed: [] }),
    ])
  })

  it('a failing check whose request went to that stage says so', async () => {
    await nextSecond()
    const stale = (await deploy(template({ origin: 'http://c.example', options: true }))).staleStages!
    const api = stale[0].apiId
    const results = [
      { id: 'cors', title: 'cors', passed: false, skipped: false, message: 'blocked', request: `GET http://${api}.execute-api.localhost:4599/prod/houses` },
      { id: 'other', title: 'other', passed: false, skipped: false, message: 'no', request: 'GET http://elsewhere.example/prod/houses' },
    ]
    await addStaleNotes(results, async () => stale)
    expect(results[0]).toHaveProperty('staleDeployment', expect.stringContaining('still serves the old deployment'))
    expect(results[0]).toHaveProperty('staleDeployment', expect.stringContaining('OPTIONS /houses'))
    expect(results[1]).not.toHaveProperty('staleDeployment')
  })

  it('a Deployment with a new logical id, referenced by the stage, makes the stage current again; so does removing a method after', async () => {
    const fixed = await deploy(template({ origin: 'http://c.example', options: true, deployment: 'DeploymentV2' }))
    expect(fixed.staleStages).toEqual([])
    await nextSecond()
    const removed = await deploy(template({ origin: 'http://c.example', deployment: 'DeploymentV2' }))
    expect(removed.staleStages).toEqual([expect.objectContaining({ removed: ['OPTIONS /houses'], added: [], deploymentLogicalId: 'DeploymentV2' })])
  })

  it('names a changed resource policy (AdminCidr in lab 351): a RestApi change needs a new deployment too', async () => {
    expect((await deploy(template({ origin: 'http://c.example', deployment: 'DeploymentV3', allowCidr: '127.0.0.0/8' }))).staleStages).toEqual([])
    await nextSecond()
    const result = await deploy(template({ origin: 'http://c.example', deployment: 'DeploymentV3', allowCidr: '10.0.0.0/8' }))
    expect(result.status).toBe('UPDATE_COMPLETE')
    expect(result.staleStages).toEqual([expect.objectContaining({ deploymentLogicalId: 'DeploymentV3', added: [], removed: [], changed: ['resource policy of Api (Policy)'] })])
    expect(renderStaleStages(result.staleStages!, plain).join('\n')).toContain('~ resource policy of Api (Policy)  changed after the deployment was taken')
  })

  it('suggests the next logical id', () => {
    expect(nextDeploymentId('Deployment')).toBe('DeploymentV2')
    expect(nextDeploymentId('DeploymentV2')).toBe('DeploymentV3')
    expect(nextDeploymentId('DeploymentWithCors')).toBe('DeploymentWithCorsV2')
    expect(nextDeploymentId(undefined)).toBe('DeploymentV2')
  })
})
