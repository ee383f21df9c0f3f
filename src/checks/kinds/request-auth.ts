/**
 * @module How a check's request proves who sends it, for methods that are not open to everyone:
 *
 * ```yaml
 * request:
 *   sign: true                       # SigV4 (execute-api) with the target's credentials
 *   sign: { accessKeyId: "${outputs.KeyId}", secretAccessKey: "${outputs.Secret}" }   # another identity
 *   cognito: { userPoolId: …, clientId: …, username: …, password: …, token: id | access }
 *   bearer: "allow-{{unique}}"        # a raw Authorization header (Lambda authorizers); `{{unique}}` differs per run
 * ```
 * The Cognito token goes in `Authorization` as it is (no `Bearer `), as API Gateway's user-pool authorizers expect.
 */
import { t } from '../../ui/i18n.js'
import { userPoolTokens, type UserPoolTokens } from '../cognito-tokens.js'
import type { HeaderList } from '../cors/fetch-rules.js'
import { signRequest, type CredentialSource } from '../sigv4-sign.js'
import type { CheckContext, CheckSpec } from '../types.js'
import { expectField, field } from './kind.js'

const COGNITO_FIELDS = ['userPoolId', 'clientId', 'username', 'password'] as const

export function validateRequestAuth(errors: string[], spec: CheckSpec, path: string): void {
  const sign = field(spec, `${path}.sign`)
  if (sign !== undefined && typeof sign !== 'boolean') {
    expectField(errors, spec, `${path}.sign`, 'mapping')
    expectField(errors, spec, `${path}.sign.accessKeyId`, 'string', true)
    expectField(errors, spec, `${path}.sign.secretAccessKey`, 'string', true)
  }
  expectField(errors, spec, `${path}.bearer`, 'string')
  const cognito = field(spec, `${path}.cognito`)
  if (cognito !== undefined) {
    expectField(errors, spec, `${path}.cognito`, 'mapping')
    for (const name of COGNITO_FIELDS) expectField(errors, spec, `${path}.cognito.${name}`, 'string', true)
    const token = field(spec, `${path}.cognito.token`)
    if (token !== 'id' && token !== 'access') errors.push(t('checks.spec.badValue', { id: spec.id, field: `${path}.cognito.token`, problem: 'must be id or access' }))
  }
  const ways = [sign !== undefined && sign !== false, cognito !== undefined, field(spec, `${path}.bearer`) !== undefined].filter(Boolean).length
  if (ways > 1) errors.push(t('checks.spec.badValue', { id: spec.id, field: path, problem: 'use one of sign, cognito and bearer' }))
}

export interface OutgoingRequest {
  url: string
  method: string
  headers: HeaderList
  body?: string
}

/** Thrown when a request cannot be authenticated before it is sent (no credentials, the sign-in failed). */
export class RequestAuthError extends Error {}

/** `{{unique}}` in a request's strings → one value per check run (a token no earlier run can have cached). */
export function fillUnique<T>(value: T, unique: string): T {
  if (typeof value === 'string') return value.replaceAll('{{unique}}', unique) as T
  if (Array.isArray(value)) return value.map((v) => fillUnique(v, unique)) as T
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillUnique(v, unique)])) as T
  return value
}

/** Tokens already fetched in this process, per pool user: one sign-in serves every check of a run. */
const signedIn = new Map<string, Promise<UserPoolTokens>>()

/** The request with its proof of identity added (headers), as the spec at `path` says. */
export async function authenticate(spec: CheckSpec, path: string, request: OutgoingRequest, ctx: CheckContext): Promise<OutgoingRequest> {
  const sign = field(spec, `${path}.sign`)
  const bearer = field(spec, `${path}.bearer`)
  const cognito = field(spec, `${path}.cognito`) as Record<string, string> | undefined
  if (typeof bearer === 'string') return withHeader(request, 'Authorization', bearer)
  if (cognito) {
    if (!ctx.aws) throw new RequestAuthError(t('checks.auth.noTarget'))
    const login = { userPoolId: cognito.userPoolId, clientId: cognito.clientId, username: cognito.username, password: cognito.password }
    const key = JSON.stringify(login)
    let tokens = signedIn.get(key)
    if (!tokens) {
      tokens = userPoolTokens({ ...ctx.aws, fetch: ctx.fetch }, login)
      signedIn.set(key, tokens)
      tokens.catch(() => signedIn.delete(key))
    }
    try {
      const { idToken, accessToken } = await tokens
      return withHeader(request, 'Authorization', cognito.token === 'access' ? accessToken : idToken)
    } catch (error) {
      throw new RequestAuthError(t('checks.auth.signInFailed', { user: login.username, error: (error as Error).message }))
    }
  }
  if (sign === undefined || sign === false) return request
  let credentials: CredentialSource
  if (sign === true) {
    if (!ctx.aws) throw new RequestAuthError(t('checks.auth.noTarget'))
    credentials = ctx.aws.credentials
  } else {
    const keys = sign as Record<string, string>
    credentials = { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey }
  }
  const signed = await signRequest({
    url: new URL(request.url),
    method: request.method,
    headers: request.headers,
    body: request.body,
    region: ctx.aws?.region ?? 'us-east-1',
    credentials,
  })
  return { ...request, headers: Object.entries(signed.headers) }
}

function withHeader(request: OutgoingRequest, name: string, value: string): OutgoingRequest {
  return { ...request, headers: [...request.headers.filter(([n]) => n.toLowerCase() !== name.toLowerCase()), [name, value]] }
}
