import { describe, expect, it } from 'vitest'
import { newerRuntimes } from './python-runtimes.js'

describe('lab doctor and Python runtimes', () => {
  const runtimes = [{ lab: '350', runtime: 'python3.13' }, { lab: '351', runtime: 'python3.12' }]
  it('names the runtimes newer than the local python3', () => {
    expect(newerRuntimes('Python 3.11.7', runtimes)).toEqual(runtimes)
    expect(newerRuntimes('Python 3.12.3', runtimes)).toEqual([{ lab: '350', runtime: 'python3.13' }])
    expect(newerRuntimes('Python 3.13.0', runtimes)).toEqual([])
    expect(newerRuntimes('', runtimes)).toEqual([])
  })
})
