/**
 * The stale-deployment trap of WebSocket APIs (API Gateway v2), on the local cloud through AWS APIs only (GetStages,
 * GetDeployment CreatedDate, the stack's resource timestamps): lab 354's learner changed only the route selection
 * expression, `lab deploy` said UPDATE_COMPLETE and nothing else, and the stage kept the old expression.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { deployLab } from '../../src/deployer/index.js'
import type { Target } from '../../src/deployer/types.js'
import type { LabManifest } from '../../src/runner/lab-types.js'
import { addStaleNotes } from '../../src/runner/stale-notes.js'
import { renderStaleStages } from '../../src/ui/stale-deployment.js'
import { useTestCloud } from '../helpers/cloud.js'

/** A WebSocket API with a MOCK $default route (two-way) and a sendmessage route, a deployment, a stage. */
function template(options: { expression: string; routeKey?: string; deployment?: string }): string {
  const deployment = options.deployment ?? 'Deployment'
  return `
Resources:
  ChatApi:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: stale-ws, ProtocolType: WEBSOCKET, RouteSelectionExpression: '${options.expression}' }
  MockIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties: { ApiId: !Ref ChatApi, IntegrationType: MOCK, RequestTemplates: { $default: '{"statusCode": 200}' }, TemplateSelectionExpression: '\\$default' }
  DefaultRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref ChatApi, RouteKey: $default, Target: !Sub 'integrations/\${MockIntegration}' }
  SendRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref ChatApi, RouteKey: ${options.routeKey ?? 'sendmessage'}, Target: !Sub 'integrations/\${MockIntegration}' }
  ${deployment}:
    Type: AWS::ApiGatewayV2::Deployment
    DependsOn: [DefaultRoute, SendRoute]
    Properties: { ApiId: !Ref ChatApi }
  ProdStage:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: !Ref ChatApi, StageName: prod, DeploymentId: !Ref ${deployment} }
Outputs:
  ApiId: { Value: !Ref ChatApi }
`
}

const lab: LabManifest = {
  formatVersion: 1, id: '972', lecture: 1, slug: 'stale-ws', title: 'Stale WS', summary: '', learn: [], deploys: [], awsCost: '',
  templates: 'stale-ws', stackName: 'apigw-lab-972', urls: [], steps: [], hints: [], checks: [],
}

let target: Target
useTestCloud((c) => {
  target = { kind: 'local', region: 'us-east-1', endpoint: c.endpoint, localPort: c.port, clientConfig: c.sdk, describe: 'test cloud' }
})

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-stale-ws-'))
async function deploy(text: string) {
  fs.writeFileSync(path.join(dir, 'template.yaml'), text)
  return deployLab(target, { lab, workspaceDir: dir })
}
/** A deployment's CreatedDate has whole seconds: the next change must come in a later second to count as newer. */
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1100))
const plain = new Proxy({}, { get: () => (s: string) => s }) as never

describe('the stale-deployment trap of a WebSocket API', () => {
  it('a fresh stack is current', async () => {
    expect((await deploy(template({ expression: '$request.body.action' }))).staleStages).toEqual([])
  })

  it('names a changed RouteSelectionExpression and route, the Deployment to rename, and the note under a failing check', async () => {
    await nextSecond()
    const result = await deploy(template({ expression: '$request.body.type', routeKey: 'send' }))
    expect(result.status).toBe('UPDATE_COMPLETE')
    expect(result.staleStages).toEqual([
      expect.objectContaining({ kind: 'websocket', apiId: result.outputs.ApiId, stage: 'prod', deploymentLogicalId: 'Deployment', changed: ['RouteSelectionExpression $request.body.type', 'route send'] }),
    ])
    const lines = renderStaleStages(result.staleStages!, plain).join('\n')
    expect(lines).toContain(`Stage prod of WebSocket API ${result.outputs.ApiId} still serves deployment`)
    expect(lines).toContain('~ RouteSelectionExpression $request.body.type')
    expect(lines).toContain('AWS::ApiGatewayV2::Deployment')
    expect(lines).toContain('`DeploymentV2`')

    const api = result.outputs.ApiId
    const results = [{ id: 'broadcast', title: 'broadcast', passed: false, skipped: false, message: 'Forbidden', request: `3 clients connect to ws://${api}.execute-api.localhost:4599/prod` }]
    await addStaleNotes(results, async () => result.staleStages!)
    expect(results[0]).toHaveProperty('staleDeployment', expect.stringContaining('AWS::ApiGatewayV2::Deployment a new logical id (e.g. DeploymentV2)'))
  })

  it('a Deployment with a new logical id makes the stage current again', async () => {
    expect((await deploy(template({ expression: '$request.body.type', routeKey: 'send', deployment: 'DeploymentV2' }))).staleStages).toEqual([])
  })
})
