/** The labs as shipped: every text in both languages, every guide in both, sections for every step. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { guideProblems, stepSections } from './guide.js'
import { loadAllLabs, manifestErrors } from './lab-manifest.js'
import { contentDir } from './paths.js'
import { parseYamlFile } from './yaml-file.js'

const labsDir = path.join(contentDir(), 'labs')
const labDirs = fs.readdirSync(labsDir).filter((d) => fs.existsSync(path.join(labsDir, d, 'lab.yaml')))

describe('lab content', () => {
  it('has labs', () => expect(labDirs.length).toBeGreaterThan(0))

  for (const name of labDirs) {
    it(`${name}: every manifest text is written in English and Korean`, () => {
      const file = path.join(labsDir, name, 'lab.yaml')
      expect(manifestErrors(parseYamlFile(file, fs.readFileSync(file, 'utf8')))).toEqual([])
    })

    it(`${name}: guide.en.md and guide.ko.md have a section for every step, in the same order`, async () => {
      const lab = (await loadAllLabs(contentDir(), { lang: 'en' })).find((l) => path.basename(l.dir) === name)!
      expect(guideProblems(lab)).toEqual([])
      const ko = stepSections(fs.readFileSync(path.join(lab.dir, 'guide.ko.md'), 'utf8'))
      expect(ko.flatMap((s) => s.steps)).toEqual(expect.arrayContaining(lab.manifest.steps.map((s) => s.id)))
    })
  }

  it('a guide in one language only, or with a step missing, is reported', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-guide-'))
    const lab = { dir, manifest: { steps: [{ id: 'one' }, { id: 'two' }] } }
    fs.writeFileSync(path.join(dir, 'guide.en.md'), '# G\n<!-- step: one -->\n## 1. One\n<!-- step: two -->\n## 2. Two\n')
    expect(guideProblems(lab)).toEqual(['guide.ko.md is missing: every guide exists in en and ko'])
    fs.writeFileSync(path.join(dir, 'guide.ko.md'), '# G\n<!-- step: one -->\n## 1. 하나\n## 2. 둘\n<!-- step: three -->\ntext\n')
    expect(guideProblems(lab)).toEqual([
      'guide.ko.md:5: a step marker must be right above a "## " heading',
      'guide.ko.md: no section for step two (add <!-- step: two --> above its "## " heading)',
      'guide.ko.md marks steps one, guide.en.md one,two: the same steps in the same order',
    ])
  })
})
