/**
 * @module A REST API's resource policy as API Gateway stores it: checked, the short resource form
 * `execute-api:/stage/METHOD/path` expanded to the API's full ARN, account ids in `Principal` written as root
 * ARNs; returned by GetRestApi as JSON text with its quotes backslash-escaped (AWS quirk).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-create-attach.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html
 */
import { parsePolicy, PolicyParseError } from '../../../authz/policy-eval.js'
import { parseJsonBody } from '../../../protocols/json-body.js'
import { badRequest } from '../model.js'

/** The API's resource policy quota: 8,192 characters. @see https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html */
const MAX_POLICY_CHARS = 8192

const invalid = (why?: string) => badRequest(`Invalid policy document. Please check the policy syntax and ensure that Principals are valid.${why ? ` (${why})` : ''}`)

/** Checked and normalised policy JSON for the API, or undefined to remove the policy (empty text). */
export function normalizeResourcePolicy(text: unknown, region: string, account: string, apiId: string): string | undefined {
  if (text === undefined || text === null || text === '') return undefined
  const source = typeof text === 'string' ? text : JSON.stringify(text)
  if (source.length > MAX_POLICY_CHARS) throw badRequest(`Policy document is too large: ${source.length} characters, the limit is ${MAX_POLICY_CHARS}.`)
  const doc = parseJsonBody(source, () => invalid()) as Record<string, any>
  try {
    parsePolicy(doc)
  } catch (err) {
    if (err instanceof PolicyParseError) throw invalid(err.message)
    throw err
  }
  const statements: Record<string, any>[] = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]
  for (const s of statements) {
    if (!Object.hasOwn(s, 'Principal') && !Object.hasOwn(s, 'NotPrincipal')) throw invalid('each statement needs a Principal')
    for (const key of ['Resource', 'NotResource']) {
      if (!Object.hasOwn(s, key)) continue
      const expand = (r: string) => (r.startsWith('execute-api:') ? `arn:aws:execute-api:${region}:${account}:${apiId}${r.slice('execute-api:'.length)}` : r)
      s[key] = Array.isArray(s[key]) ? s[key].map(expand) : expand(s[key])
    }
    for (const key of ['Principal', 'NotPrincipal']) {
      const p = Object.hasOwn(s, key) ? s[key] : undefined
      if (p && typeof p === 'object' && Object.hasOwn(p, 'AWS')) {
        const root = (a: string) => (/^\d{12}$/.test(a) ? `arn:aws:iam::${a}:root` : a)
        p.AWS = Array.isArray(p.AWS) ? p.AWS.map(root) : root(p.AWS)
      }
    }
  }
  return JSON.stringify(doc)
}

/** AWS quirk: GetRestApi's `policy` is the JSON text with every `"` escaped as `\"`. */
export const escapedPolicy = (policy: string | undefined): string | undefined => policy?.replace(/"/g, '\\"')

/** The text a client sends back (UpdateRestApi `/policy`, CreateRestApi `policy`) may be escaped that way too. */
export function unescapePolicy(text: unknown): unknown {
  if (typeof text !== 'string') return text
  let trimmed = text.trim()
  // The CLI's documented form wraps the escaped document in quotes: `value='"{\"Version\": …}"'`.
  if (trimmed.startsWith('"') && trimmed.endsWith('"')) {
    try {
      const inner = JSON.parse(trimmed)
      if (typeof inner === 'string') trimmed = inner.trim()
    } catch {
      // Not a JSON string: left for the policy check to refuse.
    }
  }
  return trimmed.startsWith('{\\"') ? trimmed.replace(/\\"/g, '"') : text
}
