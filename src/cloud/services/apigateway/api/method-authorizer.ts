/**
 * @module A method's authorizer: `authorizationType` CUSTOM needs a Lambda (TOKEN/REQUEST) authorizer of the
 * same API, COGNITO_USER_POOLS a Cognito one; `authorizationScopes` only mean something to the latter.
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_PutMethod.html
 */
import { ownValue } from '../../../core/safe-names.js'
import { badRequest, type MethodRecord, type RestApiRecord } from '../model.js'
import type { PatchOperation } from './shared.js'

export const AUTHORIZATION_TYPES = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS']
const MAX_SCOPES = 50

/** The authorizer fields a method of this type keeps, after checking them against the API's authorizers. */
export function methodAuthorizer(
  api: RestApiRecord,
  authorizationType: string,
  authorizerId: unknown,
  scopes: unknown,
): Pick<MethodRecord, 'authorizerId' | 'authorizationScopes'> {
  if (!AUTHORIZATION_TYPES.includes(authorizationType)) {
    throw badRequest(`Invalid authorization type specified. Valid options are ${AUTHORIZATION_TYPES.join(',')}`)
  }
  if (authorizationType !== 'CUSTOM' && authorizationType !== 'COGNITO_USER_POOLS') return { authorizerId: undefined, authorizationScopes: undefined }
  const authorizer = typeof authorizerId === 'string' ? ownValue(api.authorizers ?? {}, authorizerId) : undefined
  if (!authorizer) {
    throw badRequest('Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.')
  }
  const cognito = authorizer.type === 'COGNITO_USER_POOLS'
  if (cognito !== (authorizationType === 'COGNITO_USER_POOLS')) {
    throw badRequest(`Authorizer type ${authorizer.type} does not match the authorization type ${authorizationType}`)
  }
  if (scopes !== undefined && scopes !== null && (!Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string' && s !== ''))) {
    throw badRequest('Invalid authorization scopes: a list of non-empty strings is expected')
  }
  const list = Array.isArray(scopes) && scopes.length ? [...new Set(scopes as string[])] : undefined
  if (list && list.length > MAX_SCOPES) throw badRequest(`A method may list at most ${MAX_SCOPES} authorization scopes`)
  // Scopes are for Cognito access tokens; a Lambda authorizer never sees them.
  return { authorizerId: authorizer.id, authorizationScopes: cognito ? list : undefined }
}

export const isAuthorizerPatch = (field: string, op: PatchOperation): boolean =>
  (field === 'authorizerId' && op.op === 'replace') || (field === 'authorizationScopes' && (op.op === 'add' || op.op === 'remove'))

/** `replace /authorizerId`, `add|remove /authorizationScopes` (value: the scope). Checked by `methodAuthorizer`. */
export function patchMethodAuthorizer(target: MethodRecord, field: string, op: PatchOperation): void {
  if (field === 'authorizerId') {
    target.authorizerId = op.value || undefined
    return
  }
  const scope = String(op.value ?? '')
  const rest = (target.authorizationScopes ?? []).filter((s) => s !== scope)
  const next = op.op === 'add' ? [...rest, scope] : rest
  target.authorizationScopes = next.length ? next : undefined
}
