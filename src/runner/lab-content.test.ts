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
    fs.writeFileSync(path.join(dir, 'guide.en.md'), '# G\n<!-- step: one -->\n## Step 1: One\n<!-- step: two -->\n## Step 2: Two\n')
    expect(guideProblems(lab)).toEqual(['guide.ko.md is missing: every guide exists in en and ko'])
    fs.writeFileSync(path.join(dir, 'guide.ko.md'), '# G\n<!-- step: one -->\n## 1단계: 하나\n## 둘\n<!-- step: three -->\ntext\n')
    expect(guideProblems(lab)).toEqual([
      'guide.ko.md:5: a step marker must be right above a "## " heading',
      'guide.ko.md: no section for step two (add <!-- step: two --> above its "## " heading)',
      'guide.ko.md marks steps one, guide.en.md one,two: the same steps in the same order',
    ])
  })

  it('a step section is headed with the number the CLI shows for it, and no other section is numbered', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-guide-'))
    const lab = { dir, manifest: { steps: [{ id: 'see' }, { id: 'ask' }, { id: 'fix' }] } }
    const write = (en: string, ko: string) => {
      fs.writeFileSync(path.join(dir, 'guide.en.md'), en)
      fs.writeFileSync(path.join(dir, 'guide.ko.md'), ko)
    }
    write(
      '# G\n## Origins\n<!-- step: see, ask -->\n## Steps 1–2: Look\n<!-- step: fix -->\n## Step 3: Fix\n## Clean up\n',
      '# G\n## 오리진\n<!-- step: see, ask -->\n## 1~2단계: 보기\n<!-- step: fix -->\n## 3단계: 고치기\n## 정리\n',
    )
    expect(guideProblems(lab)).toEqual([])
    // The guide numbered its sections 1, 2, 3 … while the CLI says "step 3" for the fix.
    write(
      '# G\n## 1. Origins\n<!-- step: see, ask -->\n## 2. Look\n<!-- step: fix -->\n## Step 2: Fix\n## 4. Clean up\n',
      '# G\n## 오리진\n<!-- step: see, ask -->\n## 1~2단계: 보기\n<!-- step: fix -->\n## 4단계: 고치기\n## 정리\n',
    )
    expect(guideProblems(lab)).toEqual([
      'guide.en.md: the section of step see, ask is "## 2. Look": start it with "Steps 1–2: ", the number the CLI shows',
      'guide.en.md: the section of step fix is "## Step 2: Fix": start it with "Step 3: ", the number the CLI shows',
      'guide.en.md: "## 1. Origins" is not a step\'s section but is numbered like one: only step sections carry numbers',
      'guide.en.md: "## 4. Clean up" is not a step\'s section but is numbered like one: only step sections carry numbers',
      'guide.ko.md: the section of step fix is "## 4단계: 고치기": start it with "3단계: ", the number the CLI shows',
    ])
  })
})
