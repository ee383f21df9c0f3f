import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { LabError } from './errors.js'
import { loadAllLabs, manifestErrors } from './lab-manifest.js'
import { parseYamlFile } from './yaml-file.js'

const valid = {
  formatVersion: 1,
  id: '350',
  lecture: 350,
  slug: 'cors',
  title: 'CORS',
  summary: 'A site calls an API.',
  learn: ['why'],
  deploys: ['an API'],
  awsCost: 'under $0.01',
  templates: '350-cors',
  stackName: 'lab-350-cors',
  urls: [{ label: 'Site', output: 'SiteUrl' }],
  steps: [{ title: 'Look', body: 'Open the site.' }],
  hints: ['one', 'two'],
  checks: [{ id: 'a', title: 'A', kind: 'http' }],
}

function contentWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-content-'))
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    fs.writeFileSync(path.join(dir, name), text)
  }
  return dir
}

async function loadError(dir: string): Promise<LabError> {
  try {
    await loadAllLabs(dir)
  } catch (err) {
    if (err instanceof LabError) return err
    throw err
  }
  throw new Error('expected a LabError')
}

describe('manifestErrors', () => {
  it('accepts a complete manifest and turns a numeric id into text', () => {
    const data = { ...valid, id: 350 }
    expect(manifestErrors(data)).toEqual([])
    expect(data.id).toBe('350')
  })

  it('names each bad field', () => {
    const errors = manifestErrors({ ...valid, formatVersion: 2, lecture: 'x', hints: 'one', checks: [{ id: 'a', title: 'A' }, { id: 'a', title: 'B', kind: 'http' }] })
    expect(errors).toContain('formatVersion: must be 1 (got 2)')
    expect(errors).toContain('lecture: must be an integer')
    expect(errors).toContain('hints: must be a list of strings')
    expect(errors).toContain('checks[0].kind: must be a non-empty string')
    expect(errors).toContain("checks[1].id: duplicate id 'a'")
  })

  it('checks the optional site block and failsInStarter', () => {
    const errors = manifestErrors({
      ...valid,
      site: { dir: 'site', config: { file: 'config.js', values: { apiUrl: 3 } } },
      checks: [{ id: 'a', title: 'A', kind: 'http', failsInStarter: 3 }],
    })
    expect(errors).toContain('site.bucketOutput: must be a non-empty string')
    expect(errors).toContain('site.config.values.apiUrl: must be a non-empty string')
    expect(errors[errors.length - 1]).toMatch(/^checks\[0\]\.failsInStarter/)
  })
})

describe('loading labs', () => {
  it('reports a YAML syntax error with file and line', async () => {
    const dir = contentWith({ 'labs/350-cors/lab.yaml': 'id: "350"\ntitle: [unclosed\nslug: cors\n' })
    const err = await loadError(dir)
    expect(err.details.join('\n')).toMatch(/labs\/350-cors\/lab\.yaml:\d+:\d+/)
  })

  it('reports shape errors naming the file and field', async () => {
    const dir = contentWith({ 'labs/350-cors/lab.yaml': JSON.stringify({ ...valid, title: '' }) })
    const err = await loadError(dir)
    expect(err.message).toContain('labs/350-cors/lab.yaml')
    expect(err.details).toContain('labs/350-cors/lab.yaml: title: must be a non-empty string')
  })

  it('rejects two labs with one id and sorts by lecture', async () => {
    const a = { ...valid, id: '351', lecture: 351, slug: 'auth' }
    const dir = contentWith({ 'labs/351-auth/lab.yaml': JSON.stringify(a), 'labs/350-cors/lab.yaml': JSON.stringify(valid) })
    expect((await loadAllLabs(dir)).map((l) => l.manifest.id)).toEqual(['350', '351'])
    fs.writeFileSync(path.join(dir, 'labs/351-auth/lab.yaml'), JSON.stringify({ ...a, id: '350' }))
    expect((await loadError(dir)).message).toMatch(/Two labs use the id '350'/)
  })

  it('accepts CloudFormation tags in YAML (unknown tags are not errors)', () => {
    expect(parseYamlFile('t.yaml', 'Value: !Ref Api\nOther: !GetAtt Fn.Arn\n')).toBeTruthy()
  })
})

describe('manifest cache', () => {
  it('serves unchanged manifests from the cache and notices edits', async () => {
    const dir = contentWith({ 'labs/350-cors/lab.yaml': JSON.stringify(valid) })
    const cacheFile = path.join(dir, 'cache', 'manifests.json')
    expect((await loadAllLabs(dir, { cacheFile }))[0].manifest.title).toBe('CORS')
    const cache = JSON.parse(fs.readFileSync(cacheFile, 'utf8'))
    const key = Object.keys(cache.entries)[0]
    // Prove the cache is read: change the cached title without touching lab.yaml.
    cache.entries[key].data.title = 'from cache'
    fs.writeFileSync(cacheFile, JSON.stringify(cache))
    expect((await loadAllLabs(dir, { cacheFile }))[0].manifest.title).toBe('from cache')
    // An edit changes size/mtime, so the file is parsed (and validated) again.
    fs.writeFileSync(path.join(dir, 'labs/350-cors/lab.yaml'), JSON.stringify({ ...valid, title: 'Edited title' }))
    expect((await loadAllLabs(dir, { cacheFile }))[0].manifest.title).toBe('Edited title')
    fs.writeFileSync(path.join(dir, 'labs/350-cors/lab.yaml'), JSON.stringify({ ...valid, title: '' }))
    await expect(loadAllLabs(dir, { cacheFile })).rejects.toThrow(/not valid/)
  })
})
