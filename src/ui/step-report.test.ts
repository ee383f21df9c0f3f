/** The step footer after a check: a step the learner is back on (something broke) shows its text as the goal. */
import { afterEach, describe, expect, it } from 'vitest'
import type { LabManifest } from '../runner/lab-types.js'
import type { StepPosition } from '../runner/steps.js'
import { setLanguage } from './i18n.js'
import { renderStepLines } from './step-report.js'

const plain = new Proxy({}, { get: () => (s: string) => s }) as never
const lab = { id: '350' } as LabManifest
const step = (number: number, title: string, text: string): StepPosition => ({ number, total: 5, id: `s${number}`, title, text })
const ask = step(2, 'Ask the API directly', 'Run curl. The API answers 200 with the houses.')
const fix = step(3, 'Fix the simple request', 'Add the header.')

afterEach(() => setLanguage('en'))

describe('the step footer', () => {
  it('back on an earlier step: says so, and that the text is the goal, not what happens now', () => {
    const lines = renderStepLines(lab, { current: ask, previous: fix, changed: true }, plain)
    expect(lines[1]).toBe('→ Back to step 2 of 5: Ask the API directly (a check of it fails now)')
    expect(lines[2]).toBe('  Goal of this step, once it works again:')
    expect(lines.join('\n')).toContain('The API answers 200 with the houses.')
    setLanguage('ko')
    const ko = renderStepLines(lab, { current: ask, previous: fix, changed: true }, plain)
    expect(ko[1]).toBe('→ 2단계(전체 5단계)로 돌아왔습니다: Ask the API directly(이 단계의 검사가 지금 실패합니다)')
    expect(ko[2]).toBe('  이 단계가 다시 제대로 동작하면 이렇게 됩니다:')
  })

  it('moving forward or staying: the step as before, no goal line', () => {
    const forward = renderStepLines(lab, { current: fix, previous: ask, changed: true }, plain)
    expect(forward[2]).toBe('→ Next, step 3 of 5: Fix the simple request')
    expect(forward.join('\n')).not.toContain('Goal')
    const same = renderStepLines(lab, { current: ask, previous: ask, changed: false }, plain)
    expect(same[1]).toBe('→ Step 2 of 5: Ask the API directly')
    expect(same.join('\n')).not.toContain('Goal')
  })
})
