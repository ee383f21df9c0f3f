/** Lab 350's content: lab.yaml validates, templates have the shape the lab teaches, handlers behave. */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { parse, type Tags } from 'yaml'
import { describe, expect, it } from 'vitest'
import { validateCheckSpecs } from '../../src/checks/index.js'
import { loadLab, localizeManifest, manifestErrors } from '../../src/runner/lab-manifest.js'

const root = path.resolve(import.meta.dirname, '../..')
const labFile = path.join(root, 'labs/350-cors/lab.yaml')
const templates = path.join(root, 'templates/350-cors')

/** CloudFormation short-form tags (!Ref, !Sub, !GetAtt) as plain objects. */
const cfnTags: Tags = ['Ref', 'Sub', 'GetAtt', 'Join', 'Select', 'Split', 'If', 'Equals', 'Not', 'ImportValue', 'FindInMap', 'GetAZs', 'Base64'].map(
  (name) => ({ tag: `!${name}`, resolve: (value: unknown) => ({ [name === 'Ref' ? 'Ref' : `Fn::${name}`]: value }) }),
)
function loadTemplate(which: 'starter' | 'solution'): any {
  return parse(fs.readFileSync(path.join(templates, which, 'template.yaml'), 'utf8'), { customTags: cfnTags })
}

function runHandler(which: 'starter' | 'solution', event: object): any {
  const dir = path.join(templates, which, 'functions/houses')
  const script = 'import json,sys,app; print(json.dumps(app.lambda_handler(json.loads(sys.argv[1]), None)))'
  return JSON.parse(execFileSync('python3', ['-c', script, JSON.stringify(event)], { cwd: dir, encoding: 'utf8' }))
}

const hasPython = (() => {
  try {
    execFileSync('python3', ['--version'])
    return true
  } catch {
    return false
  }
})()

describe('lab 350', () => {
  const manifest = parse(fs.readFileSync(labFile, 'utf8'))

  it('has a valid manifest and valid checks', () => {
    expect(manifestErrors(structuredClone(manifest))).toEqual([])
    // The checks validate as they run: with their texts in one language (either).
    expect(validateCheckSpecs(localizeManifest(structuredClone(manifest), 'en').checks)).toEqual([])
    expect(validateCheckSpecs(localizeManifest(structuredClone(manifest), 'ko').checks)).toEqual([])
    // Every step has one or two hints of its own, gentlest first.
    for (const step of manifest.steps) {
      expect(step.hints?.length, step.id).toBeGreaterThanOrEqual(1)
      expect(step.hints.length, step.id).toBeLessThanOrEqual(3)
    }
  })

  it('loads through the runner with check validation on', async () => {
    const lab = await loadLab(root, labFile, { validateChecks: true })
    expect(lab.manifest.id).toBe('350')
    expect(fs.existsSync(path.join(lab.templatesDir, 'starter/template.yaml'))).toBe(true)
  })

  it('expects the starter to fail exactly the CORS and browser checks', () => {
    const failing = manifest.checks.filter((c: any) => c.failsInStarter).map((c: any) => c.id)
    expect(failing).toEqual(['cors-simple-get', 'cors-preflight', 'page-shows-houses'])
  })

  it('uses only outputs the templates define, in both starter and solution', () => {
    for (const which of ['starter', 'solution'] as const) {
      const outputs = Object.keys(loadTemplate(which).Outputs)
      const used = JSON.stringify(manifest).match(/outputs\.([A-Za-z0-9]+)/g)!.map((m) => m.slice('outputs.'.length))
      for (const name of [...used, manifest.site.bucketOutput, ...Object.values<string>(manifest.site.config.values), ...manifest.urls.map((u: any) => u.output)]) {
        expect(outputs, `${which} output ${name}`).toContain(name)
      }
    }
  })

  it('starter: proxy GET only, one deployment; solution: OPTIONS MOCK allowing X-Lab-Client and a renamed deployment', () => {
    const starter = loadTemplate('starter').Resources
    const solution = loadTemplate('solution').Resources
    expect(starter.HousesGet.Properties.Integration.Type).toBe('AWS_PROXY')
    expect(Object.values<any>(starter).filter((r) => r.Properties?.HttpMethod === 'OPTIONS')).toHaveLength(0)
    expect(starter.Deployment).toBeDefined()

    const options = solution.HousesOptions.Properties
    expect(options.Integration.Type).toBe('MOCK')
    const params = options.Integration.IntegrationResponses[0].ResponseParameters
    expect(params['method.response.header.Access-Control-Allow-Headers']).toBe("'X-Lab-Client'")
    expect(params['method.response.header.Access-Control-Allow-Methods']).toBe("'GET,OPTIONS'")
    expect(params['method.response.header.Access-Control-Allow-Origin']).toBe("'*'")
    for (const name of Object.keys(params)) expect(options.MethodResponses[0].ResponseParameters[name]).toBe(true)
    expect(solution.Deployment).toBeUndefined()
    // A deployment id neither the starter nor the guide's example uses: `lab solve` after following the guide
    // (DeploymentV2) must still create a new snapshot, or the gateway responses never reach the stage.
    const [deploymentId, deployment] = Object.entries<any>(solution).find(([, r]) => r.Type === 'AWS::ApiGateway::Deployment')!
    expect(['Deployment', 'DeploymentV2']).not.toContain(deploymentId)
    expect(deployment.DependsOn).toEqual(expect.arrayContaining(['HousesGet', 'HousesOptions', 'Default4xxWithCors']))
    expect(solution.ProdStage.Properties.DeploymentId).toEqual({ Ref: deploymentId })
    expect(solution.HousesFunction.Properties.Runtime).toBe('python3.13')
  })

  it('fixes the API only: the solution leaves the starter site alone', () => {
    // solution/ holds only the files the fix changes; `lab solve` lays it over the starter.
    expect(fs.existsSync(path.join(templates, 'solution/site'))).toBe(false)
    expect(fs.readdirSync(path.join(templates, 'starter/site')).sort()).toEqual(['app.js', 'error.html', 'index.html', 'style.css'])
  })

  it.skipIf(!hasPython)('handlers: the starter sends no CORS header, the solution does; both honour ?limit', () => {
    const event = { httpMethod: 'GET', path: '/houses', headers: null, queryStringParameters: { limit: '2' } }
    const starter = runHandler('starter', event)
    expect(starter.statusCode).toBe(200)
    expect(JSON.parse(starter.body)).toHaveLength(2)
    expect(Object.keys(starter.headers).map((h) => h.toLowerCase())).not.toContain('access-control-allow-origin')
    const solution = runHandler('solution', { ...event, queryStringParameters: null })
    expect(solution.headers['Access-Control-Allow-Origin']).toBe('*')
    expect(JSON.parse(solution.body)[0].name).toBe('Harbor View Cottage')
  })
})
