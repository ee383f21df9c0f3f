import { describe, expect, it } from 'vitest'
import { LabError } from './errors.js'
import type { LoadedLab } from './lab-manifest.js'
import { editDistance, findLab, suggestLabs } from './suggest.js'

const lab = (id: string, slug: string): LoadedLab =>
  ({ manifest: { id, slug, lecture: Number(id) }, file: `labs/${id}-${slug}/lab.yaml`, dir: '', templatesDir: '' }) as unknown as LoadedLab
const labs = [lab('350', 'cors'), lab('351', 'auth'), lab('352', 'rest-vs-http'), lab('354', 'websocket-chat')]

describe('findLab', () => {
  it('finds by id, slug, id-slug and is case-insensitive', () => {
    expect(findLab(labs, '350').manifest.slug).toBe('cors')
    expect(findLab(labs, 'CORS').manifest.id).toBe('350')
    expect(findLab(labs, '352-rest-vs-http').manifest.id).toBe('352')
  })

  it('finds a lab by an earlier lecture it also teaches, after every exact match', () => {
    const ws = { ...lab('354', 'websocket-chat'), manifest: { id: '354', slug: 'websocket-chat', lecture: 354, alsoLectures: [353] } } as unknown as LoadedLab
    expect(findLab([lab('350', 'cors'), ws], '353').manifest.id).toBe('354')
    expect(() => findLab([lab('350', 'cors'), lab('354', 'websocket-chat')], '353')).toThrow(LabError)
  })

  it("suggests close ids: Unknown lab '35'. Did you mean …", () => {
    let error: unknown
    try {
      findLab(labs, '35')
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(LabError)
    expect((error as LabError).message).toMatch(/^Unknown lab '35'\. Did you mean 350, 351, 352\?$/)
    expect((error as LabError).details.join(' ')).toContain('lab list')
  })

  it('suggests by slug typos and says nothing useful when nothing is close', () => {
    expect(suggestLabs(labs, 'cros')).toEqual(['350'])
    expect(suggestLabs(labs, 'websocket')).toEqual(['354'])
    expect(suggestLabs(labs, 'zzzzzz')).toEqual([])
    expect(() => findLab(labs, 'zzzzzz')).toThrow(/^Unknown lab 'zzzzzz'\.$/)
  })

  it('computes edit distance', () => {
    expect(editDistance('350', '305')).toBe(2)
    expect(editDistance('', 'abc')).toBe(3)
    expect(editDistance('cors', 'cors')).toBe(0)
  })
})
