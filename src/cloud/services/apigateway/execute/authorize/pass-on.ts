/**
 * @module What an allowing authorizer passes to the integration, as `requestContext.authorizer` in a proxy event
 * and `$context.authorizer` in mapping templates. Lambda: the context values (stringified: "The returned values are
 * all stringified"), `principalId` and `integrationLatency`. Cognito: the token's `claims`, stringified too.
 * A denied or refused request never gets here: the authorize step throws before `inv.authorizer` is set.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html
 */
import type { AuthorizerResult } from '../../../../authz/authorizer-result.js'
import { nullMap } from '../../../../core/safe-names.js'

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `Sat Jun 06 19:51:36 UTC 2020`: how REST APIs render a token's `exp` and `iat` (Java's Date.toString). */
export function javaDate(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`
}

function claimText(name: string, value: unknown): string {
  if ((name === 'exp' || name === 'iat') && typeof value === 'number') return javaDate(value)
  // [A] lists (cognito:groups) as comma-separated text; not observed on AWS by us.
  if (Array.isArray(value)) return value.map(String).join(',')
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)
}

export function authorizerForIntegration(result: AuthorizerResult): Record<string, unknown> {
  if (result.kind === 'cognito') {
    const claims = nullMap<string>()
    for (const [name, value] of Object.entries(result.claims)) claims[name] = claimText(name, value)
    return { claims }
  }
  const out: Record<string, unknown> = nullMap()
  // AWS quirk: numbers and booleans reach the integration as strings (`"1"`, `"true"`); null stays null.
  for (const [key, value] of Object.entries(result.context)) out[key] = value === null ? null : String(value)
  // A context key cannot replace principalId or integrationLatency.
  out.principalId = result.principalId
  out.integrationLatency = result.integrationLatency ?? 0
  return out
}
