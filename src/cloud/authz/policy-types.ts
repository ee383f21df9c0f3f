/**
 * @module IAM policy documents as the evaluator reads them. Inputs are untrusted JSON (a template, an API call, a
 * Lambda authorizer's answer): every field is `unknown` until `policy-parse.ts` has checked it.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */

/** A policy as given: JSON text or an already-parsed object. */
export type PolicyDocumentInput = string | Record<string, unknown>

/** A principal as a resource policy names it: `*`, or `{AWS: [...]}` (account ids, root ARNs, user/role ARNs). */
export type PrincipalSpec = { any: true } | { aws: string[]; service: string[]; federated: string[] }

export interface Statement {
  sid?: string
  effect: 'Allow' | 'Deny'
  /** `Action` or `NotAction` patterns (lower-cased: actions are case-insensitive). */
  actions: string[]
  notAction: boolean
  resources: string[]
  notResource: boolean
  /** Resource policies only. */
  principal?: PrincipalSpec
  notPrincipal?: PrincipalSpec
  /** operator → condition key (lower-cased) → values. */
  conditions: { operator: string; key: string; values: string[] }[]
}

export interface PolicyDocument {
  statements: Statement[]
}

/** What the evaluator knows about the request. */
export interface RequestFacts {
  action: string
  resource: string
  /** The caller, for resource policies: an ARN, or `anonymous` for unsigned calls. */
  principalArn?: string
  principalAccount?: string
  /** The caller when it is an AWS service acting for the account (`lambda.amazonaws.com` assuming a role). */
  principalService?: string
  /** Condition keys (`aws:SourceIp`, `aws:SourceVpce`, …), matched case-insensitively by name. */
  context: Record<string, string | undefined>
}

/** `Allow`, an explicit `Deny`, or no statement applies (`implicit` deny). */
export type Decision = 'Allow' | 'Deny' | 'implicit'
