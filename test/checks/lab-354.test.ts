/**
 * Lab 354's content without a cloud: lab.yaml and its checks validate in both languages, the templates use only
 * properties the CloudFormation resource reference lists for their types, the starter carries exactly the three
 * bugs the lab teaches and the solution fixes them, and the handlers are ESM for nodejs22.x using SDK v3.
 */
import fs from 'node:fs'
import path from 'node:path'
import { parse, type Tags } from 'yaml'
import { describe, expect, it } from 'vitest'
import { validateCheckSpecs } from '../../src/checks/index.js'
import { loadLab, localizeManifest, manifestErrors } from '../../src/runner/lab-manifest.js'

const root = path.resolve(import.meta.dirname, '../..')
const labFile = path.join(root, 'labs/354-websocket-chat/lab.yaml')
const templates = path.join(root, 'templates/354-websocket-chat')

const cfnTags: Tags = ['Ref', 'Sub', 'GetAtt', 'Join', 'Select', 'Split', 'If', 'Equals', 'Not', 'ImportValue', 'FindInMap', 'GetAZs', 'Base64'].map(
  (name) => ({ tag: `!${name}`, resolve: (value: unknown) => ({ [name === 'Ref' ? 'Ref' : `Fn::${name}`]: value }) }),
)
const template = (which: 'starter' | 'solution'): any => parse(fs.readFileSync(path.join(templates, which, 'template.yaml'), 'utf8'), { customTags: cfnTags })
/** A file of the workspace the learner gets: the solution overlays the starter. */
const file = (which: 'starter' | 'solution', rel: string) => {
  const own = path.join(templates, which, rel)
  return fs.readFileSync(fs.existsSync(own) ? own : path.join(templates, 'starter', rel), 'utf8')
}

/**
 * Every property of the types the templates use, and the required ones, as the CloudFormation template reference
 * lists them.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-api.html (and -route, -integration, -routeresponse, -deployment, -stage)
 */
