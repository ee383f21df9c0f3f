import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { LabError } from './errors.js'
import { readSavedTokens, savedToken, savedTokensFile, saveTokens } from './saved-tokens.js'

const home = () => fs.mkdtempSync(path.join(os.tmpdir(), 'lab-tokens-'))
const tokens = (expiresAt: string) => ({
  lab: '351',
  userPoolId: 'us-east-1_abc',
  clientId: 'client',
  username: 'learner',
  savedAt: new Date().toISOString(),
  expiresAt,
  idToken: 'id.token.x',
  accessToken: 'access.token.y',
  refreshToken: 'refresh',
})

describe('saved tokens (lab login → lab call --token)', () => {
  it('are written 0600 under LAB_HOME/tokens/<lab>.json and read back by kind', () => {
    const dir = home()
    const file = saveTokens(dir, tokens(new Date(Date.now() + 3_600_000).toISOString()))
    expect(file).toBe(path.join(dir, 'tokens', '351.json'))
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    expect(savedToken(dir, '351', 'id')).toBe('id.token.x')
    expect(savedToken(dir, '351', 'access')).toBe('access.token.y')
    expect(readSavedTokens(dir, '351')?.username).toBe('learner')
  })

  it('say to run lab login when there are none or they expired', () => {
    const dir = home()
    expect(() => savedToken(dir, '351', 'id')).toThrow(/No saved tokens for lab 351/)
    saveTokens(dir, tokens(new Date(Date.now() - 1000).toISOString()))
    try {
      savedToken(dir, '351', 'id')
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(LabError)
      expect((err as LabError).message).toMatch(/expired/)
      expect((err as LabError).details.join()).toContain('lab login 351')
    }
  })

  it('refuse a damaged file and a lab id that is a path', () => {
    const dir = home()
    fs.mkdirSync(path.join(dir, 'tokens'))
    fs.writeFileSync(path.join(dir, 'tokens', '351.json'), '{"version":1}')
    expect(() => savedToken(dir, '351', 'id')).toThrow(/cannot be read/)
    expect(() => savedTokensFile(dir, '../x')).toThrow(LabError)
  })
})
