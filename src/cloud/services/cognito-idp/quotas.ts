/**
 * @module Cognito's request rate quotas: the user pool operations are grouped into categories (UserCreation,
 * UserAuthentication, UserAccountRecovery …), each with a rate in requests per second shared by every operation of
 * the category, for each account (all its user pools together). A call beyond the rate is answered
 * `TooManyRequestsException` (400, "Rate exceeded"). The public operations (SignUp, InitiateAuth …) take unsigned
 * calls from any web page, so without this any page a learner visits could grow a pool's state without bound.
 * Each category is a token bucket holding one second of its rate: a burst of up to that many calls passes, then
 * calls pass as fast as the bucket refills. The signed Admin* operations draw from the same buckets as their
 * public counterparts (AdminCreateUser with SignUp), as AWS counts them.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html#category_operations
 */
import { AwsError } from '../../core/aws-error.js'

// Not implemented: the per-user quotas (10 "read" and 10 "write" calls a second on each user), the 5 calls a second
// on one user pool for the UserPoolClient* categories, and the categories of operations the local cloud does not
// have (UserFederation, UserResource*, UserPoolResource*, UserToken, ClientAuthentication). Calls the cloud makes
// itself (CloudFormation's resource providers) are not counted.
export const CATEGORIES = {
  UserAuthentication: { rps: 120, operations: ['InitiateAuth', 'AdminInitiateAuth', 'RespondToAuthChallenge', 'AdminRespondToAuthChallenge'] },
  UserCreation: { rps: 50, operations: ['SignUp', 'ConfirmSignUp', 'AdminCreateUser', 'AdminConfirmSignUp'] },
  UserAccountRecovery: { rps: 30, operations: ['ForgotPassword', 'ConfirmForgotPassword', 'ChangePassword', 'AdminResetUserPassword', 'AdminSetUserPassword'] },
  UserRead: { rps: 120, operations: ['GetUser', 'AdminGetUser'] },
  UserUpdate: { rps: 25, operations: ['AdminDeleteUser'] },
  UserList: { rps: 30, operations: ['ListUsers'] },
  UserPoolRead: { rps: 15, operations: ['DescribeUserPool', 'ListUserPools'] },
  UserPoolUpdate: { rps: 15, operations: ['CreateUserPool', 'UpdateUserPool', 'DeleteUserPool'] },
  UserPoolClientRead: { rps: 15, operations: ['DescribeUserPoolClient', 'ListUserPoolClients'] },
  UserPoolClientUpdate: { rps: 15, operations: ['CreateUserPoolClient', 'UpdateUserPoolClient', 'DeleteUserPoolClient'] },
} as const satisfies Record<string, { rps: number; operations: readonly string[] }>

export type Category = keyof typeof CATEGORIES

/**
 * AWS quirk: RespondToAuthChallenge and AdminRespondToAuthChallenge have a quota of their own, three times
 * UserAuthentication's (an app may ask several challenges per sign-in); only calls beyond it count towards
 * UserAuthentication.
 */
const CHALLENGE_OPERATIONS: ReadonlySet<string> = new Set(['RespondToAuthChallenge', 'AdminRespondToAuthChallenge'])
const CHALLENGE_MULTIPLIER = 3

const CATEGORY_OF: ReadonlyMap<string, Category> = new Map(
  (Object.keys(CATEGORIES) as Category[]).flatMap((category) => CATEGORIES[category].operations.map((operation) => [operation, category] as const)),
)

/** The category whose quota an operation counts towards, if the local cloud emulates one for it. */
export function categoryOf(operation: string): Category | undefined {
  return CATEGORY_OF.get(operation)
}

// Cognito's answer, as SDKs and the AWS CLI report it ("TooManyRequestsException: Rate exceeded", status 400):
// @see https://github.com/aws-amplify/amplify-js/issues/3554 (InitiateAuth), https://github.com/boto/boto3/issues/2517 (AdminGetUser)
export const rateExceeded = () => new AwsError('TooManyRequestsException', 400, 'Rate exceeded')

interface Bucket {
  tokens: number
  updated: number
}

export class RequestRateQuotas {
  /** `account/bucket` → tokens left; a handful of entries (accounts are this install's, categories a fixed list). */
  readonly #buckets = new Map<string, Bucket>()

  constructor(
    private readonly now: () => number = Date.now,
    private readonly rates: Record<Category, number> = Object.fromEntries(Object.entries(CATEGORIES).map(([name, c]) => [name, c.rps])) as Record<Category, number>,
  ) {}

  /** Counts one call of `operation` for `accountId`; throws TooManyRequestsException when its category is spent. */
  take(accountId: string, operation: string): void {
    const category = categoryOf(operation)
    if (!category) return
    const rate = this.rates[category]
    if (CHALLENGE_OPERATIONS.has(operation) && this.#takeFrom(`${accountId}/${category}/challenges`, rate * CHALLENGE_MULTIPLIER)) return
    if (!this.#takeFrom(`${accountId}/${category}`, rate)) throw rateExceeded()
  }

  /** One token from the bucket (capacity and refill: `rate` a second), if it has one. */
  #takeFrom(key: string, rate: number): boolean {
    const now = this.now()
    const bucket = this.#buckets.get(key) ?? { tokens: rate, updated: now }
    bucket.tokens = Math.min(rate, bucket.tokens + (Math.max(0, now - bucket.updated) * rate) / 1000)
    bucket.updated = now
    this.#buckets.set(key, bucket)
    if (bucket.tokens < 1) return false
    bucket.tokens -= 1
    return true
  }
}