const SPEC: Record<string, { properties: string[]; required: string[] }> = {
  'AWS::DynamoDB::Table': {
    properties: ['AttributeDefinitions', 'BillingMode', 'ContributorInsightsSpecification', 'DeletionProtectionEnabled', 'GlobalSecondaryIndexes', 'ImportSourceSpecification', 'KeySchema', 'KinesisStreamSpecification', 'LocalSecondaryIndexes', 'OnDemandThroughput', 'PointInTimeRecoverySpecification', 'ProvisionedThroughput', 'ResourcePolicy', 'SSESpecification', 'StreamSpecification', 'TableClass', 'TableName', 'Tags', 'TimeToLiveSpecification', 'WarmThroughput'],
    required: ['KeySchema'],
  },
  'AWS::IAM::Role': { properties: ['AssumeRolePolicyDocument', 'Description', 'ManagedPolicyArns', 'MaxSessionDuration', 'Path', 'PermissionsBoundary', 'Policies', 'RoleName', 'Tags'], required: ['AssumeRolePolicyDocument'] },
  'AWS::Lambda::Function': {
    properties: ['Architectures', 'Code', 'CodeSigningConfigArn', 'DeadLetterConfig', 'Description', 'Environment', 'EphemeralStorage', 'FileSystemConfigs', 'FunctionName', 'Handler', 'ImageConfig', 'KmsKeyArn', 'Layers', 'LoggingConfig', 'MemorySize', 'PackageType', 'RecursiveLoop', 'ReservedConcurrentExecutions', 'Role', 'Runtime', 'RuntimeManagementConfig', 'SnapStart', 'Tags', 'Timeout', 'TracingConfig', 'VpcConfig'],
    required: ['Code', 'Role'],
  },
  'AWS::Lambda::Permission': { properties: ['Action', 'EventSourceToken', 'FunctionName', 'FunctionUrlAuthType', 'InvokedViaFunctionUrl', 'Principal', 'PrincipalOrgID', 'SourceAccount', 'SourceArn'], required: ['Action', 'FunctionName', 'Principal'] },
  'AWS::ApiGatewayV2::Api': {
    properties: ['ApiKeySelectionExpression', 'BasePath', 'Body', 'BodyS3Location', 'CorsConfiguration', 'CredentialsArn', 'Description', 'DisableExecuteApiEndpoint', 'DisableSchemaValidation', 'FailOnWarnings', 'IpAddressType', 'Name', 'ProtocolType', 'RouteKey', 'RouteSelectionExpression', 'Tags', 'Target', 'Version'],
    required: [],
  },
  'AWS::ApiGatewayV2::Integration': {
    properties: ['ApiId', 'ConnectionId', 'ConnectionType', 'ContentHandlingStrategy', 'CredentialsArn', 'Description', 'IntegrationMethod', 'IntegrationSubtype', 'IntegrationType', 'IntegrationUri', 'PassthroughBehavior', 'PayloadFormatVersion', 'RequestParameters', 'RequestTemplates', 'ResponseParameters', 'TemplateSelectionExpression', 'TimeoutInMillis', 'TlsConfig'],
    required: ['ApiId', 'IntegrationType'],
  },
  'AWS::ApiGatewayV2::Route': {
    properties: ['ApiId', 'ApiKeyRequired', 'AuthorizationScopes', 'AuthorizationType', 'AuthorizerId', 'ModelSelectionExpression', 'OperationName', 'RequestModels', 'RequestParameters', 'RouteKey', 'RouteResponseSelectionExpression', 'Target'],
    required: ['ApiId', 'RouteKey'],
  },
  'AWS::ApiGatewayV2::RouteResponse': { properties: ['ApiId', 'ModelSelectionExpression', 'ResponseModels', 'ResponseParameters', 'RouteId', 'RouteResponseKey'], required: ['ApiId', 'RouteId', 'RouteResponseKey'] },
  'AWS::ApiGatewayV2::Deployment': { properties: ['ApiId', 'Description', 'StageName'], required: ['ApiId'] },
  'AWS::ApiGatewayV2::Stage': {
    properties: ['AccessLogSettings', 'AccessPolicyId', 'ApiId', 'AutoDeploy', 'ClientCertificateId', 'DefaultRouteSettings', 'DeploymentId', 'Description', 'RouteSettings', 'StageName', 'StageVariables', 'Tags'],
    required: ['ApiId', 'StageName'],
  },
}

