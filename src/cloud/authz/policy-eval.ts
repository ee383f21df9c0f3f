/**
 * @module IAM policy evaluation, as pure functions: does a set of policies allow, explicitly deny, or say nothing
 * about an action on a resource for a principal and request context. Explicit Deny wins over any Allow; with no
 * matching statement the answer is an implicit deny. Identity policies ignore `Principal`; a resource policy's
 * statement applies only to the principals it names.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
import { conditionHolds } from './policy-conditions.js'
import { actionMatch, resourceMatch } from './policy-match.js'
import type { Decision, PolicyDocument, PrincipalSpec, RequestFacts, Statement } from './policy-types.js'

export type { Decision, PolicyDocument, RequestFacts } from './policy-types.js'
export { parsePolicy, PolicyParseError } from './policy-parse.js'

/** Condition keys by lower-cased name, in a map without a prototype. */
function contextOf(facts: RequestFacts): Record<string, string | undefined> {
  const map: Record<string, string | undefined> = Object.create(null)
  for (const key of Object.keys(facts.context)) map[key.toLowerCase()] = facts.context[key]
  return map
}

/** Evaluate identity policies (user, group, role): `Principal` is not part of them. */
export function evaluateIdentityPolicies(policies: readonly PolicyDocument[], facts: RequestFacts): Decision {
  return evaluate(policies, facts, false)
}

/** Evaluate a resource policy: each statement applies only to the principals it names. */
export function evaluateResourcePolicy(policy: PolicyDocument, facts: RequestFacts): Decision {
  return evaluate([policy], facts, true)
}

function evaluate(policies: readonly PolicyDocument[], facts: RequestFacts, resourcePolicy: boolean): Decision {
  const context = contextOf(facts)
  let allowed = false
  for (const policy of policies) {
    for (const statement of policy.statements) {
      if (!applies(statement, facts, context, resourcePolicy)) continue
      if (statement.effect === 'Deny') return 'Deny'
      allowed = true
    }
  }
  return allowed ? 'Allow' : 'implicit'
}

function applies(s: Statement, facts: RequestFacts, context: Record<string, string | undefined>, resourcePolicy: boolean): boolean {
  const actionHit = s.actions.some((pattern) => actionMatch(pattern, facts.action))
  if (actionHit === s.notAction) return false
  const resourceHit = s.resources.some((pattern) => resourceMatch(pattern, facts.resource, context))
  if (resourceHit === s.notResource) return false
  if (resourcePolicy) {
    if (s.principal && !principalMatches(s.principal, facts)) return false
    if (s.notPrincipal && principalMatches(s.notPrincipal, facts)) return false
    if (!s.principal && !s.notPrincipal) return false
  }
  return s.conditions.every((c) => conditionHolds(c.operator, c.values, context[c.key]))
}

/**
 * Whether a resource policy's principal names the caller: `*` (everyone, anonymous included), an account id or
 * its root ARN (every identity of that account), a user ARN, a role ARN (every session of that role) or one
 * assumed-role session ARN.
 */
export function principalMatches(spec: PrincipalSpec, facts: Pick<RequestFacts, 'principalArn' | 'principalAccount' | 'principalService'>): boolean {
  if ('any' in spec) return true
  // A service principal is named only as itself (`{"Service": "lambda.amazonaws.com"}`), never through an account.
  if (facts.principalService !== undefined) return spec.service.includes(facts.principalService)
  const caller = facts.principalArn
  if (!caller || caller === 'anonymous') return false
  const account = facts.principalAccount
  const roleOfSession = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(caller)
  for (const named of spec.aws) {
    if (/^\d{12}$/.test(named) || /^arn:aws:iam::\d{12}:root$/.test(named)) {
      if (named.replace(/^arn:aws:iam::(\d{12}):root$/, '$1') === account) return true
      continue
    }
    if (named === caller) return true
    // A role ARN (any path) names every session of that role.
    const role = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(named)
    if (role && roleOfSession && role[1] === roleOfSession[1] && role[2] === roleOfSession[2]) return true
  }
  return false
}
