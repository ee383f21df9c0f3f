import { describe, expect, it } from 'vitest'
import { fillStepText } from './step-text.js'

describe('fillStepText', () => {
  it('puts the deployed value in place of ${outputs.Name}, and <Name> when it is not known', () => {
    const text = 'Run `curl -i ${outputs.ApiUrl}houses`.'
    expect(fillStepText(text, { ApiUrl: 'http://x.execute-api.localhost:4599/prod/' })).toBe('Run `curl -i http://x.execute-api.localhost:4599/prod/houses`.')
    expect(fillStepText(text)).toBe('Run `curl -i <ApiUrl>houses`.')
    expect(fillStepText(text, { Other: 'y' })).toBe('Run `curl -i <ApiUrl>houses`.')
    expect(fillStepText('${outputs.constructor}', {})).toBe('<constructor>')
  })
})