describe('lab 354', () => {
  const manifest = parse(fs.readFileSync(labFile, 'utf8'))

  it('has a valid manifest and valid checks in both languages', async () => {
    expect(manifestErrors(structuredClone(manifest))).toEqual([])
    expect(validateCheckSpecs(localizeManifest(structuredClone(manifest), 'en').checks)).toEqual([])
    expect(validateCheckSpecs(localizeManifest(structuredClone(manifest), 'ko').checks)).toEqual([])
    expect((await loadLab(root, labFile, { validateChecks: true })).manifest.id).toBe('354')
  })

  it('checks with three clients and the table; the starter fails the routing, route response and stale-connection checks', () => {
    const byId = Object.fromEntries(manifest.checks.map((c: any) => [c.id, c]))
    expect(manifest.checks.filter((c: any) => c.failsInStarter).map((c: any) => c.id)).toEqual(['broadcast', 'whoami-answers', 'default-route-answers', 'stale-connection'])
    expect(byId.broadcast).toMatchObject({ kind: 'websocket', clients: 3 })
    expect(byId['stale-connection']).toMatchObject({ clients: 3, staleConnection: true, table: '${outputs.ConnectionsTableName}' })
    expect(byId['connections-api'].expect.management).toBe(true)
  })

  it('uses only outputs the templates define', () => {
    const used = new Set([...JSON.stringify(manifest).matchAll(/outputs\.([A-Za-z0-9]+)/g)].map((m) => m[1]))
    for (const u of manifest.urls) used.add(u.output)
    for (const which of ['starter', 'solution'] as const) for (const name of used) expect(Object.keys(template(which).Outputs), `${which} ${name}`).toContain(name)
  })

  it('templates use only documented properties, with the required ones, and runtimes that can be created today', () => {
    for (const which of ['starter', 'solution'] as const) {
      for (const [id, resource] of Object.entries<any>(template(which).Resources)) {
        const spec = SPEC[resource.Type]
        expect(spec, `${which} ${id}: ${resource.Type}`).toBeDefined()
        for (const name of Object.keys(resource.Properties ?? {})) expect(spec.properties, `${which} ${id}.${name}`).toContain(name)
        for (const name of spec.required) expect(resource.Properties, `${which} ${id} needs ${name}`).toHaveProperty(name)
        if (resource.Type === 'AWS::Lambda::Function') expect(resource.Properties.Runtime).toBe('nodejs22.x')
      }
    }
  })

  it('starter: the wrong route selection expression, no route responses, no $default; solution: all three fixed with a new deployment', () => {
    const starter = template('starter').Resources
    const solution = template('solution').Resources
    expect(starter.ChatApi.Properties.RouteSelectionExpression).toBe('$request.body.type')
    expect(solution.ChatApi.Properties.RouteSelectionExpression).toBe('$request.body.action')
    const types = (r: any) => Object.values<any>(r).map((x) => x.Type)
    expect(types(starter)).not.toContain('AWS::ApiGatewayV2::RouteResponse')
    expect(Object.values<any>(starter).some((r) => r.Properties?.RouteKey === '$default')).toBe(false)
    expect(solution.WhoAmIRoute.Properties.RouteResponseSelectionExpression).toBe('$default')
    expect(solution.DefaultRoute.Properties.RouteKey).toBe('$default')
    for (const id of ['WhoAmIRouteResponse', 'DefaultRouteResponse']) expect(solution[id].Properties.RouteResponseKey).toBe('$default')
    expect(starter.Deployment).toBeDefined()
    expect(solution.Deployment).toBeUndefined()
    expect(solution.DeploymentSolved.DependsOn).toEqual(expect.arrayContaining(['WhoAmIRouteResponse', 'DefaultRoute', 'DefaultRouteResponse']))
    expect(solution.ProdStage.Properties.DeploymentId).toEqual({ Ref: 'DeploymentSolved' })
  })

  it('sendmessage: the starter tests the v2 statusCode and deletes the sender; the solution tests the v3 name/$metadata and deletes the stale id', () => {
    const starter = file('starter', 'functions/sendmessage/app.mjs')
    const solution = file('solution', 'functions/sendmessage/app.mjs')
    expect(starter).toContain('e.statusCode === 410')
    expect(starter).toContain('Key: { connectionId: senderId }')
    expect(solution).not.toContain('statusCode === 410')
    expect(solution).toContain("e?.name === 'GoneException'")
    expect(solution).toContain('e?.$metadata?.httpStatusCode === 410')
    expect(solution).toContain('Key: { connectionId } }')
    // As AWS's samples do: the management endpoint from the event, so the code runs unmodified on AWS.
    for (const code of [starter, solution]) expect(code).toContain('endpoint: `https://${domainName}/${stage}`')
  })

  it('handlers are ES modules on SDK v3 that load with the runtime-provided packages', async () => {
    for (const name of ['connect', 'disconnect', 'sendmessage', 'whoami']) {
      for (const which of ['starter', 'solution'] as const) {
        const code = file(which, `functions/${name}/app.mjs`)
        expect(code).toMatch(/export const handler = async/)
        expect(code).not.toMatch(/require\(|aws-sdk['"]/)
      }
    }
    process.env.TABLE_NAME = 'unused'
    const whoami = await import(path.join(templates, 'starter/functions/whoami/app.mjs'))
    const ctx = { connectionId: 'abc=', connectedAt: 0, stage: 'prod' }
    expect(JSON.parse((await whoami.handler({ requestContext: { ...ctx, routeKey: 'whoami' } })).body)).toEqual({ connectionId: 'abc=', connectedAt: '1970-01-01T00:00:00.000Z', stage: 'prod', routeKey: 'whoami' })
    expect(JSON.parse((await whoami.handler({ requestContext: { ...ctx, routeKey: '$default' } })).body).message).toContain('sendmessage')
    await import(path.join(templates, 'solution/functions/sendmessage/app.mjs'))
  })
})
