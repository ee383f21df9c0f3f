import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { LabError } from './errors.js'
import type { LoadedLab } from './lab-manifest.js'
import { applySolution, backupWorkspace, createWorkspace, labForCwd, preflightWorkspace, restoreStarter } from './workspace.js'

function fixture() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-ws-'))
  const templatesDir = path.join(root, 'templates', '350-cors')
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, text)
  }
  write(path.join(templatesDir, 'starter', 'template.yaml'), 'Resources: {}\n')
  write(path.join(templatesDir, 'starter', 'functions', 'app.js'), 'starter\n')
  write(path.join(templatesDir, 'solution', 'functions', 'app.js'), 'solution\n')
  const dir = path.join(root, 'labs', '350-cors')
  write(path.join(dir, 'guide.en.md'), '# Guide\n<!-- step: one -->\n## 1. One\n')
  write(path.join(dir, 'guide.ko.md'), '# 가이드\n<!-- step: one -->\n## 1. 하나\n')
  const lab = { manifest: { id: '350', slug: 'cors' }, templatesDir, dir } as unknown as LoadedLab
  return { root, lab, home: path.join(root, 'home'), ws: path.join(root, 'home', 'workspaces', '350-cors'), write }
}

describe('workspace', () => {
  it('gets the guide in both languages, without step markers; reset replaces it, a kept workspace keeps its copy', () => {
    const { lab, ws } = fixture()
    createWorkspace(lab, ws)
    expect(fs.readFileSync(path.join(ws, 'GUIDE.md'), 'utf8')).toBe('# Guide\n## 1. One\n')
    expect(fs.readFileSync(path.join(ws, 'GUIDE.ko.md'), 'utf8')).toBe('# 가이드\n## 1. 하나\n')
    fs.writeFileSync(path.join(ws, 'GUIDE.md'), 'my notes\n')
    createWorkspace(lab, ws)
    expect(fs.readFileSync(path.join(ws, 'GUIDE.md'), 'utf8')).toBe('my notes\n')
    restoreStarter(lab, ws)
    expect(fs.readFileSync(path.join(ws, 'GUIDE.md'), 'utf8')).toBe('# Guide\n## 1. One\n')
    applySolution(lab, ws)
    expect(fs.existsSync(path.join(ws, 'GUIDE.ko.md'))).toBe(true)
  })

  it('copies the starter once and then keeps the learner files', () => {
    const { lab, ws } = fixture()
    expect(createWorkspace(lab, ws)).toEqual({ created: true })
    fs.writeFileSync(path.join(ws, 'functions', 'app.js'), 'mine\n')
    expect(createWorkspace(lab, ws)).toEqual({ created: false })
    expect(fs.readFileSync(path.join(ws, 'functions', 'app.js'), 'utf8')).toBe('mine\n')
  })

  it('solve backs up first, then lays the solution over a fresh starter; reset restores the starter', () => {
    const { lab, ws, home } = fixture()
    createWorkspace(lab, ws)
    fs.writeFileSync(path.join(ws, 'notes.txt'), 'my notes\n')
    const backup = backupWorkspace(home, '350', ws, new Date('2026-01-02T03:04:05.678Z'))
    expect(path.basename(backup)).toBe('350-2026-01-02T03-04-05-678Z')
    expect(fs.readFileSync(path.join(backup, 'notes.txt'), 'utf8')).toBe('my notes\n')
    applySolution(lab, ws)
    expect(fs.readFileSync(path.join(ws, 'functions', 'app.js'), 'utf8')).toBe('solution\n')
    expect(fs.existsSync(path.join(ws, 'notes.txt'))).toBe(false) // the solution starts from the starter
    // a second backup in the same millisecond gets its own folder
    const again = backupWorkspace(home, '350', ws, new Date('2026-01-02T03:04:05.678Z'))
    expect(again).not.toBe(backup)
    expect(fs.readFileSync(path.join(again, 'functions', 'app.js'), 'utf8')).toBe('solution\n')
    restoreStarter(lab, ws)
    expect(fs.existsSync(path.join(ws, 'notes.txt'))).toBe(false)
    expect(fs.readFileSync(path.join(ws, 'functions', 'app.js'), 'utf8')).toBe('starter\n')
  })

  it('reset and solve leave the learner\'s git history and installed packages in place', () => {
    const { lab, ws, write } = fixture()
    createWorkspace(lab, ws)
    write(path.join(ws, '.git', 'HEAD'), 'ref: refs/heads/main\n')
    write(path.join(ws, 'node_modules', 'x', 'index.js'), '1\n')
    restoreStarter(lab, ws)
    applySolution(lab, ws)
    expect(fs.readFileSync(path.join(ws, '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/main\n')
    expect(fs.existsSync(path.join(ws, 'node_modules', 'x', 'index.js'))).toBe(true)
    expect(fs.readFileSync(path.join(ws, 'functions', 'app.js'), 'utf8')).toBe('solution\n')
  })

  it('refuses a file, a folder under a file, and a folder of other files as a new workspace', () => {
    const { lab, root, write } = fixture()
    write(path.join(root, 'afile'), 'hi\n')
    write(path.join(root, 'project', 'index.js'), 'x\n')
    expect(() => createWorkspace(lab, path.join(root, 'afile'), false)).toThrow(/is a file, not a folder/)
    expect(() => createWorkspace(lab, path.join(root, 'afile', 'sub'), false)).toThrow(/Cannot create the workspace folder .*afile is a file/)
    expect(() => createWorkspace(lab, path.join(root, 'project'), false)).toThrow(LabError)
    expect(fs.readdirSync(path.join(root, 'project'))).toEqual(['index.js'])
    // The lab's own recorded workspace is kept whatever it holds.
    expect(createWorkspace(lab, path.join(root, 'project'), true)).toEqual({ created: false })
  })

  it('preflight names the file and line of a YAML mistake', () => {
    const { lab, ws } = fixture()
    createWorkspace(lab, ws)
    preflightWorkspace(ws)
    fs.writeFileSync(path.join(ws, 'template.yaml'), 'Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n   Properties: [\n')
    let error: LabError | undefined
    try {
      preflightWorkspace(ws)
    } catch (err) {
      error = err as LabError
    }
    expect(error).toBeInstanceOf(LabError)
    expect(error!.message).toMatch(new RegExp(`${ws.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/template\\.yaml:\\d+:\\d+: `))
  })

  it('finds the lab whose workspace contains cwd', () => {
    expect(labForCwd({ '350': '/a/ws/350', '351': '/a/ws/351' }, '/a/ws/351/functions')).toBe('351')
    expect(labForCwd({ '350': '/a/ws/350' }, '/a/ws/3500')).toBeUndefined()
    expect(labForCwd({ '350': '/a/ws/350' }, '/a/ws/350')).toBe('350')
  })
})
