/** YAML mistakes are reported with their file and line, before anything is deployed. */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { labCli, stopCloud, type LabCli } from './helpers.js'

let cli: LabCli
beforeAll(async () => {
  cli = await labCli()
})
afterAll(async () => {
  await stopCloud(cli)
})

describe('YAML errors', () => {
  it('a broken template.yaml in the workspace names the file and line', async () => {
    const { labs } = JSON.parse((await cli.run(['list', '--json'])).stdout)
    const lab = labs.find((l: any) => l.id === '350')
    const ws = path.join(cli.home, 'workspaces', `350-${lab.slug}`)
    fs.mkdirSync(ws, { recursive: true })
    fs.writeFileSync(
      path.join(ws, 'template.yaml'),
      ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:', '  Api:', '    Type: AWS::ApiGateway::RestApi', '    Properties: {Name: [oops', ''].join('\n'),
    )
    const r = await cli.run(['deploy', '350'])
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain('YAML error')
    expect(r.stderr).toMatch(new RegExp(`${ws.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/template\\.yaml:[56]:\\d+`))
    // `lab start` keeps the learner's (broken) file and reports the same error instead of overwriting it
    const s = await cli.run(['start', '350', '--yes'])
    expect(s.exitCode).toBe(1)
    expect(s.stdout).toContain(`Workspace kept (your files are untouched): ${ws}`)
    expect(s.stderr).toMatch(/template\.yaml:[56]:\d+/)
  })

  it('a broken lab.yaml names the file and line', async () => {
    const content = fs.mkdtempSync(path.join(cli.home, 'content-'))
    fs.mkdirSync(path.join(content, 'labs', '999-broken'), { recursive: true })
    fs.writeFileSync(path.join(content, 'labs', '999-broken', 'lab.yaml'), 'formatVersion: 1\nid: "999"\ntitle: "unterminated\n')
    const r = await cli.run(['list'], { env: { LAB_CONTENT_DIR: content } })
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toMatch(/labs\/999-broken\/lab\.yaml:\d+:\d+/)
    // The file and position are said once, on the line with the problem.
    expect(r.stderr.match(/999-broken\/lab\.yaml:\d+/g)).toHaveLength(1)
  })
})
