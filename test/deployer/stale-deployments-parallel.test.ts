/**
 * The parallel case of the WebSocket stale-deployment trap (lab 354 step 4): a learner added a route and its route
 * response and renamed the deployment, but did not add them to its `DependsOn`. CloudFormation made them in the same
 * operation as the deployment, in parallel, so the snapshot can lack them — within the same second, which the
 * timestamps alone cannot tell. The stack's events give the order.
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

/** A WebSocket API with a MOCK sendmessage route; `withDefault` adds a $default route and its route response. */
function template(options: { deployment: string; dependsOn: string[]; withDefault: boolean }): string {
  const defaults = `
  DefaultRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref ChatApi, RouteKey: $default, RouteResponseSelectionExpression: $default, Target: !Sub 'integrations/\${MockIntegration}' }
  DefaultRouteResponse:
    Type: AWS::ApiGatewayV2::RouteResponse
    Properties: { ApiId: !Ref ChatApi, RouteId: !Ref DefaultRoute, RouteResponseKey: $default }`
  return `
Resources:
  ChatApi:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: parallel-ws, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.action }
  MockIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties: { ApiId: !Ref ChatApi, IntegrationType: MOCK, RequestTemplates: { $default: '{"statusCode": 200}' }, TemplateSelectionExpression: '\\$default' }
  SendRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref ChatApi, RouteKey: sendmessage, Target: !Sub 'integrations/\${MockIntegration}' }${options.withDefault ? defaults : ''}
  ${options.deployment}:
    Type: AWS::ApiGatewayV2::Deployment
    DependsOn: [${options.dependsOn.join(', ')}]
    Properties: { ApiId: !Ref ChatApi }
  ProdStage:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: !Ref ChatApi, StageName: prod, DeploymentId: !Ref ${options.deployment} }
Outputs:
  ApiId: { Value: !Ref ChatApi }
`
}

const lab: LabManifest = {
  formatVersion: 1, id: '973', lecture: 1, slug: 'parallel-ws', title: 'Parallel WS', summary: '', learn: [], deploys: [], awsCost: '',
  templates: 'parallel-ws', stackName: 'apigw-lab-973', urls: [], steps: [], hints: [], checks: [],
}

let target: Target
useTestCloud((c) => {
  target = { kind: 'local', region: 'us-east-1', endpoint: c.endpoint, localPort: c.port, clientConfig: c.sdk, describe: 'test cloud' }
})

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-parallel-ws-'))
async function deploy(text: string) {
  fs.writeFileSync(path.join(dir, 'template.yaml'), text)
  return deployLab(target, { lab, workspaceDir: dir })
}
const plain = new Proxy({}, { get: () => (s: string) => s }) as never

describe('a WebSocket deployment made in parallel with what it should wait for', () => {
  it('a fresh stack whose deployment waits for its route (and, through the route, its integration) is current', async () => {
    expect((await deploy(template({ deployment: 'Deployment', dependsOn: ['SendRoute'], withDefault: false }))).staleStages).toEqual([])
  })

  it('a new route and route response the new deployment does not DependsOn are named, with DependsOn as the fix', async () => {
    const result = await deploy(template({ deployment: 'DeploymentV2', dependsOn: ['SendRoute'], withDefault: true }))
    expect(result.status).toBe('UPDATE_COMPLETE')
    expect(result.staleStages).toEqual([
      expect.objectContaining({
        kind: 'websocket', stage: 'prod', deploymentLogicalId: 'DeploymentV2', changed: [],
        unordered: ['route $default', 'route response of $default'], unorderedIds: ['DefaultRoute', 'DefaultRouteResponse'],
      }),
    ])
    const lines = renderStaleStages(result.staleStages!, plain).join('\n')
    expect(lines).toContain(`Stage prod of WebSocket API ${result.outputs.ApiId} serves deployment`)
    expect(lines).toContain('? route response of $default')
    expect(lines).toContain("add them to the deployment's `DependsOn` (DefaultRoute, DefaultRouteResponse)")
    expect(lines).toContain('`DeploymentV3`')

    const results = [{ id: 'default', title: 'default', passed: false, skipped: false, message: 'Client 1 got no answer within 8 s', request: `ws://${result.outputs.ApiId}.execute-api.localhost:4599/prod` }]
    await addStaleNotes(results, async () => result.staleStages!)
    expect(results[0]).toHaveProperty('staleDeployment', expect.stringContaining('Add DefaultRoute, DefaultRouteResponse to its `DependsOn`'))
  })

  it('a new deployment that DependsOn the route response (and so its route) is current: no false alarm', async () => {
    const result = await deploy(template({ deployment: 'DeploymentV3', dependsOn: ['SendRoute', 'DefaultRouteResponse'], withDefault: true }))
    expect(result.status).toBe('UPDATE_COMPLETE')
    expect(result.staleStages).toEqual([])
  })
})
