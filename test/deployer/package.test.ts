import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { artifactKey, collectArtifacts, rewriteTemplate, zipPath } from '../../src/deployer/package.js'
import { LabError } from '../../src/runner/errors.js'

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-pkg-'))
  fs.mkdirSync(path.join(dir, 'functions/houses/lib'), { recursive: true })
  fs.writeFileSync(path.join(dir, 'functions/houses/index.mjs'), 'export const handler = async () => ({ statusCode: 200 })\n')
  fs.writeFileSync(path.join(dir, 'functions/houses/lib/data.json'), '[1,2,3]\n')
  return dir
}

const template = () => ({
  Resources: {
    Fn: { Type: 'AWS::Lambda::Function', Properties: { Code: 'functions/houses', Handler: 'index.handler' } },
    Inline: { Type: 'AWS::Lambda::Function', Properties: { Code: { ZipFile: 'x' } } },
    Bucket: { Type: 'AWS::S3::Bucket' },
  },
})

describe('packaging', () => {
  it('zips the same files to the same bytes, whatever their modification times', () => {
    const dir = workspace()
    const first = collectArtifacts(template(), dir)
    const later = new Date(Date.now() + 86_400_000)
    fs.utimesSync(path.join(dir, 'functions/houses/index.mjs'), later, later)
    const second = collectArtifacts(template(), dir)
    expect(first).toHaveLength(1)
    expect(second[0].sha256).toBe(first[0].sha256)
    expect(Buffer.from(second[0].zip).equals(Buffer.from(first[0].zip))).toBe(true)
  })

  it('changes the key when the code changes', () => {
    const dir = workspace()
    const before = collectArtifacts(template(), dir)[0]
    fs.writeFileSync(path.join(dir, 'functions/houses/index.mjs'), 'export const handler = async () => ({ statusCode: 201 })\n')
    const after = collectArtifacts(template(), dir)[0]
    expect(artifactKey('350', after)).not.toBe(artifactKey('350', before))
    expect(artifactKey('350', after)).toMatch(/^350\/[0-9a-f]{64}\.zip$/)
  })

  it('puts files at the zip root with forward slashes', () => {
    const entries = unzipSync(zipPath(path.join(workspace(), 'functions/houses')))
    expect(Object.keys(entries).sort()).toEqual(['index.mjs', 'lib/data.json'])
    expect(Buffer.from(entries['lib/data.json']).toString()).toBe('[1,2,3]\n')
  })

  it('leaves out tool noise such as __pycache__ and .DS_Store, so running code locally changes nothing', () => {
    const dir = workspace()
    const before = collectArtifacts(template(), dir)[0].sha256
    fs.mkdirSync(path.join(dir, 'functions/houses/__pycache__'))
    fs.writeFileSync(path.join(dir, 'functions/houses/__pycache__/app.cpython-312.pyc'), 'x')
    fs.writeFileSync(path.join(dir, 'functions/houses/.DS_Store'), 'x')
    expect(collectArtifacts(template(), dir)[0].sha256).toBe(before)
  })

  it('rewrites only local code paths to the uploaded object', () => {
    const dir = workspace()
    const t = template()
    const artifacts = collectArtifacts(t, dir)
    const rewritten = rewriteTemplate(t, artifacts, 'apigw-labs-artifacts-000000000000-us-east-1', '350')
    expect(rewritten.Resources!.Fn.Properties!.Code).toEqual({
      S3Bucket: 'apigw-labs-artifacts-000000000000-us-east-1',
      S3Key: artifactKey('350', artifacts[0]),
    })
    expect(rewritten.Resources!.Inline.Properties!.Code).toEqual({ ZipFile: 'x' })
    expect(t.Resources.Fn.Properties.Code).toBe('functions/houses') // the input is left alone
  })

  it('names the resource when its code folder is missing', () => {
    const t = template()
    t.Resources.Fn.Properties.Code = 'functions/nope'
    expect(() => collectArtifacts(t, workspace())).toThrow(LabError)
    expect(() => collectArtifacts(t, workspace())).toThrow(/Fn has Code: functions\/nope/)
  })
})
