/**
 * @module What the policies of an execute-api call are evaluated against, for any data plane (REST methods,
 * WebSocket `$connect`): the method ARN and the request's condition keys.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-control-access-using-iam-policies-to-invoke-api.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
import type { CallerIdentity } from '../edge/sigv4.js'

export const INVOKE_ACTION = 'execute-api:Invoke'

/** `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path without its leading slash}`. */
export function methodArn(region: string, account: string, apiId: string, stage: string, method: string, path: string): string {
  return `arn:aws:execute-api:${region}:${account}:${apiId}/${stage}/${method}/${path.replace(/^\//, '')}`
}

/**
 * Local deviation: no request reaches the local cloud through a VPC endpoint, so a caller may say which one it
 * would have come through: `x-lab-source-vpce: vpce-…` and `x-lab-source-vpc: vpc-…` set `aws:SourceVpce` and
 * `aws:SourceVpc` (on AWS only the endpoint itself can). `aws:SourceIp` is the real peer address (127.0.0.1 on
 * loopback); `X-Forwarded-For` is never trusted for it, as on AWS.
 */
export const SIMULATED_VPCE_HEADER = 'x-lab-source-vpce'
export const SIMULATED_VPC_HEADER = 'x-lab-source-vpc'

/** The global condition keys the local cloud knows for a call (lower-cased request headers in `headers`). */
export function conditionContext(sourceIp: string, headers: Record<string, string | undefined>, caller?: CallerIdentity): Record<string, string | undefined> {
  const context: Record<string, string | undefined> = Object.create(null)
  context['aws:SourceIp'] = sourceIp
  context['aws:SecureTransport'] = 'false'
  context['aws:CurrentTime'] = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
  context['aws:EpochTime'] = String(Math.floor(Date.now() / 1000))
  const vpce = headers[SIMULATED_VPCE_HEADER]
  const vpc = headers[SIMULATED_VPC_HEADER]
  if (vpce) context['aws:SourceVpce'] = vpce
  if (vpc) context['aws:SourceVpc'] = vpc
  if (caller) {
    context['aws:PrincipalAccount'] = caller.account
    context['aws:PrincipalArn'] = principalArnOf(caller)
    context['aws:userid'] = caller.userId
    context['aws:PrincipalType'] = /:root$/.test(caller.arn) ? 'Account' : caller.arn.includes(':assumed-role/') ? 'AssumedRole' : 'User'
    const user = /:user\/(?:.*\/)?([^/]+)$/.exec(caller.arn)
    if (user) context['aws:username'] = user[1]
  }
  return context
}

/**
 * `aws:PrincipalArn` of a session is its role's ARN, path included (the session's own ARN has no path).
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 */
export function principalArnOf(caller: Pick<CallerIdentity, 'arn' | 'roleArn'>): string {
  if (caller.roleArn) return caller.roleArn
  const session = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(caller.arn)
  return session ? `arn:aws:iam::${session[1]}:role/${session[2]}` : caller.arn
}
