import { describe, expect, it } from 'vitest'
import { AwsError } from '../../core/aws-error.js'
import { CATEGORIES, RequestRateQuotas, categoryOf } from './quotas.js'

const ACCOUNT = '000000000000'

/** How many calls of `operation` pass, out of `tries`, before the clock moves. */
function passing(quotas: RequestRateQuotas, operation: string, tries: number, account = ACCOUNT): number {
  let passed = 0
  for (let i = 0; i < tries; i++) {
    try {
      quotas.take(account, operation)
      passed++
    } catch (err) {
      expect(err).toBeInstanceOf(AwsError)
      expect(err).toMatchObject({ code: 'TooManyRequestsException', status: 400, message: 'Rate exceeded' })
    }
  }
  return passed
}

describe('RequestRateQuotas (Cognito’s request rate quotas, by category and account)', () => {
  it('a burst over the category’s rate is refused, and calls pass again as the bucket refills', () => {
    let now = 1_000_000
    const quotas = new RequestRateQuotas(() => now)
    expect(passing(quotas, 'SignUp', 60)).toBe(CATEGORIES.UserCreation.rps)
    now += 19 // less than one call's worth (50 a second: one every 20 ms)
    expect(passing(quotas, 'SignUp', 1)).toBe(0)
    now += 1
    expect(passing(quotas, 'SignUp', 2)).toBe(1)
    now += 60_000 // a quiet minute refills the bucket to one second's worth, no more
    expect(passing(quotas, 'SignUp', 100)).toBe(50)
  })

  it('the operations of one category share its quota, signed Admin* ones included; other categories and accounts have their own', () => {
    const now = 5_000
    const quotas = new RequestRateQuotas(() => now)
    expect(passing(quotas, 'SignUp', 30) + passing(quotas, 'ConfirmSignUp', 10) + passing(quotas, 'AdminCreateUser', 10)).toBe(50)
    expect(passing(quotas, 'AdminCreateUser', 1)).toBe(0)
    expect(passing(quotas, 'AdminConfirmSignUp', 1)).toBe(0)
    expect(passing(quotas, 'InitiateAuth', 1)).toBe(1) // UserAuthentication
    expect(passing(quotas, 'SignUp', 1, '111111111111')).toBe(1) // another account
    expect(passing(quotas, 'AdminSetUserPassword', 40)).toBe(30) // UserAccountRecovery
  })

  it('RespondToAuthChallenge has three times UserAuthentication’s rate of its own; beyond it, calls count towards UserAuthentication', () => {
    const now = 0
    const quotas = new RequestRateQuotas(() => now)
    expect(passing(quotas, 'RespondToAuthChallenge', 360)).toBe(360)
    expect(passing(quotas, 'InitiateAuth', 100)).toBe(100) // UserAuthentication untouched so far
    expect(passing(quotas, 'AdminRespondToAuthChallenge', 30)).toBe(20) // the rest of UserAuthentication's 120
    expect(passing(quotas, 'InitiateAuth', 1)).toBe(0)
  })

  it('operations without an emulated category are not counted', () => {
    const quotas = new RequestRateQuotas(() => 0)
    expect(categoryOf('TagResource')).toBeUndefined()
    expect(categoryOf('')).toBeUndefined()
    expect(passing(quotas, 'TagResource', 1000)).toBe(1000)
  })
})
