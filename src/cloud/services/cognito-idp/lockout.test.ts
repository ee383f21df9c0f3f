import { describe, expect, it } from 'vitest'
import { SignInLockout } from './lockout.js'

describe('SignInLockout (Cognito’s lockout after failed sign-ins)', () => {
  it('five free failures, then 1 s, 2 s, 4 s … up to 15 minutes; attempts while locked do not count', () => {
    let now = 1_000_000
    const lockout = new SignInLockout(() => now)
    for (let i = 0; i < 4; i++) {
      lockout.check('p', 'u')
      lockout.failed('p', 'u')
    }
    lockout.check('p', 'u') // the fifth attempt is still allowed
    lockout.failed('p', 'u')
    expect(() => lockout.check('p', 'u')).toThrow('Password attempts exceeded')
    now += 999
    expect(() => lockout.check('p', 'u')).toThrow('Password attempts exceeded')
    now += 1
    lockout.check('p', 'u')
    lockout.failed('p', 'u') // sixth failure: 2 s
    now += 1999
    expect(() => lockout.check('p', 'u')).toThrow('Password attempts exceeded')
    now += 1
    lockout.check('p', 'u')
    for (let i = 0; i < 20; i++) lockout.failed('p', 'u')
    now += 15 * 60_000 - 1
    expect(() => lockout.check('p', 'u')).toThrow('Password attempts exceeded')
    now += 1
    lockout.check('p', 'u')
    lockout.check('p', 'other') // per user
  })

  it('a success, or 15 quiet minutes, starts over', () => {
    let now = 0
    const lockout = new SignInLockout(() => now)
    for (let i = 0; i < 4; i++) lockout.failed('p', 'u')
    lockout.succeeded('p', 'u')
    lockout.failed('p', 'u')
    lockout.check('p', 'u') // one failure since the success: not locked
    for (let i = 0; i < 5; i++) lockout.failed('p', 'u')
    now += 15 * 60_000
    lockout.check('p', 'u') // forgotten
    lockout.failed('p', 'u')
    lockout.check('p', 'u')
  })
})
